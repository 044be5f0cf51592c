package sdk

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// fact is everything brute force needs to know about one contact.
type fact struct {
	id, name, channel, method, queue, agent string
	times                                   map[types.SearchContactsTimeRangeType]time.Time
	path                                    []string
	attrs                                   map[string]string
	transcript                              []seg // searchable segments (complete contacts only)
	visible                                 bool
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// TestSearchContactsMatchesBruteForce makes contacts at random through the
// SDK and /_local/, then compares random searches with a brute-force
// filter over what DescribeContact says about the same contacts.
func TestSearchContactsMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	s := newSearchCenter(t, "search-random")
	s.searchableKeys("tier", "lang")
	var lateSince time.Time
	vocab := strings.Fields("refund order late parcel password reset thanks hello cancel card billing account help")
	agents := []string{"ann", "bob", "cat", "dan"}
	for i := range 90 {
		if i == 40 {
			s.searchableKeys("tier", "lang", "late")
			lateSince = s.e.clock.Now()
		}
		sp := contactSpec{name: fmt.Sprintf("r%02d", i), queue: rng.IntN(2), gap: []time.Duration{0, time.Second, 30 * time.Second, 5 * time.Minute}[rng.IntN(4)],
			talk: time.Duration(rng.IntN(300)) * time.Second, channel: []types.Channel{types.ChannelTask, types.ChannelChat, types.ChannelVoice}[rng.IntN(3)]}
		switch rng.IntN(6) {
		case 0:
			sp.end = endQueued
		case 1:
			sp.end = endAbandon
		default:
			sp.agent = agents[rng.IntN(len(agents))]
			sp.end = []string{endComplete, endComplete, endACW, endConnected}[rng.IntN(4)]
			if sp.channel == types.ChannelVoice {
				sp.end = endComplete // one voice slot: free it
			}
		}
		sp.attrs = map[string]string{}
		for _, k := range []string{"tier", "lang", "late", "color"} {
			if rng.IntN(2) == 0 {
				sp.attrs[k] = fmt.Sprintf("%s%d", k[:1], rng.IntN(3))
			}
		}
		if rng.IntN(2) == 0 {
			for range 1 + rng.IntN(4) {
				var ws []string
				for range 1 + rng.IntN(5) {
					ws = append(ws, vocab[rng.IntN(len(vocab))])
				}
				text := strings.Join(ws, " ")
				if rng.IntN(2) == 0 {
					text = strings.ToUpper(text[:1]) + text[1:] + "."
				}
				sp.transcript = append(sp.transcript, seg{[]string{"AGENT", "CUSTOMER", "SYSTEM"}[rng.IntN(3)], text})
			}
		}
		s.contact(sp)
	}
	// What the contacts look like now.
	var facts []fact
	for id, m := range s.made {
		d := s.describe(id)
		f := fact{id: id, name: m.name, channel: string(d.Channel), method: string(d.InitiationMethod), path: m.path, attrs: m.attrs,
			times: map[types.SearchContactsTimeRangeType]time.Time{types.SearchContactsTimeRangeTypeInitiationTimestamp: aws.ToTime(d.InitiationTimestamp),
				types.SearchContactsTimeRangeTypeDisconnectTimestamp: aws.ToTime(d.DisconnectTimestamp),
				types.SearchContactsTimeRangeTypeScheduledTimestamp:  aws.ToTime(d.ScheduledTimestamp)}}
		if d.QueueInfo != nil {
			f.queue = *d.QueueInfo.Id
			f.times[types.SearchContactsTimeRangeTypeEnqueueTimestamp] = *d.QueueInfo.EnqueueTimestamp
		}
		if d.AgentInfo != nil {
			f.agent = *d.AgentInfo.Id
			f.times[types.SearchContactsTimeRangeTypeConnectedToAgentTimestamp] = *d.AgentInfo.ConnectedToAgentTimestamp
		}
		if m.complete {
			f.transcript = m.transcript
		}
		f.visible = f.channel != "VOICE" || f.agent != "" || d.DisconnectTimestamp != nil
		facts = append(facts, f)
	}
	since := map[string]time.Time{"tier": T0, "lang": T0, "late": lateSince}
	end := s.e.clock.Now()

	nonEmpty, paged := 0, 0
	for n := range 120 {
		in, want := randomSearch(rng, s, facts, since, end, vocab)
		got := s.all(in)
		if !slices.Equal(got, want) {
			t.Fatalf("search %d %s:\n got %v\nwant %v", n, describeSearch(in), got, want)
		}
		if len(want) > 0 {
			nonEmpty++
		}
		if len(want) > int(*in.MaxResults) {
			paged++
		}
	}
	if nonEmpty < 40 || paged < 15 {
		t.Fatalf("only %d searches found contacts and %d took several pages: the draw is too thin", nonEmpty, paged)
	}
	t.Logf("%d of 120 searches found contacts, %d over several pages", nonEmpty, paged)
}

