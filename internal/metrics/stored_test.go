package metrics

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"
)

var updateStored = flag.Bool("update-stored", false, "rewrite testdata/stored.golden from the current code")

// storedSample records facts that fill every layout and every field of a
// cell: two queues and channels, two agents and profiles, steps, answers
// and abandons at several waits, transfers, holds, misses, agent time in
// each class across bucket boundaries.
func storedSample() *History { return fillSample(NewHistory(0)) }

func fillSample(h *History) *History {
	h.SetAgent(at("09:50:00"), "a1", "p1", ClassIdle)
	h.SetAgent(at("09:52:30"), "a2", "p2", ClassNPT)
	h.SetAgent(at("09:56:00"), "a2", "p2", ClassIdle)
	steps := []string{"", `{"AttributeCondition":{"Name":"Language"}}`, "{}"}
	methods := []string{"INBOUND", "TRANSFER", "QUEUE_TRANSFER", "OUTBOUND", "CALLBACK", "API"}
	reasons := []string{"CUSTOMER_DISCONNECT", "AGENT_DISCONNECT", "TRANSFERRED", "CUSTOMER_DISCONNECT"}
	for i := range 24 {
		queue, channel := []string{"q1", "q2"}[i%2], []string{"VOICE", "CHAT"}[i/2%2]
		agent, profile := []string{"a1", "a2"}[i/3%2], []string{"p1", "p2"}[i/3%2]
		enq := at("09:55:00").Add(time.Duration(i) * 47 * time.Second)
		wait := time.Duration(i%7)*3*time.Second + time.Duration(i%3)*250*time.Millisecond
		seg := Segment{Queue: queue, Channel: channel, Step: steps[i%3], InitiationMethod: methods[i%len(methods)],
			DisconnectReason: reasons[i%len(reasons)], EnqueuedAt: enq, FromQueue: i%5 == 0}
		if i%4 == 3 { // abandoned (or transferred out of the queue)
			seg.DisconnectedAt = enq.Add(wait)
		} else {
			seg.Agent, seg.Profile = agent, profile
			seg.ConnectedAt = enq.Add(wait)
			seg.DisconnectedAt = seg.ConnectedAt.Add(time.Duration(60+i*13) * time.Second)
			seg.ACW = time.Duration(i%4) * 5 * time.Second
			if i%3 == 1 {
				seg.Held, seg.Hold, seg.DisconnectedOnHold = true, 12*time.Second, i%2 == 1
			}
			h.AddOffer(Offer{Time: enq.Add(wait / 2), Queue: queue, Channel: channel, Step: steps[i%3], Agent: agent, Profile: profile})
			h.AddOffer(Offer{Time: seg.ConnectedAt, Queue: queue, Channel: channel, Step: steps[i%3], Agent: agent, Profile: profile, Accepted: true})
			h.SetAgent(seg.ConnectedAt, agent, profile, ClassOnContact)
			h.SetAgent(seg.DisconnectedAt.Add(seg.ACW), agent, profile, ClassIdle)
		}
		if i%6 == 5 {
			seg.EnqueuedAt = time.Time{} // never queued
		}
		h.AddSegment(seg)
	}
	h.SetAgent(at("10:20:00"), "a1", "p1", ClassOffline)
	return h
}

func encodeRecords(recs []Record) []byte {
	var b bytes.Buffer
	for _, r := range recs {
		fmt.Fprintf(&b, "%s\t%s\n", r.Key, r.Value)
	}
	return b.Bytes()
}

