package metrics

import (
	"testing"
	"time"
)

// splitEdges leaves whole buckets (and the bucket of now) to the buckets
// and hands the partial 5 minutes at either end to the records.
func TestSplitEdges(t *testing.T) {
	at := func(s string) time.Time {
		p, _ := time.Parse("15:04:05", s)
		return time.Date(2024, 1, 1, p.Hour(), p.Minute(), p.Second(), 0, time.UTC)
	}
	iv := func(a, b string) Interval { return Interval{at(a), at(b)} }
	for _, c := range []struct {
		now         string
		span, inner Interval
		edges       []Interval
	}{
		{"12:00:00", iv("09:03:00", "09:58:00"), iv("09:05:00", "09:55:00"), []Interval{iv("09:03:00", "09:05:00"), iv("09:55:00", "09:58:00")}},
		{"12:00:00", iv("09:00:00", "09:55:00"), iv("09:00:00", "09:55:00"), nil},
		{"12:00:00", iv("09:01:00", "09:03:00"), iv("09:05:00", "09:05:00"), []Interval{iv("09:01:00", "09:03:00")}},
		{"12:00:00", iv("09:03:00", "09:10:00"), iv("09:05:00", "09:10:00"), []Interval{iv("09:03:00", "09:05:00")}},
		{"12:00:00", iv("11:50:00", "11:57:30"), iv("11:50:00", "11:55:00"), []Interval{iv("11:55:00", "11:57:30")}},
		// The bucket of now holds nothing after now: whole.
		{"11:58:00", iv("11:50:00", "11:57:30"), iv("11:50:00", "11:57:30"), nil},
		{"11:58:00", iv("11:56:00", "11:57:30"), iv("12:00:00", "12:00:00"), []Interval{iv("11:56:00", "11:57:30")}},
	} {
		n := at(c.now)
		inner, edges := splitEdges(c.span, n)
		if inner != c.inner || len(edges) != len(c.edges) {
			t.Errorf("%v (now %v): inner %v edges %v; want %v %v", c.span, n.Format("15:04"), inner, edges, c.inner, c.edges)
			continue
		}
		for i := range edges {
			if edges[i] != c.edges[i] {
				t.Errorf("%v: edges %v, want %v", c.span, edges, c.edges)
			}
		}
	}
}
