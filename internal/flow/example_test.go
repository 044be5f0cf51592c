package flow

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// TestDocsWorkedExample keeps docs/flows.md honest: its example flow must
// parse and run as the text says.
func TestDocsWorkedExample(t *testing.T) {
	md, err := os.ReadFile("../../docs/flows.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(md), "## Worked example")
	_, rest, ok2 := strings.Cut(rest, "```json\n")
	content, _, ok3 := strings.Cut(rest, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("no worked example in docs/flows.md")
	}
	content = strings.ReplaceAll(content, "INSTANCE/queue/PRIORITY", "i/queue/PRIORITY")
	f := mustParse(t, content)
	lookup := queues(map[string]bool{"PRIORITY": false, "BasicQueue": false})
	for _, tc := range []struct {
		tier, trace, queue string
		outcome            Outcome
		full               bool
	}{
		{"gold", "greet tier gold-queue gold-priority criteria transfer", "PRIORITY", OutcomeEnqueue, false},
		{"silver", "greet tier criteria transfer", "BasicQueue", OutcomeEnqueue, false},
		{"gold", "greet tier gold-queue gold-priority criteria transfer bye", "PRIORITY", OutcomeDisconnect, true},
	} {
		l := lookup
		if tc.full {
			l = queues(map[string]bool{"PRIORITY": true})
		}
		res := Run(f, RunInput{Attributes: map[string]string{"tier": tc.tier}, QueueID: "BasicQueue", Lookup: l})
		if got := strings.Join(res.Trace, " "); got != tc.trace || res.Outcome != tc.outcome || res.QueueID != tc.queue {
			t.Errorf("tier %s: trace %q outcome %s queue %s", tc.tier, got, res.Outcome, res.QueueID)
		}
		if len(res.RoutingCriteria) != 2 || len(res.Skipped) != 1 || res.Skipped[0].Identifier != "greet" {
			t.Errorf("tier %s: criteria %v skipped %v", tc.tier, res.RoutingCriteria, res.Skipped)
		}
		if (tc.tier == "gold") != (res.QueuePriority != nil && *res.QueuePriority == 1) {
			t.Errorf("tier %s: priority %v", tc.tier, res.QueuePriority)
		}
	}
	_, err = Parse(strings.Replace(content, `"NextAction": "transfer"`, `"NextAction": "trasnfer"`, 1))
	var fe *InvalidFlowError
	if !errors.As(err, &fe) || len(fe.Problems) != 1 || fe.Problems[0] != `Action "criteria": NextAction names no action ("trasnfer").` {
		t.Fatalf("typo: %v", err)
	}
}
