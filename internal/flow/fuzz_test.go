package flow

import "testing"

// FuzzParse checks that no content makes Parse or Run panic, that Parse
// either returns a flow or an *InvalidFlowError with 1 to MaxProblems
// problems, and that a parsed flow always runs to an outcome. Seeds live in
// testdata/fuzz/FuzzParse; run with go test -fuzz=FuzzParse ./internal/flow.
func FuzzParse(f *testing.F) {
	f.Add(`{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":"a","Type":"DisconnectParticipant"}]}`)
	f.Fuzz(func(t *testing.T, content string) {
		fl, err := Parse(content)
		if err != nil {
			fe, ok := err.(*InvalidFlowError)
			if !ok || len(fe.Problems) == 0 || len(fe.Problems) > MaxProblems || fl != nil {
				t.Fatalf("Parse error %T %v, flow %v", err, err, fl)
			}
			return
		}
		res := Run(fl, RunInput{Attributes: map[string]string{"a": "1", "rc": content}, Channel: "VOICE", QueueID: "q", MaxSteps: 200})
		switch res.Outcome {
		case OutcomeEnqueue, OutcomeDisconnect, OutcomeEnd, OutcomeError:
		default:
			t.Fatalf("outcome %q", res.Outcome)
		}
		if len(res.Trace) > 200 {
			t.Fatalf("ran %d actions past the limit", len(res.Trace))
		}
	})
}
