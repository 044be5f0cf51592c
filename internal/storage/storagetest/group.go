package storagetest

import (
	"errors"
	"fmt"
	"sync"
	"syscall"
	"testing"

	"github.com/connect-local/connect-local/internal/storage"
)

// gate wraps a store: while closed, an Update announces itself on entered
// and waits for release. It counts Updates.
type gate struct {
	storage.Store
	mu      sync.Mutex
	hold    bool
	entered chan struct{}
	release chan struct{}
	updates int
}

func newGate(s storage.Store) *gate {
	return &gate{Store: s, entered: make(chan struct{}, 16), release: make(chan struct{})}
}

func (g *gate) Update(fn func(storage.Tx) error) error {
	g.mu.Lock()
	g.updates++
	hold := g.hold
	g.mu.Unlock()
	if hold {
		g.entered <- struct{}{}
		<-g.release
	}
	return g.Store.Update(fn)
}

func (g *gate) setHold(h bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hold = h
}

func (g *gate) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.updates
}

func put(k, v string) *storage.Writes {
	w := &storage.Writes{}
	_ = w.Put("b", k, []byte(v))
	return w
}

// runGroup checks storage.Group over the backend: order, durability when a
// ticket says so, shared transactions, and all-or-nothing failure.
func runGroup(t *testing.T, open func(t *testing.T) storage.Store, reopen func(t *testing.T, s storage.Store) storage.Store) {
	t.Run("GroupCommitsInOrder", func(t *testing.T) {
		s := open(t)
		g := storage.NewGroup(s, nil)
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				var last *storage.Ticket
				for j := 0; j < 20; j++ {
					w := put(fmt.Sprintf("%d/%02d", i, j), "v")
					_ = w.Put("b", fmt.Sprintf("last/%d", i), []byte(fmt.Sprint(j)))
					last = g.Submit("", w)
				}
				if err := last.Wait(); err != nil {
					t.Error(err)
				}
			}(i)
		}
		wg.Wait()
		g.Close()
		if n := len(scan(t, s, "b", "")); n != 160+8 {
			t.Fatalf("%d keys after group commits, want 168", n)
		}
		for i := 0; i < 8; i++ {
			if got := get(t, s, "b", fmt.Sprintf("last/%d", i)); got != "19" {
				t.Fatalf("last/%d = %s: writes committed out of order", i, got)
			}
		}
		w := &storage.Writes{}
		_ = w.DeletePrefix("b", "0/")
		_ = w.Delete("b", "last/0")
		if err := storage.NewGroup(s, nil).Submit("", w).Wait(); err != nil {
			t.Fatal(err)
		}
		if n := len(scan(t, s, "b", "")); n != 168-21 {
			t.Fatalf("%d keys after deletes, want 147", n)
		}
		if err := g.Submit("", put("x", "y")).Wait(); !errors.Is(err, storage.ErrClosed) {
			t.Fatalf("Submit after Close: %v, want ErrClosed", err)
		}
		if reopen != nil {
			s = reopen(t, s)
			if got := get(t, s, "b", "last/7"); got != "19" {
				t.Fatalf("after reopen: last/7 = %q", got)
			}
		}
	})
	t.Run("GroupSharesTransactions", func(t *testing.T) {
		gs := newGate(open(t))
		g := storage.NewGroup(gs, nil)
		defer g.Close()
		gs.setHold(true)
		first := g.Submit("", put("first", "1"))
		<-gs.entered // the committer is inside the first transaction
		gs.setHold(false)
		var rest []*storage.Ticket
		for i := 0; i < 10; i++ {
			rest = append(rest, g.Submit("", put(fmt.Sprint("k", i), "v")))
		}
		close(gs.release)
		for _, tk := range append(rest, first) {
			if err := tk.Wait(); err != nil {
				t.Fatal(err)
			}
		}
		if n := gs.count(); n != 2 {
			t.Fatalf("%d transactions for 11 writes queued behind one, want 2", n)
		}
	})
	t.Run("GroupFailureFailsGroupAndQueue", func(t *testing.T) {
		base := open(t)
		gs := newGate(NewFaulty(base))
		must(t, gs.Update(func(tx storage.Tx) error { return tx.Put("b", "keep", []byte("1")) }))
		failed := make(chan error, 1)
		var g *storage.Group
		var late *storage.Ticket
		g = storage.NewGroup(gs, func(err error) {
			// Still failed: a write submitted now fails without reaching
			// the store, and no ticket completes before Recover.
			late = g.Submit("late", put("late", "x"))
			failed <- err
		})
		defer g.Close()
		gs.setHold(true)
		a := g.Submit("a", put("a", "x"))
		<-gs.entered
		gs.setHold(false)
		gs.Store.(*Faulty).FailWrites(syscall.ENOSPC)
		b := g.Submit("b", put("keep", "changed"))
		c := g.Submit("c", put("c", "x"))
		close(gs.release)
		if err := <-failed; !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("failure handler got %v", err)
		}
		select {
		case <-a.Done():
			t.Fatal("a ticket completed before Recover")
		default:
		}
		gs.Store.(*Faulty).FailWrites(nil)
		if tags := g.Recover(); fmt.Sprint(tags) != "[a b c late]" {
			t.Fatalf("Recover returned %v", tags)
		}
		for name, tk := range map[string]*storage.Ticket{"a": a, "b": b, "c": c, "late": late} {
			if err := tk.Wait(); err == nil {
				t.Fatalf("write %s succeeded though a write before it failed", name)
			}
		}
		if got := scan(t, base, "b", ""); fmt.Sprint(got) != "[keep]" || get(t, base, "b", "keep") != "1" {
			t.Fatalf("after a failed group the store holds %v", got)
		}
		if err := g.Submit("d", put("d", "x")).Wait(); err != nil {
			t.Fatalf("write after Recover: %v", err)
		}
		if got := get(t, base, "b", "d"); got != "x" {
			t.Fatalf("d = %q after recovery", got)
		}
	})
}
