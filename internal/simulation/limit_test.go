package simulation

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/seed"
	"github.com/connect-local/connect-local/internal/service"
)

const hugeScenario = `
instance: {alias: huge}
setup:
  users: [{username: agent}]
workload:
  contact_types:
    - name: call
      queue: BasicQueue
      handle_time: 3m
      arrivals: {per_hour: 100000000}
`

// A workload far over the limit is refused before anything runs: nothing
// is seeded, no contact is started, no event happens.
func TestHugeWorkloadRefusedBeforeAnythingRuns(t *testing.T) {
	sc, err := scenario.Parse([]byte(hugeScenario), "huge.yaml", scenario.FilesFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	tg, err := NewTarget(sc)
	if err != nil {
		t.Fatal(err)
	}
	events := 0
	defer tg.Service.Observe(func(service.Event) { events++ })()
	started := false
	rep, err := Run(sc, tg, Options{Started: func(*seed.Result, time.Time) { started = true }})
	var se *scenario.Error
	if !errors.As(err, &se) || rep != nil {
		t.Fatalf("want the scenario refused, got report %v, error %v", rep != nil, err)
	}
	for _, want := range []string{"huge.yaml:10: workload.contact_types[0].arrivals.per_hour:", "2400000000 contacts", "1000000", "--max-simulated-contacts"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	instances, err := tg.Service.ListInstances(seed.DefaultScope, service.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if started || events != 0 || len(instances.Items) != 0 {
		t.Errorf("the run began: started %v, %d engine events, %d instances", started, events, len(instances.Items))
	}
}

// Random arrivals may pass what the workload expects; the run never starts
// more contacts than the limit, stops its arrivals there and says so.
func TestRandomArrivalsStopAtTheLimit(t *testing.T) {
	const limit = 10
	capped := 0
	for s := uint64(1); s <= 20; s++ {
		sc, err := scenario.Parse([]byte(`
instance: {alias: capped}
setup:
  users: [{username: agent}]
workload:
  duration: 1h
  drain: 0s
  contact_types:
    - {name: call, queue: BasicQueue, handle_time: 1m, arrivals: {per_hour: 6}}
    - {name: chat, queue: BasicQueue, channel: CHAT, handle_time: 1m, arrivals: {per_hour: 4}}
`), "capped.yaml", scenario.FilesFrom(nil))
		if err != nil {
			t.Fatal(err)
		}
		tg, err := NewTarget(sc)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Run(sc, tg, Options{Seed: s, MaxContacts: limit})
		if rep == nil {
			t.Fatalf("seed %d: no report: %v", s, err)
		}
		if rep.Started > limit {
			t.Fatalf("seed %d: %d contacts started, over the limit of %d", s, rep.Started, limit)
		}
		if err != nil {
			if !strings.Contains(err.Error(), "the run reached 10 arrivals") || !strings.Contains(err.Error(), "--max-simulated-contacts") || rep.Started != limit {
				t.Errorf("seed %d: %d started, error %v", s, rep.Started, err)
			}
			capped++
		}
	}
	// About half the seeds draw more than the 10 expected.
	if capped == 0 || capped == 20 {
		t.Errorf("%d of 20 seeds reached the limit; want some, not all", capped)
	}
}

// The generator draws around the count the check computes: over many
// seeds, the mean number of arrivals of a wrapping daily schedule is the
// expected count within four standard errors.
func TestArrivalsAverageTheExpectedCount(t *testing.T) {
	sc, err := scenario.Parse([]byte(`
instance: {alias: x}
workload:
  duration: 30h
  contact_types:
    - name: call
      queue: BasicQueue
      handle_time: 3m
      arrivals: {schedule: [{from: "08:00", per_hour: 10}, {from: "20:00", per_hour: 5}]}
`), "x.yaml", scenario.FilesFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	ct := &sc.Workload.ContactTypes[0]
	want := ct.ExpectedArrivals(30 * time.Hour) // 210
	const runs = 400
	total := 0
	for s := range uint64(runs) {
		a := newArrivals(ct, rand.New(rand.NewPCG(s, 1)))
		for {
			if _, ok := a.next(30 * time.Hour); !ok {
				break
			}
			total++
		}
	}
	mean := float64(total) / runs
	if se := math.Sqrt(want / runs); math.Abs(mean-want) > 4*se {
		t.Errorf("mean %.1f arrivals, expected %.1f (standard error %.2f)", mean, want, se)
	}
}
