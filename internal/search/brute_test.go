package search

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// brute answers q the slow, obvious way, straight from docs/search.md#searchcontacts: filter
// every record, sort, cap. It shares nothing with the index but Tokens.
func brute(recs map[string]Record, q Query) []string {
	ms := func(t time.Time) (int64, bool) {
		if t.IsZero() {
			return 0, false
		}
		return t.UnixMilli(), true
	}
	in := func(t time.Time, r TimeRange) bool {
		v, ok := ms(t)
		return ok && v >= r.Start.UnixMilli() && v <= r.End.UnixMilli()
	}
	combineB := func(oks []bool, m MatchType) bool {
		n := 0
		for _, ok := range oks {
			if ok {
				n++
			}
		}
		switch m {
		case MatchAny:
			return n > 0
		case MatchNone:
			return n == 0
		default:
			return n == len(oks)
		}
	}
	anyOf := func(list []string, v string) bool { return len(list) == 0 || v != "" && slices.Contains(list, v) }
	var out []Record
	for _, r := range recs {
		if !in(r.Times[q.Range.Field], q.Range) {
			continue
		}
		if !q.Now.IsZero() && r.Times[Initiation].Before(q.Now.AddDate(0, -24, 0)) {
			continue
		}
		if len(q.ActiveRegions) > 0 && !slices.Contains(q.ActiveRegions, q.Region) {
			continue
		}
		if !anyOf(q.AgentIDs, r.AgentID) || !anyOf(q.QueueIDs, r.QueueID) || !anyOf(q.Channels, r.Channel) || !anyOf(q.InitiationMethods, r.InitiationMethod) {
			continue
		}
		ok := true
		for l, ids := range q.HierarchyGroups {
			g := ""
			if l < len(r.HierarchyPath) {
				g = r.HierarchyPath[l]
			}
			ok = ok && anyOf(ids, g)
		}
		if f := q.Attributes; f != nil {
			var oks []bool
			for _, c := range f.Criteria {
				if len(c.Values) == 0 {
					continue
				}
				since, conf := q.SearchableKeys[c.Key]
				v, has := r.Attributes[c.Key]
				oks = append(oks, conf && !r.Times[Initiation].Before(since) && has && slices.Contains(c.Values, v))
			}
			ok = ok && (len(oks) == 0 || combineB(oks, f.Match))
		}
		if f := q.Transcript; f != nil {
			var oks []bool
			for _, c := range f.Criteria {
				if len(c.Texts) == 0 {
					continue
				}
				var inner []bool
				for _, t := range c.Texts {
					want := Tokens(t)
					found := false
					for _, s := range r.Transcript {
						if s.Role != c.Role || len(want) == 0 {
							continue
						}
						got := Tokens(s.Content)
						if c.Match == MatchExact {
							found = found || slices.Equal(got, want)
						} else {
							found = found || strings.Contains(" "+strings.Join(got, " ")+" ", " "+strings.Join(want, " ")+" ")
						}
					}
					inner = append(inner, found)
				}
				m := c.Match
				if m == MatchExact {
					m = MatchAny
				}
				oks = append(oks, combineB(inner, m))
			}
			ok = ok && (len(oks) == 0 || combineB(oks, f.Match))
		}
		if f := q.Tags; f != nil {
			tag := func(t Tag) bool {
				v, has := r.Tags[t.Key]
				return has && (!t.HasValue || v == t.Value)
			}
			if f.Cond != nil {
				ok = ok && tag(*f.Cond)
			}
			for _, t := range f.And {
				ok = ok && tag(t)
			}
			if len(f.Or) > 0 {
				anyL := false
				for _, l := range f.Or {
					all := true
					for _, t := range l {
						all = all && tag(t)
					}
					anyL = anyL || all
				}
				ok = ok && anyL
			}
		}
		if f := q.AdditionalTimes; f != nil && len(f.Criteria) > 0 {
			var oks []bool
			for _, c := range f.Criteria {
				if c.Range != nil {
					oks = append(oks, in(r.Times[c.Range.Field], *c.Range))
				} else {
					oks = append(oks, r.Times[*c.NotExists].IsZero())
				}
			}
			ok = ok && combineB(oks, f.Match)
		}
		if ok {
			out = append(out, r)
		}
	}
	key := func(r Record) (bool, int64, string) {
		switch q.Sort.Field {
		case Channel:
			return false, 0, r.Channel
		case InitiationMethod:
			return false, 0, r.InitiationMethod
		}
		v, ok := ms(r.Times[q.Sort.Field])
		return !ok, v, ""
	}
	slices.SortFunc(out, func(a, b Record) int {
		am, an, as := key(a)
		bm, bn, bs := key(b)
		if am != bm {
			if am {
				return 1
			}
			return -1
		}
		if c := cmp.Or(cmp.Compare(an, bn), strings.Compare(as, bs)); c != 0 && !am {
			if q.Sort.Desc {
				return -c
			}
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	ids := []string{}
	for i := 0; i < len(out) && i < MaxTotal; i++ {
		ids = append(ids, out[i].ID)
	}
	return ids
}

// all pages through q and returns the IDs and every page's total.
func all(t *testing.T, x *Index, q Query) ([]string, []int) {
	t.Helper()
	var ids []string
	var totals []int
	for range MaxTotal + 2 {
		res, err := x.Search("i", q)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.IDs...)
		totals = append(totals, res.Total)
		if res.Next == nil {
			return ids, totals
		}
		if len(res.IDs) == 0 {
			t.Fatal("empty page with a NextToken")
		}
		q.After = res.Next
	}
	t.Fatal("too many pages")
	return nil, nil
}

var (
	t0    = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	words = strings.Fields("refund order late delivery thanks hello please cancel my account password reset the a card billing")
	roles = []string{"AGENT", "CUSTOMER", "SYSTEM"}
)

func randRecord(rng *rand.Rand, i int) Record {
	pick := func(p string, n int) string { return fmt.Sprintf("%s%d", p, rng.IntN(n)) }
	r := Record{ID: fmt.Sprintf("c-%05d-%x", i, rng.Uint32()), Channel: []string{"VOICE", "CHAT", "TASK"}[rng.IntN(3)],
		InitiationMethod: []string{"INBOUND", "OUTBOUND", "API", "TRANSFER"}[rng.IntN(4)], Name: strings.Join([]string{words[rng.IntN(len(words))], words[rng.IntN(len(words))]}, " "),
		Attributes: map[string]string{}, Tags: map[string]string{"env": pick("e", 2)}}
	init := t0.Add(time.Duration(rng.Int64N(int64(10 * 24 * time.Hour)))).Truncate(time.Millisecond)
	if rng.IntN(10) == 0 {
		init = t0.Add(time.Duration(rng.IntN(50)) * time.Hour) // shared timestamps
	}
	r.Times[Initiation] = init
	if rng.IntN(4) == 0 {
		r.Times[Scheduled] = init.Add(time.Duration(rng.IntN(7200)) * time.Second)
	}
	if rng.IntN(5) > 0 {
		r.QueueID = pick("q", 5)
		r.Times[Enqueue] = init.Add(time.Duration(rng.IntN(60)) * time.Second)
		if rng.IntN(3) > 0 {
			r.AgentID = pick("a", 10)
			r.HierarchyPath = []string{pick("g1-", 2), pick("g2-", 3)}[:1+rng.IntN(2)]
			r.Times[ConnectedToAgent] = r.Times[Enqueue].Add(time.Duration(rng.IntN(600)) * time.Second)
		}
	}
	if rng.IntN(4) > 0 {
		r.Times[Disconnect] = init.Add(time.Duration(1+rng.IntN(3600)) * time.Second)
	}
	if rng.IntN(6) == 0 {
		r.Times[Expiry] = init.Add(time.Duration(rng.IntN(100)) * time.Second)
	}
	for _, k := range []string{"k1", "k2", "k3"} {
		if rng.IntN(3) > 0 {
			r.Attributes[k] = pick("v", 4)
		}
	}
	if rng.IntN(3) == 0 {
		r.Tags["team"] = pick("t", 3)
	}
	if rng.IntN(3) == 0 {
		for range 1 + rng.IntN(5) {
			var sb []string
			for range 1 + rng.IntN(6) {
				sb = append(sb, words[rng.IntN(len(words))])
			}
			content := strings.Join(sb, " ")
			if rng.IntN(2) == 0 {
				content = strings.ToUpper(content[:1]) + content[1:] + "!"
			}
			r.Transcript = append(r.Transcript, Segment{Role: roles[rng.IntN(len(roles))], Content: content})
		}
	}
	return r
}

func randQuery(rng *rand.Rand) Query {
	pick := func(p string, n int) []string {
		var out []string
		for range 1 + rng.IntN(3) {
			out = append(out, fmt.Sprintf("%s%d", p, rng.IntN(n)))
		}
		return out
	}
	mt := func() MatchType { return []MatchType{"", MatchAll, MatchAny, MatchNone, MatchExact}[rng.IntN(5)] }
	f := Field(rng.IntN(numRanged))
	start := t0.Add(time.Duration(rng.IntN(12*24)-24) * time.Hour)
	q := Query{Range: TimeRange{Field: f, Start: start, End: start.Add(time.Duration(rng.IntN(12*24)) * time.Hour)},
		Now: t0.Add(30 * 24 * time.Hour), Limit: 1 + rng.IntN(100), Region: "us-east-1",
		SearchableKeys: map[string]time.Time{"k1": {}, "k2": t0.Add(5 * 24 * time.Hour)}}
	if rng.IntN(3) == 0 {
		q.Range = TimeRange{Field: f, Start: t0.Add(-time.Hour), End: t0.Add(20 * 24 * time.Hour)}
	}
	q.Sort = Sort{Field: f, Desc: true}
	if rng.IntN(2) == 0 {
		q.Sort = Sort{Field: Field(rng.IntN(int(InitiationMethod) + 1)), Desc: rng.IntN(2) == 0}
	}
	if rng.IntN(4) == 0 {
		q.QueueIDs = pick("q", 6)
	}
	if rng.IntN(4) == 0 {
		q.AgentIDs = pick("a", 11)
	}
	if rng.IntN(4) == 0 {
		q.Channels = []string{[]string{"VOICE", "CHAT", "TASK", "EMAIL"}[rng.IntN(4)]}
	}
	if rng.IntN(5) == 0 {
		q.InitiationMethods = []string{"API", "INBOUND"}[:1+rng.IntN(2)]
	}
	if rng.IntN(5) == 0 {
		q.HierarchyGroups[rng.IntN(2)] = pick(fmt.Sprintf("g%d-", 1+rng.IntN(2)), 3)
	}
	if rng.IntN(3) == 0 {
		a := &AttributeFilter{Match: mt()}
		for range 1 + rng.IntN(3) {
			a.Criteria = append(a.Criteria, AttributeCriterion{Key: fmt.Sprintf("k%d", 1+rng.IntN(3)), Values: pick("v", 5)})
		}
		q.Attributes = a
	}
	if rng.IntN(3) == 0 {
		tf := &TranscriptFilter{Match: mt()}
		for range 1 + rng.IntN(2) {
			c := TranscriptCriterion{Role: roles[rng.IntN(len(roles))], Match: mt()}
			for range 1 + rng.IntN(2) {
				w := words[rng.IntN(len(words))]
				if rng.IntN(2) == 0 {
					w += " " + words[rng.IntN(len(words))]
				}
				if rng.IntN(3) == 0 {
					w = strings.ToUpper(w)
				}
				c.Texts = append(c.Texts, w)
			}
			tf.Criteria = append(tf.Criteria, c)
		}
		q.Transcript = tf
	}
	if rng.IntN(6) == 0 {
		q.Tags = &TagFilter{Cond: &Tag{Key: "team", Value: fmt.Sprintf("t%d", rng.IntN(3)), HasValue: rng.IntN(2) == 0}}
		if rng.IntN(2) == 0 {
			q.Tags.Or = [][]Tag{{{Key: "env", Value: "e0", HasValue: true}}, {{Key: "env", Value: "e1", HasValue: true}, {Key: "team"}}}
		}
	}
	if rng.IntN(6) == 0 {
		nf := Disconnect
		q.AdditionalTimes = &TimeFilter{Match: mt(), Criteria: []TimeCondition{{NotExists: &nf},
			{Range: &TimeRange{Field: Enqueue, Start: t0, End: t0.Add(5 * 24 * time.Hour)}}}}
	}
	return q
}

func TestSearchMatchesBruteForce(t *testing.T) {
	for _, plan := range []int{0, planWalk, planCollect} {
		t.Run(fmt.Sprint("plan", plan), func(t *testing.T) {
			forcePlan = plan
			defer func() { forcePlan = 0 }()
			testBrute(t, uint64(plan))
		})
	}
}

func testBrute(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(1, seed))
	x := New()
	recs := map[string]Record{}
	slots := map[string]uint32{} // PutAt's hints
	var ids []string
	for i := range 3000 {
		r := randRecord(rng, i)
		recs[r.ID] = r
		ids = append(ids, r.ID)
		slots[r.ID] = x.PutAt("i", &r, 0)
	}
	// put re-puts r with its own hint, none, or another contact's.
	put := func(r Record) {
		hint := slots[r.ID]
		switch rng.IntN(3) {
		case 0:
			hint = 0
		case 1:
			hint = uint32(rng.IntN(len(ids) + 10))
		}
		recs[r.ID] = r
		slots[r.ID] = x.PutAt("i", &r, hint)
	}
	check := func(round int) {
		for n := range 150 {
			q := randQuery(rng)
			want := brute(recs, q)
			got, totals := all(t, x, q)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d query %d %+v: got %d ids, want %d\n got %v\nwant %v", round, n, q, len(got), len(want), head(got), head(want))
			}
			for _, tot := range totals {
				if tot != len(want) {
					t.Fatalf("round %d query %d: TotalCount %d, want %d", round, n, tot, len(want))
				}
			}
		}
	}
	check(0)
	// Change, re-put and remove records, then check again.
	for range 800 {
		id := ids[rng.IntN(len(ids))]
		if _, ok := recs[id]; !ok {
			continue
		}
		switch rng.IntN(7) {
		case 0:
			x.Remove("i", id)
			delete(recs, id)
		case 1:
			r := recs[id]
			r.QueueID, r.AgentID, r.HierarchyPath = "q1", "a3", []string{"g1-0", "g2-2"}
			r.Times[Disconnect] = r.Times[Initiation].Add(time.Hour)
			r.Transcript = []Segment{{Role: "AGENT", Content: "hello refund please"}}
			put(r)
		case 2: // unchanged
			put(recs[id])
		case 3: // one timestamp moves
			r := recs[id]
			r.Times[Disconnect] = r.Times[Initiation].Add(time.Duration(1+rng.IntN(3600)) * time.Second)
			put(r)
		case 4: // one attribute or tag moves, or the path
			r := recs[id]
			r.Attributes, r.Tags = maps.Clone(r.Attributes), maps.Clone(r.Tags)
			switch rng.IntN(3) {
			case 0:
				r.Attributes["k2"] = fmt.Sprint("v", rng.IntN(4))
			case 1:
				delete(r.Tags, "env")
			default:
				r.HierarchyPath = r.HierarchyPath[:len(r.HierarchyPath)/2]
			}
			put(r)
		default:
			r := randRecord(rng, 0)
			r.ID = id
			put(r)
		}
	}
	check(1)
	if x.Len("i") != len(recs) {
		t.Fatalf("Len = %d, want %d", x.Len("i"), len(recs))
	}
}

