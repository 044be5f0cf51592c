package metrics

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestHistThresholds(t *testing.T) {
	var h hist
	for _, d := range []time.Duration{0, 5 * time.Second, 5500 * time.Millisecond, 20 * time.Second, 20 * time.Second, 1200 * time.Hour} {
		h.add(d)
	}
	for _, c := range []struct {
		x         int64
		inclusive bool
		want      int64
	}{
		{1, false, 1}, {5, false, 1}, {5, true, 2}, {6, false, 3}, {20, false, 3}, {20, true, 5}, {21, false, 5}, {604800, true, 5},
	} {
		if got := h.below(c.x, c.inclusive); got != c.want {
			t.Errorf("below(%d, %v) = %d, want %d", c.x, c.inclusive, got, c.want)
		}
	}
	if s := h.stored(); !slices.Equal(s.K, []uint32{0, 10, 11, 40, 8640000}) || !slices.Equal(s.N, []uint32{1, 1, 1, 2, 1}) {
		t.Errorf("stored %v %v: one entry per distinct duration class, in order", s.K, s.N)
	}
	// A rollup's merge adds counts key by key; a stored form reads back.
	var o hist
	o.add(20 * time.Second)
	o.add(time.Second)
	o.merge(h)
	if s := o.stored(); !slices.Equal(s.K, []uint32{0, 2, 10, 11, 40, 8640000}) || !slices.Equal(s.N, []uint32{1, 1, 1, 1, 3, 1}) {
		t.Errorf("merged %v %v", s.K, s.N)
	}
	if back := histOf(o.stored()); !slices.Equal(back, o) {
		t.Errorf("read back %v, want %v", back, o)
	}
}

