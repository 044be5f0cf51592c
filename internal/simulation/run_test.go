package simulation

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/connect-local/connect-local/internal/scenario"
)

func runFile(t *testing.T, path string, opts Options) *Report {
	t.Helper()
	sc, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := NewTarget(sc)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(sc, tg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// A fixed seed gives identical results, run after run; another seed does
// not.
func TestFixedSeedIsRepeatable(t *testing.T) {
	for _, f := range []string{"../../examples/single-queue.yaml", "../../examples/multi-skill.yaml"} {
		a, _ := json.Marshal(runFile(t, f, Options{}))
		b, _ := json.Marshal(runFile(t, f, Options{}))
		if string(a) != string(b) {
			t.Errorf("%s: two runs with the same seed differ", f)
		}
		c, _ := json.Marshal(runFile(t, f, Options{Seed: 99}))
		if string(a) == string(c) {
			t.Errorf("%s: another seed gave the same report", f)
		}
	}
}

func TestSingleQueueDay(t *testing.T) {
	rep := runFile(t, "../../examples/single-queue.yaml", Options{})
	if testing.Verbose() {
		rep.WriteText(os.Stdout)
	}
	tot := rep.Total
	if tot.Offered < 700 || tot.Offered > 900 {
		t.Errorf("offered %d, want about 800", tot.Offered)
	}
	if tot.Handled+tot.Abandoned != tot.Offered || rep.InProgress != 0 {
		t.Errorf("handled %d + abandoned %d != offered %d (in progress %d)", tot.Handled, tot.Abandoned, tot.Offered, rep.InProgress)
	}
	if tot.Occupancy == nil || *tot.Occupancy < 30 || *tot.Occupancy > 100 {
		t.Errorf("occupancy %v", tot.Occupancy)
	}
}

func TestMultiSkillDay(t *testing.T) {
	rep := runFile(t, "../../examples/multi-skill.yaml", Options{})
	if testing.Verbose() {
		rep.WriteText(os.Stdout)
	}
	if len(rep.Queues) != 2 || rep.Total.Handled == 0 {
		t.Fatalf("queues %d handled %d", len(rep.Queues), rep.Total.Handled)
	}
}
