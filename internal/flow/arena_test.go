package flow

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"
)

// Many logs appended to in turn, some again and again across chunks, each
// give back exactly the entries appended to it (against a plain slice).
func TestArenaLogsKeepTheirEntries(t *testing.T) {
	f := mustParse(t, doc("s",
		act("s", TypeUpdateContactAttributes, obj{"Attributes": obj{"tier": "gold"}}, "d"),
		act("d", TypeUpdateContactAttributes, obj{"Attributes": obj{"copy": "$.Attributes.name"}}, "bye"),
		act("bye", TypeDisconnectParticipant, nil, ""),
	))
	rng := rand.New(rand.NewPCG(1, 2))
	const logs = 300
	var (
		ls   [logs]Log
		want [logs][]LogEntry
	)
	for step := range 3 * chunkRecs {
		i := rng.IntN(logs)
		if step%500 == 0 {
			i = 0 // one log grows big: more than a chunk
		}
		at := t0.Add(time.Duration(step) * time.Millisecond)
		if step%97 == 0 {
			at = time.Date(1500, 1, 2, 3, 4, 5, step, time.UTC)
		}
		e, _ := Start(f, StartInput{Attributes: map[string]string{"name": string(rune('a' + step%26))}, Env: &testEnv{}}, at)
		want[i] = append(want[i], e.Log...)
		ls[i].Append(e.Log)
		e.Release()
		if step%50 == 0 {
			big := make([]LogEntry, 0, 2*chunkRecs)
			if step == 1000 {
				for len(big) < chunkRecs+10 {
					big = append(big, want[i]...)
				}
				want[i] = append(want[i], big...)
				ls[i].Append(big)
			}
		}
	}
	for i := range ls {
		if ls[i].Len() != len(want[i]) {
			t.Fatalf("log %d: %d entries, want %d", i, ls[i].Len(), len(want[i]))
		}
		got, _ := json.Marshal(ls[i].AppendTo(nil))
		exp, _ := json.Marshal(want[i])
		if string(got) != string(exp) {
			t.Fatalf("log %d\n%s\nwant\n%s", i, got, exp)
		}
	}
}

// waitingResult is "waiting: " and the kind, for every kind and others.
func TestWaitingResult(t *testing.T) {
	for _, k := range []RequestKind{ReqMessage, ReqMessageLoop, ReqInput, ReqLambda, ReqLex, ReqWait, ReqEffect, ReqDone, "Other"} {
		if got := waitingResult(k); got != "waiting: "+string(k) {
			t.Errorf("waitingResult(%q) = %q", k, got)
		}
	}
}
