package search

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkPutOwnNew puts contacts shaped like a simulated day's (5,000
// agents, 100 queues, two attributes each) into one instance, each once,
// through PutOwn: the work of indexing a day, a contact at a time.
func BenchmarkPutOwnNew(b *testing.B) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	const n = 1 << 17
	recs := make([]Record, n)
	for i := range recs {
		r := &recs[i]
		r.ID = fmt.Sprintf("c-%08d-7d3c-4a8e-9f61-%012d", i, i)
		r.Channel, r.InitiationMethod = []string{"VOICE", "CHAT"}[i%2], "INBOUND"
		r.QueueID, r.AgentID = fmt.Sprint("q", i%100), fmt.Sprint("a", (i*7919)%5000)
		r.Attributes = map[string]string{"Language": fmt.Sprint("L", i%5), "Product": fmt.Sprint("P", i%4)}
		at := t0.Add(time.Duration(i) * 100 * time.Millisecond)
		r.Times[Initiation], r.Times[Enqueue] = at, at.Add(time.Second)
		r.Times[ConnectedToAgent], r.Times[Disconnect] = at.Add(time.Minute), at.Add(5*time.Minute)
	}
	b.ResetTimer()
	for i := 0; i < b.N; {
		x := New()
		for j := 0; j < n && i < b.N; j, i = j+1, i+1 {
			x.PutOwn("i", &recs[j], 0)
		}
	}
}
