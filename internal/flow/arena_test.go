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

// Keep holds the request an execution waits for without a copy of its
// own while it waits, and a copy once it waits no more.
func TestKeepWaitingRequest(t *testing.T) {
	f := mustParse(t, doc("w", act("w", "Wait", obj{"TimeLimitSeconds": "5"}, "bye"), act("bye", TypeDisconnectParticipant, nil, "")))
	e, r := Start(f, StartInput{Contact: ContactData{Channel: "CHAT"}, Env: &testEnv{}}, t0)
	if r.Kind != ReqWait {
		t.Fatalf("%+v", r)
	}
	k := e.Keep(r)
	if got, _ := json.Marshal(*k); string(got) != string(must(json.Marshal(r))) {
		t.Errorf("kept %s, want %+v", got, r)
	}
	if n := testing.AllocsPerRun(10, func() { k = e.Keep(r) }); n != 0 {
		t.Errorf("keeping a waiting request allocates %v times", n)
	}
	done := e.Resume(Response{}, t0)
	if d := e.Keep(done); d == k || d.Kind != ReqDone || k.Kind != ReqWait {
		t.Errorf("a request the execution no longer waits for: %+v (waiting one %+v)", d, k)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
