package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const smallDay = `instance: {alias: cli-limit}
setup:
  users: [{username: agent}]
workload:
  duration: 1h
  drain: 0s
  contact_types:
    - name: call
      queue: BasicQueue
      handle_time: 1m
      arrivals: {per_hour: 30}
`

// connect-local simulate refuses a workload expected to start more contacts
// than --max-simulated-contacts (or its env twin) allows, naming the line,
// before anything runs; raised, the same workload runs.
func TestSimulateRefusesTooManyContacts(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "day.yaml")
	if err := os.WriteFile(file, []byte(smallDay), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "report.json")
	err := simulate([]string{file, "--quiet", "--json", out, "--max-simulated-contacts", "10"})
	if err == nil {
		t.Fatal("a workload of 30 contacts ran with a limit of 10")
	}
	for _, want := range []string{file + ":11: workload.contact_types[0].arrivals.per_hour:", "30 contacts", "10", "--max-simulated-contacts"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a report was written: %v", err)
	}

	t.Setenv("CONNECT_LOCAL_MAX_SIMULATED_CONTACTS", "10")
	if err := simulate([]string{file, "--quiet"}); err == nil || !strings.Contains(err.Error(), "--max-simulated-contacts") {
		t.Errorf("with the env twin at 10: %v", err)
	}
	if err := simulate([]string{file, "--quiet", "--json", out, "--max-simulated-contacts", "100"}); err != nil {
		t.Fatalf("with a limit of 100: %v", err)
	}
	var rep struct{ ContactsStarted int }
	b, err := os.ReadFile(out)
	if err != nil || json.Unmarshal(b, &rep) != nil || rep.ContactsStarted == 0 {
		t.Errorf("report %s, %v", b, err)
	}
}

// With the default limit, a workload of a hundred million calls an hour is
// refused at once.
func TestSimulateDefaultLimit(t *testing.T) {
	file := filepath.Join(t.TempDir(), "huge.yaml")
	if err := os.WriteFile(file, []byte(strings.Replace(smallDay, "per_hour: 30", "per_hour: 100000000", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	err := simulate([]string{file, "--quiet"})
	if err == nil || !strings.Contains(err.Error(), ":11: workload.contact_types[0].arrivals.per_hour:") || !strings.Contains(err.Error(), "100000000 contacts") ||
		!strings.Contains(err.Error(), "more than the 1000000") {
		t.Errorf("want the default limit to refuse, got %v", err)
	}
}

// --svg writes charts named after the scenario: a second scenario's run
// into the same directory keeps the first one's.
func TestSimulateSVGFilesPerScenario(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "charts")
	for _, name := range []string{"early.yaml", "late.yaml"} {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, []byte(smallDay), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := simulate([]string{file, "--quiet", "--svg", out}); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"early-service-level.svg", "early-queue-length.svg", "late-service-level.svg", "late-queue-length.svg"} {
		if b, err := os.ReadFile(filepath.Join(out, want)); err != nil || !strings.Contains(string(b), "per 15 minutes") {
			t.Errorf("%s: %v", want, err)
		}
	}
}
