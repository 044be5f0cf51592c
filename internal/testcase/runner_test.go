package testcase

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/invoke"
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func runFile(t *testing.T, w *FileWorld, name string) *Result {
	t.Helper()
	spec, err := ReadSpec(filepath.Join("testdata", "cases", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	tc, err := Parse(spec.Content)
	if err != nil {
		t.Fatal(err)
	}
	flowID, channel, src, dst := spec.FlowID()
	return Run(tc, Options{World: w, FlowID: flowID, Channel: channel, SourcePhone: src, DestinationPhone: dst,
		ContactID: "test-" + name, Start: start, InitializationData: spec.InitializationData})
}

func world(t *testing.T) *FileWorld {
	flows, err := LoadFlows(filepath.Join("testdata", "flows"))
	if err != nil {
		t.Fatal(err)
	}
	return &FileWorld{Flows: flows}
}

func statuses(r *Result) string {
	var s []string
	for _, o := range r.Observations {
		s = append(s, o.Identifier+"="+o.Status)
	}
	return strings.Join(s, " ")
}

func TestRunCases(t *testing.T) {
	w := world(t)
	for _, tc := range []struct {
		file, status, observations string
	}{
		{"docs-example", StatusPassed, "StartHours=PASSED Welcome=PASSED Queued=PASSED"},
		{"closed", StatusPassed, "Start=PASSED ClosedMessage=PASSED Done=PASSED"},
		{"lambda-gold-full", StatusPassed, "Start=PASSED Lookup=PASSED Menu=PASSED Callback=PASSED"},
		{"menu-timeout", StatusFailed, "Menu=PASSED Bye=FAILED"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r := runFile(t, w, tc.file)
			if r.Status != tc.status || statuses(r) != tc.observations {
				t.Fatalf("status %s (%s), want %s (%s); failures %+v; log %+v", r.Status, statuses(r), tc.status, tc.observations, r.Observations, r.Log)
			}
		})
	}
	// The menu's timeout moved the virtual clock by its 5 seconds, and the
	// closed case logged its data.
	if r := runFile(t, w, "menu-timeout"); r.EndTime.Sub(r.StartTime) != 5*time.Second || r.Outcome != "DISCONNECT" {
		t.Errorf("timeline %v outcome %s", r.EndTime.Sub(r.StartTime), r.Outcome)
	}
	if r := runFile(t, w, "closed"); r.Observations[2].Logged["caller"] != "+15550100" {
		t.Errorf("logged %v", r.Observations[2].Logged)
	}
}

// A real Lambda, served by a local Lambda-API server, steers the flow.
func TestRunWithLambdaServer(t *testing.T) {
	var event struct {
		Name    string
		Details struct {
			ContactData struct{ ContactId string }
			Parameters  map[string]string
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "function:customer-lookup/invocations") {
			http.NotFound(w, r)
			return
		}
		_ = json.NewDecoder(r.Body).Decode(&event)
		_, _ = w.Write([]byte(`{"tier":"platinum"}`))
	}))
	defer srv.Close()
	w := world(t)
	w.Lambda = invoke.New(invoke.Options{Endpoint: srv.URL})
	r := runFile(t, w, "menu-timeout")
	// With the function answering, $.Attributes.tier exists and the case passes.
	if r.Status != StatusPassed {
		t.Fatalf("%s %+v", r.Status, r.Observations)
	}
	if event.Name != "ContactFlowEvent" || event.Details.ContactData.ContactId != "test-menu-timeout" || event.Details.Parameters["caller"] != "+15550100" {
		t.Errorf("event %+v", event)
	}
}

func TestParseProblems(t *testing.T) {
	for content, want := range map[string]string{
		`{"Version":"2020-01-01","Observations":[]}`:                                                                                             "not supported",
		`{"Version":"2025-06-21","Observations":[{"Identifier":"a","Event":{"Type":"Nope"}}]}`:                                                   "Event Type",
		`{"Version":"2025-06-21","Observations":[{"Identifier":"a","Event":{"Type":"TestInitiated"},"Transitions":{"NextObservations":["b"]}}]}`: "names no observation",
		`{"Version":"2025-06-21","Observations":[{"Identifier":"a","Event":{"Type":"TestInitiated"},"Actions":[{"Identifier":"x","Type":"Assert","Parameters":{"Namespace":"$.Attributes.a","Operator":"Like"}}]}]}`: "Operator",
		`not json`: "not valid",
	} {
		_, err := Parse(content)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%s) = %v, want %q", content, err, want)
		}
	}
}

func TestJUnit(t *testing.T) {
	w := world(t)
	var b bytes.Buffer
	if err := WriteJUnit(&b, []Suite{{Name: "ok", Result: runFile(t, w, "closed")}, {Name: "bad", Result: runFile(t, w, "menu-timeout")}, {Name: "broken", Error: "no such flow"}}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`<testsuites tests="6" failures="1" errors="1">`, `<testsuite name="bad" tests="2" failures="1"`, `type="FAILED"`, `caller = +15550100`} {
		if !strings.Contains(out, want) {
			t.Errorf("JUnit lacks %q:\n%s", want, out)
		}
	}
}

// Stop ends a run STOPPED before its next step: here before the menu is
// said, so neither observation is made and both are STOPPED.
func TestRunStops(t *testing.T) {
	spec, err := ReadSpec(filepath.Join("testdata", "cases", "menu-timeout.json"))
	if err != nil {
		t.Fatal(err)
	}
	tc, err := Parse(spec.Content)
	if err != nil {
		t.Fatal(err)
	}
	flowID, _, _, _ := spec.FlowID()
	steps := 0
	r := Run(tc, Options{World: world(t), FlowID: flowID, ContactID: "stopped", Start: start,
		Stop: func() bool { steps++; return steps > 1 }})
	if r.Status != StatusStopped || statuses(r) != "Menu=STOPPED Bye=STOPPED" || r.EndTime != start {
		t.Fatalf("stopped run: %s %s", r.Status, statuses(r))
	}
}