func TestFreeSlots(t *testing.T) {
	// "1 voice or up to 3 chats" (docs/metrics.md#the-13-real-time-metrics): 3 idle, 2 after one chat.
	p := &Profile{ID: "p", Concurrency: map[string]int{"VOICE": 1, "CHAT": 3}, AnyChannel: map[string]bool{}}
	any := &Profile{ID: "q", Concurrency: map[string]int{"VOICE": 1, "CHAT": 3}, AnyChannel: map[string]bool{"VOICE": true, "CHAT": true}}
	for _, c := range []struct {
		name    string
		a       Agent
		p       *Profile
		channel string
		want    int
	}{
		{"idle, current channel only", Agent{Status: StatusRoutable}, p, "", 3},
		{"one chat", Agent{Status: StatusRoutable, Conns: []Conn{{"CHAT", ConnConnected}}}, p, "", 2},
		{"one chat, voice row", Agent{Status: StatusRoutable, Conns: []Conn{{"CHAT", ConnConnected}}}, p, "VOICE", 0},
		{"idle, any channel", Agent{Status: StatusRoutable}, any, "", 4},
		{"ringing uses a slot", Agent{Status: StatusRoutable, Conns: []Conn{{"CHAT", ConnConnecting}}}, any, "", 3},
		{"missed blocks", Agent{Status: StatusRoutable, Conns: []Conn{{"CHAT", ConnMissed}}}, any, "", 0},
		{"custom status", Agent{Status: StatusCustom}, any, "", 0},
		{"next status pending", Agent{Status: StatusRoutable, NextPending: true, Conns: []Conn{{"CHAT", ConnACW}}}, any, "", 0},
		{"channel not enabled", Agent{Status: StatusRoutable}, p, "TASK", 0},
	} {
		if got := FreeSlots(&c.a, c.p, c.channel, nil); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

func at(s string) time.Time {
	p, _ := time.Parse("15:04:05", s)
	return day.Add(time.Duration(p.Hour())*time.Hour + time.Duration(p.Minute())*time.Minute + time.Duration(p.Second())*time.Second)
}

func sample() *History {
	h := NewHistory(0)
	h.SetAgent(at("09:58:00"), "a1", "p1", ClassIdle)
	h.AddOffer(Offer{Time: at("10:00:10"), Queue: "q1", Channel: "VOICE", Agent: "a1", Profile: "p1", Accepted: true, Step: "{}"})
	h.SetAgent(at("10:00:10"), "a1", "p1", ClassOnContact)
	h.AddSegment(Segment{Queue: "q1", Channel: "VOICE", Agent: "a1", Profile: "p1", Step: "{}", InitiationMethod: "INBOUND",
		EnqueuedAt: at("10:00:00"), ConnectedAt: at("10:00:10"), DisconnectedAt: at("10:07:00"), ACW: 10 * time.Second})
	h.SetAgent(at("10:07:10"), "a1", "p1", ClassIdle)
	return h
}

var allV1 = func() []MetricSpec {
	var out []MetricSpec
	for _, n := range HistoricalNames {
		s := MetricSpec{Name: n}
		if n == "SERVICE_LEVEL" {
			s.Threshold = 20
		}
		out = append(out, s)
	}
	return out
}()

func query(t *testing.T, h *History, now time.Time) []HistRow {
	t.Helper()
	rows, err := h.Query(HistQuery{Now: now, Intervals: []Interval{{at("09:00:00"), at("11:00:00")}}, Queues: map[string]bool{"q1": true},
		Groupings: []string{DimQueue}, Metrics: allV1, ProfileConfigs: map[string][]QueueChannel{"p1": {{"q1", "VOICE"}}}})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// What Changes hands out and Load takes back gives the same answers: the
// buckets survive a restart.
func TestChangesLoadRoundTrip(t *testing.T) {
	h := sample()
	recs := h.Changes()
	if len(recs) == 0 || !h.Pending() {
		t.Fatal("no changes")
	}
	if again := h.Changes(); !reflect.DeepEqual(again, recs) {
		t.Fatal("Changes must be repeatable until Committed")
	}
	h.Committed()
	if h.Pending() || len(h.Changes()) != 0 {
		t.Fatal("Committed must forget the changes")
	}
	r := NewHistory(0)
	for _, rec := range recs {
		if err := r.Load(rec.Value); err != nil {
			t.Fatal(err)
		}
	}
	now := at("10:12:00")
	want, got := query(t, h, now), query(t, r, now)
	if !reflect.DeepEqual(fmtRows(want), fmtRows(got)) {
		t.Fatalf("after reload\n got %v\nwant %v", fmtRows(got), fmtRows(want))
	}
	if v := fmtNum(want[0].Values[15]); v != "50" { // OCCUPANCY: 420 s on contact, 130 + 290 idle
		t.Errorf("OCCUPANCY %s", v)
	}
	if err := r.Load([]byte(`{"k":"z"}`)); err == nil {
		t.Error("unknown record kind accepted")
	}
}

func fmtRows(rows []HistRow) [][]string {
	var out [][]string
	for _, r := range rows {
		row := []string{r.Key.Queue}
		for _, v := range r.Values {
			row = append(row, fmtNum(v))
		}
		out = append(out, row)
	}
	return out
}

func TestPruneDropsOldBuckets(t *testing.T) {
	h := sample()
	// What a flush stored: every cell, and the agent.
	stored := map[string]bool{}
	for _, r := range h.Changes() {
		stored[r.Key] = true
	}
	h.Committed()
	h.Prune(at("10:00:00").Add(DefaultRetention + 6*time.Minute))
	// Deleted: exactly the stored cells of the 09:55 and 10:00 buckets.
	var want, got []string
	for k := range stored {
		if strings.HasPrefix(k, fmt.Sprintf("c/%012d/", Bucket(at("09:55:00")))) || strings.HasPrefix(k, fmt.Sprintf("c/%012d/", Bucket(at("10:00:00")))) {
			want = append(want, k)
		}
	}
	for _, r := range h.Changes() {
		if !r.Delete {
			t.Errorf("after a prune, a write of %s", r.Key)
		}
		got = append(got, r.Key)
	}
	slices.Sort(want)
	slices.Sort(got)
	if len(want) < 2 || !slices.Equal(got, want) {
		t.Fatalf("deleted %q, want the stored cells of the 09:55 and 10:00 buckets %q", got, want)
	}
	if s := h.Stats(); s.Buckets != 1 {
		t.Fatalf("%d buckets left, want the 10:05 one", s.Buckets)
	}
	// Nothing more to prune until another bucket expires; then only it.
	h.Committed()
	h.Prune(at("10:00:00").Add(DefaultRetention + 9*time.Minute))
	if h.Pending() {
		t.Fatal("a prune with nothing expired has changes")
	}
	h.Prune(at("10:05:00").Add(DefaultRetention + 6*time.Minute))
	if s := h.Stats(); s.Buckets != 0 || len(h.Changes()) == 0 {
		t.Fatalf("%d buckets left, %d changes: want the 10:05 one dropped", s.Buckets, len(h.Changes()))
	}
	// Far later (a whole scan rather than bucket by bucket): all of them.
	h = sample()
	n := len(h.Changes()) - 1 // the cells, not the agent
	h.Committed()
	h.Prune(at("10:00:00").Add(10 * DefaultRetention))
	if s := h.Stats(); s.Buckets != 0 || len(h.Changes()) != n {
		t.Fatalf("%d buckets left, %d deletes: want none left and %d", s.Buckets, len(h.Changes()), n)
	}
}

func TestBucketAlignment(t *testing.T) {
	if !Aligned(at("10:05:00")) || Aligned(at("10:05:01")) || Aligned(at("10:05:00").Add(time.Millisecond)) || Aligned(at("10:07:00")) {
		t.Error("Aligned")
	}
	before := time.Unix(-1, 0)
	if Bucket(before) != -1 || !BucketStart(Bucket(at("10:07:30"))).Equal(at("10:05:00")) {
		t.Error("Bucket")
	}
}

func TestStepWithAgentIsRefused(t *testing.T) {
	_, err := NewHistory(0).Query(HistQuery{V2: true, Steps: map[string]bool{"x": true}, Groupings: []string{DimAgent}, Metrics: []MetricSpec{{Name: "CONTACTS_HANDLED"}}})
	if err == nil {
		t.Fatal("ROUTING_STEP_EXPRESSION with AGENT accepted")
	}
}
