package simulation

import (
	"reflect"
	"testing"
	"time"
)

// The compact records give back exactly the ContactRecords added, in
// order: times in UTC, zero, outside UnixNano's range or in another zone.
func TestRecordsRoundTrip(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 30, 0, 123456789, time.UTC)
	paris := time.FixedZone("CET", 3600)
	in := []ContactRecord{
		{Type: 1, QueueID: "q1", Queued: at, Disconnected: at.Add(time.Minute), Wait: 20 * time.Second, Answered: true},
		{Type: 0, QueueID: "q2", Queued: at, Wait: time.Second, Abandoned: true},
		{Type: 2, QueueID: "q1", Queued: at.In(paris), Disconnected: at.Add(time.Hour)},
		{Type: 3, QueueID: "q3", Queued: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), Disconnected: at},
		{Type: 1, QueueID: "q2", Queued: at.Add(time.Nanosecond), Disconnected: at.Add(2 * time.Hour)},
	}
	var rs records
	hint := int32(-1)
	for _, r := range in {
		rs.add(r, &hint)
	}
	out := rs.expand()
	if !reflect.DeepEqual(out, in) {
		t.Fatalf("expanded\n%+v\nwant\n%+v", out, in)
	}
	for i := range in {
		if out[i].Queued != in[i].Queued || out[i].Disconnected != in[i].Disconnected {
			t.Fatalf("record %d: times %v %v, want %v %v", i, out[i].Queued, out[i].Disconnected, in[i].Queued, in[i].Disconnected)
		}
	}
	if (&records{}).expand() != nil {
		t.Fatal("no records must expand to nil")
	}
}
