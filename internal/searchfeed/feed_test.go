package searchfeed_test

import (
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/search"
	"github.com/connect-local/connect-local/internal/searchfeed"
	"github.com/connect-local/connect-local/internal/seed"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/simulation"
	"github.com/connect-local/connect-local/internal/storage"
)

// eager is the index as it was fed before deferral: every change of a
// contact, at once (a ContactIndexer is handed each change at flush).
type eager struct{ ix *search.Index }

func (e eager) IndexContact(instanceID string, c *engine.Contact, agentPath []string) {
	if !searchfeed.Visible(c) {
		e.ix.Remove(instanceID, c.ID)
		return
	}
	e.ix.Put(instanceID, searchfeed.Record(c, agentPath))
}

func (e eager) DropInstance(instanceID string) { e.ix.DropInstance(instanceID) }

// A simulated day's changes interleaved with searches: with a queue small
// enough that writes index it many times over, every SearchContacts
// answers what an index fed every change at once answers, page by page
// and in total.
func TestDeferredIndexAnswersAsEager(t *testing.T) {
	bound, chunk := searchfeed.Bound, searchfeed.Chunk
	searchfeed.Bound, searchfeed.Chunk = 24, 7
	defer func() { searchfeed.Bound, searchfeed.Chunk = bound, chunk }()
	sc, err := scenario.Parse([]byte(`
instance: {alias: feed}
setup:
  users:
    - {username: "a-{n}", count: 4}
workload:
  duration: 3h
  contact_types:
    - name: call
      queue: BasicQueue
      arrivals: {per_hour: 50}
      handle_time: {dist: exponential, mean: 4m}
      patience: {dist: exponential, mean: 2m}
      attributes: {product: router}
      transcripts:
        - - {role: CUSTOMER, text: "I want a refund for my {product}."}
          - {role: AGENT, text: "Your refund is on its way."}
        - - {role: CUSTOMER, text: "Where is my order?"}
          - {role: AGENT, text: "Your order ships today."}
    - name: chat
      queue: BasicQueue
      channel: CHAT
      arrivals: {per_hour: 30}
      handle_time: {dist: exponential, mean: 6m}
      patience: {dist: exponential, mean: 3m}
`), "feed.yaml", scenario.FilesFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	ref := eager{search.New()}
	var n atomic.Uint64
	vc := clock.NewVirtual(sc.Workload.Start)
	svc, err := service.New(service.Options{Store: storage.NewMemory(), Clock: vc, Indexers: []service.ContactIndexer{ref},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Quotas: seed.Quotas(sc, service.Quotas{}),
		NewID: func() string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n.Add(1)) }})
	if err != nil {
		t.Fatal(err)
	}
	tg := simulation.Target{Service: svc, Clock: vc, Scope: seed.DefaultScope}
	var instanceID string
	var agents []string
	checks, nonEmpty := 0, 0
	compare := func(start time.Time) {
		queries := []search.Query{{}, {Channels: []string{"CHAT"}}, {AgentIDs: agents[:2]},
			{Transcript: &search.TranscriptFilter{Criteria: []search.TranscriptCriterion{{Role: "AGENT", Texts: []string{"refund"}, Match: search.MatchAll}}}}}
		for f := search.Initiation; f <= search.Enqueue; f++ {
			for _, q := range queries {
				q.Range = search.TimeRange{Field: f, Start: start.Add(-time.Hour), End: vc.Now().Add(time.Hour)}
				q.Sort = search.Sort{Field: []search.Field{search.Initiation, search.Disconnect, search.Channel}[checks%3], Desc: checks%2 == 0}
				var got, want []string
				gotTotal, wantTotal := 0, 0
				for token := ""; ; {
					page, err := svc.SearchContacts(tg.Scope, instanceID, q, 7, token)
					if err != nil {
						t.Fatal(err)
					}
					for _, c := range page.Contacts {
						got = append(got, c.ID)
					}
					if gotTotal = page.Total; page.NextToken == "" {
						break
					}
					token = page.NextToken
				}
				rq := q
				rq.Now, rq.Region, rq.Limit = vc.Now(), tg.Scope.Region, 7
				for {
					res, err := ref.ix.Search(instanceID, rq)
					if err != nil {
						t.Fatal(err)
					}
					want, wantTotal = append(want, res.IDs...), res.Total
					if res.Next == nil {
						break
					}
					rq.After = res.Next
				}
				if !slices.Equal(got, want) || gotTotal != wantTotal {
					t.Fatalf("at %s, %+v: deferred %d (total %d) %v, eager %d (total %d) %v", vc.Now(), q, len(got), gotTotal, got, len(want), wantTotal, want)
				}
				checks++
				if len(got) > 0 {
					nonEmpty++
				}
			}
		}
	}
	rep, err := simulation.Run(sc, tg, simulation.Options{Started: func(ids *seed.Result, start time.Time) {
		instanceID = ids.InstanceID
		for _, id := range ids.Users {
			agents = append(agents, id)
		}
		slices.Sort(agents)
		var tick func()
		tick = func() {
			compare(start)
			vc.AfterFunc(7*time.Minute+13*time.Second, tick)
		}
		vc.AfterFunc(time.Minute, tick)
	}})
	if err != nil {
		t.Fatal(err)
	}
	compare(rep.Start)
	t.Logf("%d handled, %d searches, %d found some", rep.Total.Handled, checks, nonEmpty)
	if rep.Total.Handled < 100 || nonEmpty < checks/2 {
		t.Fatalf("%d contacts handled, %d of %d searches found some: the run proves little", rep.Total.Handled, nonEmpty, checks)
	}
}