func head(s []string) []string { return s[:min(len(s), 8)] }

func TestResultCapAndTotal(t *testing.T) {
	x := New()
	recs := map[string]Record{}
	for i := range 10050 {
		r := Record{ID: fmt.Sprintf("c%05d", i), Channel: "TASK", InitiationMethod: "API"}
		r.Times[Initiation] = t0.Add(time.Duration(i%500) * time.Second)
		recs[r.ID] = r
		x.Put("i", r)
	}
	for _, s := range []Sort{{Initiation, true}, {Initiation, false}, {Channel, false}, {Disconnect, false}} {
		forcePlan = planCollect
		if s.Desc {
			forcePlan = planWalk
		}
		q := Query{Range: TimeRange{Initiation, t0, t0.Add(time.Hour)}, Sort: s, Limit: 100}
		got, totals := all(t, x, q)
		want := brute(recs, q)
		if len(got) != MaxTotal || !slices.Equal(got, want) {
			t.Fatalf("sort %+v: %d results (want %d, same order %v)", s, len(got), MaxTotal, slices.Equal(got, want))
		}
		if totals[0] != MaxTotal || len(totals) != 100 {
			t.Fatalf("sort %+v: totals %v…, %d pages", s, totals[0], len(totals))
		}
	}
	forcePlan = 0
}