// The stored records (the metrics bucket's keys and values, schema.go in
// internal/service) keep the format of testdata/stored.golden, written by
// the code before cells were keyed by interned IDs: what a store already
// holds loads, and what is written now is the same bytes.
func TestStoredFormat(t *testing.T) {
	h := storedSample()
	got := encodeRecords(h.Changes())
	if *updateStored {
		if err := os.WriteFile("testdata/stored.golden", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/stored.golden")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("stored records differ from testdata/stored.golden:\n got %s\nwant %s", got, want)
	}
	// The golden records load into an empty history that answers every
	// query as the one that wrote them.
	r := NewHistory(0)
	for line := range strings.Lines(string(want)) {
		_, v, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		if !ok {
			t.Fatalf("bad golden line %q", line)
		}
		if err := r.Load([]byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	now := at("10:30:00")
	for _, g := range [][]string{{DimQueue}, {DimQueue, DimChannel}, {DimProfile}, {DimAgent}, {DimStep}, {DimQueue, DimChannel, DimProfile, DimAgent}} {
		for _, v2 := range []bool{false, true} {
			q := HistQuery{Now: now, V2: v2, Intervals: []Interval{{at("09:00:00"), at("10:30:00")}, {at("09:55:00"), at("10:05:00")}},
				Groupings: g, ProfileConfigs: map[string][]QueueChannel{"p1": {{"q1", "VOICE"}, {"q2", "CHAT"}}, "p2": {{"q2", "VOICE"}}}}
			names := HistoricalNames
			if v2 {
				names = nil
				for n := range V2 {
					names = append(names, n)
				}
				slices.Sort(names)
			}
			for _, n := range names {
				q.Metrics = append(q.Metrics, MetricSpec{Name: n, Threshold: 7, Inclusive: v2})
			}
			want, err1 := h.Query(q)
			got, err2 := r.Query(q)
			if err1 != nil || err2 != nil {
				if fmt.Sprint(err1) != fmt.Sprint(err2) {
					t.Fatalf("%v v2=%v: errors %v and %v", g, v2, err1, err2)
				}
				continue
			}
			if len(want) == 0 {
				t.Fatalf("%v v2=%v: no rows", g, v2)
			}
			if !reflect.DeepEqual(rowStrings(want), rowStrings(got)) {
				t.Errorf("%v v2=%v: after loading the golden records\n got %v\nwant %v", g, v2, rowStrings(got), rowStrings(want))
			}
		}
	}
}

func rowStrings(rows []HistRow) []string {
	var out []string
	for _, r := range rows {
		s := fmt.Sprintf("%+v %d", r.Key, r.Interval)
		for _, v := range r.Values {
			if v == nil {
				s += " -"
			} else {
				s += " " + strconv.FormatFloat(*v, 'g', -1, 64)
			}
		}
		out = append(out, s)
	}
	return out
}

// Buckets the clock has left behind are settled (sorted, no index), and a
// late fact still finds its cell there or makes one; the answers are those
// of the same facts recorded while every bucket was current.
func TestSettledBuckets(t *testing.T) {
	late := Segment{Queue: "q1", Channel: "VOICE", Agent: "a9", Profile: "p1", Step: "{}", InitiationMethod: "INBOUND",
		EnqueuedAt: at("09:55:00"), ConnectedAt: at("09:55:30"), DisconnectedAt: at("09:58:00")}
	again := late
	again.Agent, again.Profile = "a1", "p1" // a cell the bucket has already
	early := NewHistory(0)
	early.hot = math.MaxInt32 // every bucket keeps its index: no settling
	fillSample(early)
	early.AddSegment(late)
	early.AddSegment(again)

	h := storedSample()
	h.AddOffer(Offer{Time: at("11:00:00"), Queue: "q2", Channel: "CHAT", Agent: "a2", Profile: "p2"}) // the clock moves on
	bk := h.buckets[Bucket(at("09:55:00"))]
	for l := range bk.contact {
		s := &bk.contact[l]
		if s.at != nil || !slices.IsSortedFunc(s.keys, dims.compare) || s.cells != nil || len(s.packed.mask) != len(s.keys) {
			t.Fatalf("layout %d of a bucket an hour old is not settled", l)
		}
	}
	if len(early.open) == 0 || early.buckets[Bucket(at("09:55:00"))].contact[layoutAgent].at == nil {
		t.Fatal("the reference settled")
	}
	if bk.time[timeAgent].at != nil {
		t.Fatal("agent time of a bucket an hour old is not settled")
	}
	h.AddSegment(late)
	h.AddSegment(again)
	if bk.contact[layoutAgent].at == nil {
		t.Fatal("a cell made in a settled bucket: no index until the next settle")
	}
	h.AddOffer(Offer{Time: at("11:20:00"), Queue: "q2", Channel: "CHAT", Agent: "a2", Profile: "p2"})
	if bk.contact[layoutAgent].at != nil {
		t.Fatal("not settled again")
	}
	early.AddOffer(Offer{Time: at("11:00:00"), Queue: "q2", Channel: "CHAT", Agent: "a2", Profile: "p2"})
	early.AddOffer(Offer{Time: at("11:20:00"), Queue: "q2", Channel: "CHAT", Agent: "a2", Profile: "p2"})

	wantRecs, gotRecs := encodeRecords(early.Changes()), encodeRecords(h.Changes())
	if !bytes.Equal(gotRecs, wantRecs) {
		t.Errorf("records differ:\n got %s\nwant %s", gotRecs, wantRecs)
	}
	for _, g := range [][]string{{DimQueue}, {DimAgent}, {DimProfile}, {DimStep}} {
		q := HistQuery{Now: at("11:30:00"), V2: true, Intervals: []Interval{{at("09:00:00"), at("11:30:00")}, {at("09:55:00"), at("10:00:00")}},
			Groupings: g, Metrics: []MetricSpec{{Name: "CONTACTS_HANDLED"}, {Name: "AVG_HANDLE_TIME"}, {Name: "CONTACTS_MISSED"},
				{Name: "SERVICE_LEVEL", Threshold: 30}, {Name: "SUM_ONLINE_TIME_AGENT"}}}
		want, _ := early.Query(q)
		got, err := h.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rowStrings(got), rowStrings(want)) {
			t.Errorf("%v:\n got %v\nwant %v", g, rowStrings(got), rowStrings(want))
		}
	}
}

// Packing keeps every field of a cell to the bit, whichever are zero.
func TestPackedCells(t *testing.T) {
	var cells []cell
	for i := range 200 {
		var c cell
		for j, f := range c.counts() {
			if (i>>(j%8))&1 == 1 || i%7 == j%7 {
				*f = uint32(i*31 + j)
			}
		}
		for j, f := range c.sums() {
			switch (i + j) % 4 {
			case 1:
				*f = float64(i) / 7
			case 2:
				*f = math.Copysign(0, -1)
			case 3:
				*f = math.SmallestNonzeroFloat64 * float64(j+1)
			}
		}
		cells = append(cells, c)
	}
	cells = append(cells, cell{}, cell{Accepted: math.MaxUint32})
	var p packedCells
	for i := range cells {
		p.add(&cells[i])
	}
	for i, want := range cells {
		got := p.at(i)
		for j, f := range got.sums() {
			if math.Float64bits(*f) != math.Float64bits(*want.sums()[j]) {
				t.Fatalf("cell %d sum %d: %v, want %v", i, j, *f, *want.sums()[j])
			}
		}
		if !reflect.DeepEqual(derefCounts(got), derefCounts(want)) {
			t.Fatalf("cell %d: %+v, want %+v", i, got, want)
		}
	}
	if len(p.words) >= len(cells)*int(unsafe.Sizeof(cell{}))/4 {
		t.Errorf("%d words packed for %d cells: no smaller", len(p.words), len(cells))
	}
}

func derefCounts(c cell) (out [numCounts]uint32) {
	for i, f := range c.counts() {
		out[i] = *f
	}
	return out
}

// An agent's time reaches back to when its state began, hours for an agent
// whose chats overlap: the settled buckets it spans get the agent's cells
// in key order and stay settled (no index rebuilt), and the records and
// answers are those of the same facts recorded while every bucket was
// current.
func TestLateAgentTimeKeepsBucketsSettled(t *testing.T) {
	feed := func(h *History) {
		h.SetAgent(at("08:00:00"), "a5", "p1", ClassOnContact) // until 11:10
		for i := range 40 {
			tm := at("08:00:00").Add(time.Duration(i) * 5 * time.Minute)
			agent := []string{"a1", "a9"}[i%2]
			h.SetAgent(tm, agent, "p1", []Class{ClassIdle, ClassOnContact, ClassNPT}[i%3])
			h.AddOffer(Offer{Time: tm, Queue: "q1", Channel: "CHAT", Agent: agent, Profile: "p1"})
		}
		h.SetAgent(at("11:10:00"), "a5", "p1", ClassIdle)
	}
	early := NewHistory(0)
	early.hot = math.MaxInt32 // every bucket keeps its index: no settling
	feed(early)
	h := NewHistory(0)
	feed(h)
	for _, b := range []string{"08:30:00", "09:15:00", "10:00:00"} {
		s := &h.buckets[Bucket(at(b))].time[timeAgent]
		var keys []dims
		s.each(func(d dims, _ *TimeCell) { keys = append(keys, d) })
		if s.at != nil || !slices.IsSortedFunc(s.keys, dims.compare) || !slices.IsSortedFunc(keys, dims.compare) || len(keys) != 3 {
			t.Fatalf("agent time of %s: index %v, keys %v; want settled with a1, a5, a9", b, s.at != nil, keys)
		}
	}
	if wantRecs, gotRecs := encodeRecords(early.Changes()), encodeRecords(h.Changes()); !bytes.Equal(gotRecs, wantRecs) {
		t.Errorf("records differ:\n got %s\nwant %s", gotRecs, wantRecs)
	}
	for _, g := range [][]string{{DimAgent}, {DimProfile}} {
		q := HistQuery{Now: at("11:30:00"), V2: true, Intervals: []Interval{{at("08:00:00"), at("11:30:00")}, {at("08:30:00"), at("08:35:00")}},
			Groupings: g, Metrics: []MetricSpec{{Name: "SUM_ONLINE_TIME_AGENT"}, {Name: "SUM_CONTACT_TIME_AGENT"}, {Name: "SUM_IDLE_TIME_AGENT"},
				{Name: "SUM_NON_PRODUCTIVE_TIME_AGENT"}, {Name: "AGENT_OCCUPANCY"}}}
		want, _ := early.Query(q)
		got, err := h.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rowStrings(got), rowStrings(want)) || len(got) == 0 {
			t.Errorf("%v:\n got %v\nwant %v", g, rowStrings(got), rowStrings(want))
		}
	}
}
