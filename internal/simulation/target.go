package simulation

import (
	"io"
	"log/slog"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/seed"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/storage"
)

// Target is the engine a run drives: a service, the virtual clock it runs
// on, and the scope the scenario's instance lives in.
type Target struct {
	Service *service.Service
	Clock   *clock.Virtual
	Scope   service.Scope
}

// NewTarget builds an in-process engine for one run: a memory store, a
// virtual clock standing at the workload's start, quotas that fit the
// scenario, and IDs counted up from 1 in UUID form. Counted IDs make runs
// repeatable: routing breaks ties by contact and user ID (docs/routing.md#tie-breaks-key-5,
// docs/routing.md#agent-selection), and they sort in creation order.
func NewTarget(sc *scenario.Scenario) (Target, error) {
	start := scenario.DefaultStart
	if sc.Workload != nil {
		start = sc.Workload.Start
	}
	ids := &countedIDs{}
	vc := clock.NewVirtual(start)
	svc, err := service.New(service.Options{
		Store:  storage.NewMemory(),
		Clock:  vc,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		NewID:  ids.next,
		Quotas: seed.Quotas(sc, service.Quotas{}),
	})
	if err != nil {
		return Target{}, err
	}
	return Target{Service: svc, Clock: vc, Scope: seed.DefaultScope}, nil
}
