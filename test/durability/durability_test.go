// Package durability checks the promise the bolt store makes (every
// acknowledged write survives kill -9) against the real binary: writers
// in goroutines, SIGKILL with writes in flight, restart on the same data
// dir, and compare what the server holds with what it acknowledged.
package durability

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/aws/smithy-go"
)

// seed makes a failing run repeatable: DURABILITY_SEED=<seed from the log>.
func seed(t *testing.T) uint64 {
	s := uint64(time.Now().UnixNano())
	if v := os.Getenv("DURABILITY_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("DURABILITY_SEED: %v", err)
		}
		s = n
	}
	t.Logf("seed %d (rerun with DURABILITY_SEED=%d)", s, s)
	return s
}

func createInstance(t *testing.T, c *connect.Client, alias string) string {
	t.Helper()
	out, err := c.CreateInstance(ctx(), &connect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeConnectManaged,
		InstanceAlias: &alias, InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	return *out.Id
}

// newWorkers gives each of n workers an instance and its acknowledged
// starting state (the instance's defaults).
func newWorkers(t *testing.T, c *connect.Client, n int, seed uint64) []*worker {
	t.Helper()
	ws := make([]*worker, n)
	for i := range ws {
		w := &worker{n: i, rng: rand.New(rand.NewPCG(seed, uint64(i))), contacts: map[string]string{}}
		w.iid = createInstance(t, c, fmt.Sprintf("dw%dmain", i))
		w.flow = flowNamed(t, c, w.iid, "Basic routing flow")
		s, err := snapshot(c, w.iid, w.prefix())
		if err != nil {
			t.Fatal(err)
		}
		for id, q := range s.queues {
			if q.Name == "BasicQueue" {
				w.basicQueue = id
			}
		}
		for id, h := range s.hours {
			if h.Name == "Basic Hours" {
				w.basicHours = id
			}
		}
		if w.basicQueue == "" || w.basicHours == "" {
			t.Fatalf("new instance lacks BasicQueue or Basic Hours: %+v", s)
		}
		w.known = s
		ws[i] = w
	}
	return ws
}

// writeThenStop runs the workers against p for about d, then calls stop
// at a moment when at least one write is in flight, and waits for every
// worker to notice. It returns how many writes were in flight and how many
// were acknowledged.
func writeThenStop(t *testing.T, p *proc, ws []*worker, d time.Duration, stop func()) (int32, int64) {
	t.Helper()
	var stopped atomic.Bool
	var inFlight atomic.Int32
	var acked atomic.Int64
	c := p.client()
	var wg sync.WaitGroup
	for _, w := range ws {
		w.pending = nil
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.run(c, &stopped, &inFlight, &acked)
		}()
	}
	time.Sleep(d)
	deadline := time.Now().Add(2 * time.Second)
	for inFlight.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Microsecond)
	}
	n := inFlight.Load()
	stopped.Store(true)
	stop()
	wg.Wait()
	for _, w := range ws {
		if w.failed != nil {
			t.Fatalf("worker %d failed while the server was up: %v", w.n, w.failed)
		}
	}
	return n, acked.Load()
}

// checkFile runs `connect-local check` on the stopped server's data dir:
// the bolt file's structure, then every record decodes as the server
// would load it.
func checkFile(t *testing.T, dir string) {
	t.Helper()
	out, err := exec.Command(binary(t), "check", "--data-dir", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("connect-local check: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), ": ok") {
		t.Fatalf("connect-local check says:\n%s", out)
	}
}

// verify requires each worker's acknowledged state on the server, with its
// unanswered write absent or whole, and the deleted instances gone.
func verify(t *testing.T, c *connect.Client, ws []*worker, gone []string) {
	t.Helper()
	for _, w := range ws {
		actual, err := snapshot(c, w.iid, w.prefix())
		if err != nil {
			t.Fatalf("worker %d: reading state: %v", w.n, err)
		}
		known, err := reconcile(w.known, w.pending, actual)
		if err != nil {
			t.Fatalf("worker %d: %v", w.n, err)
		}
		w.known, w.pending = known, nil
		for id, name := range w.contacts {
			d, err := c.DescribeContact(ctx(), &connect.DescribeContactInput{InstanceId: &w.iid, ContactId: aws.String(id)})
			if err != nil {
				t.Fatalf("worker %d: acknowledged task %s (%s): %v", w.n, id, name, err)
			}
			if aws.ToString(d.Contact.Name) != name {
				t.Fatalf("worker %d: task %s is named %q, want %q", w.n, id, aws.ToString(d.Contact.Name), name)
			}
		}
	}
	for _, id := range gone {
		_, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &id})
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != "ResourceNotFoundException" {
			t.Fatalf("deleted instance %s: want ResourceNotFoundException, got %v", id, err)
		}
	}
}

// flowNamed finds an instance's flow by name.
func flowNamed(t *testing.T, c *connect.Client, iid, name string) string {
	t.Helper()
	out, err := c.ListContactFlows(ctx(), &connect.ListContactFlowsInput{InstanceId: &iid})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range out.ContactFlowSummaryList {
		if aws.ToString(f.Name) == name {
			return *f.Id
		}
	}
	t.Fatalf("instance %s has no flow %q", iid, name)
	return ""
}

// cycles is how many kill -9 cycles to run: 5 in the default test run,
// DURABILITY_CYCLES (scripts/crash: 25) for the full soak.
func cycles(t *testing.T) int {
	if v := os.Getenv("DURABILITY_CYCLES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("DURABILITY_CYCLES=%q: want a positive number", v)
		}
		return n
	}
	return 5
}

func TestKill9KeepsEveryAcknowledgedWrite(t *testing.T) {
	const workers = 4
	cycles := cycles(t)
	rng := rand.New(rand.NewPCG(seed(t), 99))
	dir := t.TempDir()
	p := start(t, dir)
	c := p.client()

	doomed := createInstance(t, c, "doomed")
	if _, err := c.DeleteInstance(ctx(), &connect.DeleteInstanceInput{InstanceId: &doomed}); err != nil {
		t.Fatal(err)
	}
	ws := newWorkers(t, c, workers, rng.Uint64())

	for cycle := 1; cycle <= cycles; cycle++ {
		d := time.Duration(150+rng.IntN(200)) * time.Millisecond
		inFlight, acked := writeThenStop(t, p, ws, d, func() { p.kill9(t) })
		if inFlight == 0 {
			t.Fatalf("cycle %d: no write was in flight at the kill", cycle)
		}
		t.Logf("cycle %d: SIGKILL after %s, %d writes acknowledged, %d in flight", cycle, d, acked, inFlight)
		checkFile(t, dir)
		p = start(t, dir)
		verify(t, p.client(), ws, []string{doomed})
	}
	p.term(t, 10*time.Second)
	checkFile(t, dir)
}

func TestSIGTERMExitsZeroAndKeepsData(t *testing.T) {
	rng := rand.New(rand.NewPCG(seed(t), 7))
	dir := t.TempDir()
	p := start(t, dir)
	ws := newWorkers(t, p.client(), 3, rng.Uint64())

	// Graceful: requests in flight at SIGTERM finish and are answered.
	inFlight, acked := writeThenStop(t, p, ws, 200*time.Millisecond, func() { p.term(t, 10*time.Second) })
	t.Logf("SIGTERM with %d writes in flight, %d acknowledged: exit 0", inFlight, acked)
	checkFile(t, dir)

	p = start(t, dir)
	verify(t, p.client(), ws, nil)
	p.term(t, 5*time.Second) // and idle
	checkFile(t, dir)
}
