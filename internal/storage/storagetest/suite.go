package storagetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/connect-local/connect-local/internal/storage"
)

// Run checks the Store contract. open returns a fresh, empty store; reopen,
// when not nil, closes and reopens the same store to check durability. A
// store that says it is Durable must be given reopen (its claim is
// checked), and one given reopen must say it is Durable.
func Run(t *testing.T, open func(t *testing.T) storage.Store, reopen func(t *testing.T, s storage.Store) storage.Store) {
	t.Run("DurableClaim", func(t *testing.T) {
		s := open(t)
		if s.Durable() && reopen == nil {
			t.Fatal("the store says it is Durable: run the suite with reopen to check it")
		}
		if !s.Durable() && reopen != nil {
			t.Fatal("the store survives a reopen but says it is not Durable")
		}
	})
	t.Run("PutGetDelete", func(t *testing.T) {
		s := open(t)
		must(t, s.Update(func(tx storage.Tx) error { return tx.Put("b", "k", []byte("v1")) }))
		got := get(t, s, "b", "k")
		if got != "v1" {
			t.Fatalf("Get = %q, want v1", got)
		}
		must(t, s.Update(func(tx storage.Tx) error { return tx.Delete("b", "k") }))
		err := s.View(func(tx storage.ReadTx) error { _, err := tx.Get("b", "k"); return err })
		if !errors.Is(err, storage.ErrNotFound) {
			t.Fatalf("Get after delete: %v, want ErrNotFound", err)
		}
		must(t, s.Update(func(tx storage.Tx) error { return tx.Delete("nobucket", "nokey") }))
	})
	t.Run("FailedUpdateWritesNothing", func(t *testing.T) {
		s := open(t)
		must(t, s.Update(func(tx storage.Tx) error { return tx.Put("b", "keep", []byte("1")) }))
		boom := errors.New("boom")
		err := s.Update(func(tx storage.Tx) error {
			_ = tx.Put("b", "new", []byte("x"))
			_ = tx.Put("b", "keep", []byte("changed"))
			_ = tx.Delete("b", "keep")
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Update returned %v, want boom", err)
		}
		if got := get(t, s, "b", "keep"); got != "1" {
			t.Fatalf("keep = %q after failed update", got)
		}
		if got := scan(t, s, "b", ""); fmt.Sprint(got) != "[keep]" {
			t.Fatalf("keys after failed update: %v", got)
		}
	})
	t.Run("ScanOrderAndPrefix", func(t *testing.T) {
		s := open(t)
		must(t, s.Update(func(tx storage.Tx) error {
			for _, k := range []string{"a/3", "a/1", "b/1", "a/2", "ab"} {
				if err := tx.Put("b", k, []byte(k)); err != nil {
					return err
				}
			}
			return nil
		}))
		if got := scan(t, s, "b", "a/"); fmt.Sprint(got) != "[a/1 a/2 a/3]" {
			t.Fatalf("Scan a/ = %v", got)
		}
		must(t, s.Update(func(tx storage.Tx) error { return tx.DeletePrefix("b", "a/") }))
		if got := scan(t, s, "b", ""); fmt.Sprint(got) != "[ab b/1]" {
			t.Fatalf("after DeletePrefix: %v", got)
		}
	})
	t.Run("ReadYourWritesInTx", func(t *testing.T) {
		s := open(t)
		must(t, s.Update(func(tx storage.Tx) error {
			_ = tx.Put("b", "x", []byte("1"))
			v, err := tx.Get("b", "x")
			if err != nil || string(v) != "1" {
				return fmt.Errorf("read own write: %q %v", v, err)
			}
			var keys []string
			_ = tx.Scan("b", "", func(k string, _ []byte) error { keys = append(keys, k); return nil })
			if fmt.Sprint(keys) != "[x]" {
				return fmt.Errorf("scan own write: %v", keys)
			}
			return nil
		}))
	})
	t.Run("ConcurrentUpdates", func(t *testing.T) {
		s := open(t)
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				for j := 0; j < 20; j++ {
					_ = s.Update(func(tx storage.Tx) error { return tx.Put("b", fmt.Sprintf("%d/%02d", i, j), []byte("v")) })
				}
			}(i)
		}
		wg.Wait()
		if n := len(scan(t, s, "b", "")); n != 160 {
			t.Fatalf("%d keys after concurrent updates, want 160", n)
		}
		must(t, s.Check())
	})
	t.Run("Buckets", func(t *testing.T) {
		s := open(t)
		must(t, s.Update(func(tx storage.Tx) error {
			for _, b := range []string{"b", "a", "gone"} {
				if err := tx.Put(b, "k", []byte("v")); err != nil {
					return err
				}
			}
			return tx.Delete("gone", "k")
		}))
		var names []string
		must(t, s.View(func(tx storage.ReadTx) error {
			return tx.Buckets(func(n string) error { names = append(names, n); return nil })
		}))
		if fmt.Sprint(names) != "[a b]" {
			t.Fatalf("Buckets = %v, want [a b] (a bucket without keys is not listed)", names)
		}
	})
	runGroup(t, open, reopen)
	if reopen != nil {
		t.Run("Durable", func(t *testing.T) {
			s := open(t)
			must(t, s.Update(func(tx storage.Tx) error { return tx.Put("b", "k", []byte("durable")) }))
			s = reopen(t, s)
			if got := get(t, s, "b", "k"); got != "durable" {
				t.Fatalf("after reopen: %q", got)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, s storage.Store, b, k string) string {
	t.Helper()
	var out string
	must(t, s.View(func(tx storage.ReadTx) error {
		v, err := tx.Get(b, k)
		out = string(v)
		return err
	}))
	return out
}

func scan(t *testing.T, s storage.Store, b, prefix string) []string {
	t.Helper()
	var keys []string
	must(t, s.View(func(tx storage.ReadTx) error {
		return tx.Scan(b, prefix, func(k string, _ []byte) error { keys = append(keys, k); return nil })
	}))
	return keys
}