// randomSearch draws a search and answers it by brute force.
func randomSearch(rng *rand.Rand, s *searchCenter, facts []fact, since map[string]time.Time, end time.Time, vocab []string) (connect.SearchContactsInput, []string) {
	typ := types.SearchContactsTimeRangeType("").Values()[rng.IntN(5)]
	span := end.Sub(T0)
	from := T0.Add(time.Duration(rng.Int64N(int64(span))) - span/4).Truncate(time.Second)
	to := from.Add(time.Duration(rng.Int64N(int64(span)))).Truncate(time.Second)
	if rng.IntN(3) == 0 {
		from, to = T0.Add(-time.Hour), end.Add(time.Hour)
	}
	in := connect.SearchContactsInput{TimeRange: tr(typ, from, to), MaxResults: aws.Int32(int32(1 + rng.IntN(25))), SearchCriteria: &types.SearchCriteria{}}
	c := in.SearchCriteria
	mt := func() types.SearchContactsMatchType {
		return []types.SearchContactsMatchType{"", types.SearchContactsMatchTypeMatchAll, types.SearchContactsMatchTypeMatchAny}[rng.IntN(3)]
	}
	pickN := func(from []string) []string {
		var out []string
		for range 1 + rng.IntN(2) {
			out = append(out, from[rng.IntN(len(from))])
		}
		return out
	}
	if rng.IntN(4) == 0 {
		c.AgentIds = pickN([]string{s.agents["ann"], s.agents["bob"], s.agents["cat"], s.agents["dan"]})
	}
	if rng.IntN(4) == 0 {
		c.QueueIds = pickN(s.queues[:])
	}
	if rng.IntN(4) == 0 {
		for _, ch := range pickN([]string{"TASK", "CHAT", "VOICE"}) {
			c.Channels = append(c.Channels, types.Channel(ch))
		}
	}
	if rng.IntN(5) == 0 {
		c.InitiationMethods = []types.ContactInitiationMethod{types.ContactInitiationMethodApi}
	}
	if rng.IntN(5) == 0 {
		c.AgentHierarchyGroups = &types.AgentHierarchyGroups{L1Ids: pickN([]string{s.groups["east"], s.groups["west"]})}
		if rng.IntN(2) == 0 {
			c.AgentHierarchyGroups.L2Ids = pickN([]string{s.groups["east-1"], s.groups["east-2"]})
		}
	}
	if rng.IntN(3) == 0 {
		a := &types.SearchableContactAttributes{MatchType: mt()}
		for range 1 + rng.IntN(2) {
			k := []string{"tier", "lang", "late", "color"}[rng.IntN(4)]
			a.Criteria = append(a.Criteria, types.SearchableContactAttributesCriteria{Key: aws.String(k),
				Values: pickN([]string{k[:1] + "0", k[:1] + "1", k[:1] + "2"})})
		}
		c.SearchableContactAttributes = a
	}
	if rng.IntN(3) == 0 {
		tc := &types.Transcript{MatchType: mt()}
		for range 1 + rng.IntN(2) {
			cr := types.TranscriptCriteria{ParticipantRole: []types.ParticipantRole{"AGENT", "CUSTOMER", "SYSTEM"}[rng.IntN(3)], MatchType: mt()}
			if cr.MatchType == "" {
				cr.MatchType = types.SearchContactsMatchTypeMatchAny
			}
			for range 1 + rng.IntN(2) {
				text := vocab[rng.IntN(len(vocab))]
				if rng.IntN(2) == 0 {
					text += " " + strings.ToUpper(vocab[rng.IntN(len(vocab))])
				}
				cr.SearchText = append(cr.SearchText, text)
			}
			tc.Criteria = append(tc.Criteria, cr)
		}
		c.ContactAnalysis = &types.ContactAnalysis{Transcript: tc}
	}
	if rng.IntN(2) == 0 {
		in.Sort = &types.Sort{FieldName: types.SortableFieldName("").Values()[rng.IntN(6)], Order: []types.SortOrder{"ASCENDING", "DESCENDING"}[rng.IntN(2)]}
	}

	// Brute force, straight from docs/search.md#searchcontacts.
	oneOf := func(list []string, v string) bool { return len(list) == 0 || v != "" && slices.Contains(list, v) }
	combineB := func(oks []bool, m types.SearchContactsMatchType) bool {
		if m == types.SearchContactsMatchTypeMatchAny {
			return slices.Contains(oks, true)
		}
		return !slices.Contains(oks, false)
	}
	var hits []fact
	for _, f := range facts {
		ts, ok := f.times[typ]
		if !f.visible || !ok || ts.IsZero() || ts.Before(from) || ts.After(to) {
			continue
		}
		chans := make([]string, len(c.Channels))
		for i, ch := range c.Channels {
			chans[i] = string(ch)
		}
		meths := []string{}
		for _, m := range c.InitiationMethods {
			meths = append(meths, string(m))
		}
		if !oneOf(c.AgentIds, f.agent) || !oneOf(c.QueueIds, f.queue) || !oneOf(chans, f.channel) || !oneOf(meths, f.method) {
			continue
		}
		if g := c.AgentHierarchyGroups; g != nil {
			level := func(i int) string {
				if i < len(f.path) {
					return f.path[i]
				}
				return ""
			}
			if !oneOf(g.L1Ids, level(0)) || !oneOf(g.L2Ids, level(1)) {
				continue
			}
		}
		if a := c.SearchableContactAttributes; a != nil {
			var oks []bool
			for _, cr := range a.Criteria {
				from, conf := since[*cr.Key]
				v, has := f.attrs[*cr.Key]
				oks = append(oks, conf && !f.times[types.SearchContactsTimeRangeTypeInitiationTimestamp].Before(from) && has && slices.Contains(cr.Values, v))
			}
			if !combineB(oks, a.MatchType) {
				continue
			}
		}
		if ca := c.ContactAnalysis; ca != nil {
			var oks []bool
			for _, cr := range ca.Transcript.Criteria {
				var inner []bool
				for _, text := range cr.SearchText {
					phrase := " " + strings.Join(words(text), " ") + " "
					found := false
					for _, sg := range f.transcript {
						found = found || sg.Role == string(cr.ParticipantRole) && strings.Contains(" "+strings.Join(words(sg.Content), " ")+" ", phrase)
					}
					inner = append(inner, found)
				}
				oks = append(oks, combineB(inner, cr.MatchType))
			}
			if !combineB(oks, ca.Transcript.MatchType) {
				continue
			}
		}
		hits = append(hits, f)
	}
	field, desc := types.SortableFieldName(typ), true
	if in.Sort != nil {
		field, desc = in.Sort.FieldName, in.Sort.Order == types.SortOrderDescending
	}
	key := func(f fact) (string, bool) {
		switch field {
		case types.SortableFieldNameChannel:
			return f.channel, true
		case types.SortableFieldNameInitiationMethod:
			return f.method, true
		}
		t := f.times[types.SearchContactsTimeRangeType(field)]
		return fmt.Sprintf("%020d", t.UnixMilli()), !t.IsZero()
	}
	slices.SortFunc(hits, func(a, b fact) int {
		ka, oka := key(a)
		kb, okb := key(b)
		switch {
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		case oka && ka != kb:
			c := strings.Compare(ka, kb)
			if desc {
				c = -c
			}
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	names := []string{}
	for _, f := range hits {
		names = append(names, f.name)
	}
	return in, names
}

func describeSearch(in connect.SearchContactsInput) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s..%s max %d", in.TimeRange.Type, in.TimeRange.StartTime.Format(time.TimeOnly), in.TimeRange.EndTime.Format(time.TimeOnly), *in.MaxResults)
	if in.Sort != nil {
		fmt.Fprintf(&b, " sort %s %s", in.Sort.FieldName, in.Sort.Order)
	}
	fmt.Fprintf(&b, " criteria %+v", *in.SearchCriteria)
	if a := in.SearchCriteria.SearchableContactAttributes; a != nil {
		fmt.Fprintf(&b, " attrs %s", a.MatchType)
		for _, c := range a.Criteria {
			fmt.Fprintf(&b, " %s=%v", *c.Key, c.Values)
		}
	}
	if ca := in.SearchCriteria.ContactAnalysis; ca != nil {
		fmt.Fprintf(&b, " transcript %s %+v", ca.Transcript.MatchType, ca.Transcript.Criteria)
	}
	return b.String()
}