func TestValidate(t *testing.T) {
	r := TimeRange{Initiation, t0, t0.Add(MaxWindow)}
	for _, c := range []struct {
		name string
		q    Query
		ok   bool
	}{
		{"8 weeks", Query{Range: r}, true},
		{"a moment", Query{Range: TimeRange{Disconnect, t0, t0}}, true},
		{"8 weeks and 1 ms", Query{Range: TimeRange{Initiation, t0, t0.Add(MaxWindow + time.Millisecond)}}, false},
		{"start after end", Query{Range: TimeRange{Initiation, t0.Add(time.Second), t0}}, false},
		{"expiry range", Query{Range: TimeRange{Expiry, t0, t0}}, false},
		{"bad role", Query{Range: r, Transcript: &TranscriptFilter{Criteria: []TranscriptCriterion{{Role: "BOT"}}}}, false},
		{"bad additional", Query{Range: r, AdditionalTimes: &TimeFilter{Criteria: []TimeCondition{{}}}}, false},
	} {
		if err := c.q.Validate(); (err == nil) != c.ok {
			t.Errorf("%s: err %v", c.name, err)
		}
	}
}

func TestTokens(t *testing.T) {
	for in, want := range map[string]string{
		"Hello, World!":            "hello world",
		"I don't know":             "i don't know",
		"U.S.A. costs $3.14, ok?":  "u.s.a costs 3.14 ok",
		"snake_case and CamelCase": "snake_case and camelcase",
		"order#1234-5678":          "order 1234 5678",
		"日本語 text":                 "日 本 語 text",
		"  ":                       "",
		"Ünïcödé ÉLAN":             "ünïcödé élan",
		"end.":                     "end",
		"1,000,000 and 2.5.":       "1,000,000 and 2.5",
		"it’s fine":                "it’s fine",
		"email me@example.com now": "email me example.com now",
	} {
		if got := strings.Join(Tokens(in), " "); got != want {
			t.Errorf("Tokens(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSelectiveSearchUsesIndexes: a selective search checks about as many
// entries as its most selective criterion names, not every contact.
func TestSelectiveSearchUsesIndexes(t *testing.T) {
	x := New()
	const n = 50000
	for i := range n {
		r := Record{ID: fmt.Sprintf("c%06d", i), Channel: []string{"VOICE", "CHAT", "TASK"}[i%3], InitiationMethod: "API",
			QueueID: fmt.Sprintf("q%d", i%100), AgentID: fmt.Sprintf("a%d", i%1000), Attributes: map[string]string{"tier": fmt.Sprint(i % 50)}}
		r.Times[Initiation] = t0.Add(time.Duration(i) * time.Minute)
		if i%10 == 0 {
			r.Transcript = []Segment{{Role: "CUSTOMER", Content: fmt.Sprintf("my order %d is late", i%7)}}
		}
		x.Put("i", r)
	}
	week := TimeRange{Initiation, t0, t0.Add(MaxWindow)}
	for _, c := range []struct {
		name string
		q    Query
		max  int
	}{
		{"queue", Query{Range: week, QueueIDs: []string{"q7"}}, n / 100},
		{"agent", Query{Range: week, AgentIDs: []string{"a7"}, Channels: []string{"CHAT"}}, n / 1000},
		{"attribute", Query{Range: week, Attributes: &AttributeFilter{Criteria: []AttributeCriterion{{Key: "tier", Values: []string{"3"}}}},
			SearchableKeys: map[string]time.Time{"tier": {}}}, n / 50},
		{"phrase", Query{Range: week, Transcript: &TranscriptFilter{Criteria: []TranscriptCriterion{{Role: "CUSTOMER", Texts: []string{"order 3 is"}, Match: MatchAll}}}}, n/10/7 + 1},
		{"broad, newest first", Query{Range: week, Sort: Sort{Initiation, true}, Channels: []string{"VOICE"}}, 3*MaxTotal + 3},
		{"one day", Query{Range: TimeRange{Initiation, t0, t0.Add(24 * time.Hour)}, Sort: Sort{Channel, false}}, 24*60 + 1},
	} {
		res, err := x.Search("i", c.q)
		if err != nil {
			t.Fatal(err)
		}
		if res.Examined > c.max || res.Total == 0 {
			t.Errorf("%s: examined %d entries (at most %d) for %d matches", c.name, res.Examined, c.max, res.Total)
		}
	}
}
