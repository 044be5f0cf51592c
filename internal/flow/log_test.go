package flow

import (
	"encoding/json"
	"testing"
	"time"
)

// A compact Log gives back, in JSON, exactly the entries appended to it,
// in their time zones and out of nanoseconds' range too; entries of the
// same block with the same outcome share one record, entries whose
// parameters are their own keep them.
func TestCompactLogKeepsEntries(t *testing.T) {
	f := mustParse(t, doc("s",
		act("s", TypeUpdateContactAttributes, obj{"Attributes": obj{"tier": "gold"}}, "d"),
		act("d", TypeUpdateContactAttributes, obj{"Attributes": obj{"copy": "$.Attributes.name"}}, "bye"),
		act("bye", TypeDisconnectParticipant, nil, ""),
	))
	paris := time.FixedZone("CET", 3600)
	var all []LogEntry
	var l Log
	times := []time.Time{t0, t0.Add(1500 * time.Millisecond), t0.In(paris), time.Date(1500, 1, 2, 3, 4, 5, 6, paris), time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC)}
	for i, at := range times {
		e, _ := Start(f, StartInput{Attributes: map[string]string{"name": string(rune('a' + i))}, Env: &testEnv{}}, at)
		all = append(all, e.Log...)
		l.Append(e.Log)
	}
	if l.Len() != len(all) {
		t.Fatalf("%d entries, want %d", l.Len(), len(all))
	}
	got, _ := json.Marshal(l.AppendTo(nil))
	want, _ := json.Marshal(all)
	if string(got) != string(want) {
		t.Errorf("compact log\n%s\nwant\n%s", got, want)
	}
	// Entry i*3+j is contact i's block j.
	if l.rec(0) != l.rec(3) || l.rec(2) != l.rec(5) {
		t.Error("the same block's same outcome has two records")
	}
	if l.rec(0) == l.rec(6) {
		t.Error("entries in two time zones share a record")
	}
	if l.rec(1) == l.rec(4) {
		t.Error("entries with parameters of their own share a record")
	}
}

// Records are shared per block only up to maxShapes outcomes.
func TestCompactLogBoundsShapes(t *testing.T) {
	f := mustParse(t, doc("s", act("s", TypeUpdateContactAttributes, obj{"Attributes": obj{"tier": "gold"}}, "")))
	var l Log
	for i := range 2 * maxShapes {
		e, _ := Start(f, StartInput{FlowID: string(rune('A' + i)), Env: &testEnv{}}, t0)
		l.Append(e.Log)
	}
	if n := len(f.byID["s"].shapes.list); n != maxShapes {
		t.Errorf("%d shared records, want %d", n, maxShapes)
	}
	for i, x := range l.AppendTo(nil) {
		if x.FlowID != string(rune('A'+i)) || !x.Time.Equal(t0) {
			t.Errorf("entry %d: %+v", i, x)
		}
	}
}

// An execution made after another's Release starts afresh: nothing of the
// released one's log, attributes or end shows.
func TestReleasedExecutionStartsAfresh(t *testing.T) {
	f := mustParse(t, doc("s",
		act("s", TypeUpdateContactAttributes, obj{"Attributes": obj{"tier": "gold"}}, "bye"),
		act("bye", TypeDisconnectParticipant, nil, ""),
	))
	g := mustParse(t, doc("w", act("w", "Wait", obj{"TimeLimitSeconds": "5"}, "")))
	for range 10 {
		e, r := Start(f, StartInput{Env: &testEnv{}}, t0)
		if r.Outcome != OutcomeDisconnect || len(e.Log) != 2 || e.Attributes["tier"] != "gold" {
			t.Fatalf("%+v %+v", r, e.Log)
		}
		kept := e.Log[0]
		e.Release()
		n, r := Start(g, StartInput{Contact: ContactData{Channel: "CHAT"}, Env: &testEnv{}}, t0)
		if _, done := n.Done(); done || r.Kind != ReqWait || len(n.Log) != 1 || n.Log[0].Identifier != "w" || len(n.Attributes) != 0 {
			t.Fatalf("after a release: %+v, log %+v, attributes %v", r, n.Log, n.Attributes)
		}
		if kept.Identifier != "s" || kept.Parameters["Attributes.tier"] != "gold" {
			t.Errorf("an entry read before the release changed: %+v", kept)
		}
		n.Release()
	}
}
