package storage_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/connect-local/connect-local/internal/storage"
)

func TestRecordEnvelope(t *testing.T) {
	v := storage.SealRecord("queues", "i/q", []byte(`{"Name":"q"}`))
	if p, err := storage.OpenRecord("queues", "i/q", v); err != nil || string(p) != `{"Name":"q"}` {
		t.Fatalf("OpenRecord = %q, %v", p, err)
	}
	for i := range v {
		bad := append([]byte(nil), v...)
		bad[i] ^= 0x04
		if _, err := storage.OpenRecord("queues", "i/q", bad); err == nil {
			t.Fatalf("byte %d flipped: opened", i)
		}
	}
	if _, err := storage.OpenRecord("queues", "i/other", v); err == nil {
		t.Fatal("opened under another key")
	}
	if _, err := storage.OpenRecord("users", "i/q", v); err == nil {
		t.Fatal("opened in another bucket")
	}
	if _, err := storage.OpenRecord("queues", "i/q", []byte(`{"Name":"q"}`)); !errors.Is(err, storage.ErrNotSealed) {
		t.Fatalf("bare JSON: %v, want ErrNotSealed", err)
	}
}

// A panic of the caller's own function is the caller's bug: Bolt's guard
// against damage must not turn it into an error.
func TestBoltLetsCallerPanicsThrough(t *testing.T) {
	s, err := storage.OpenBolt(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Update(func(tx storage.Tx) error { return tx.Put("b", "k", []byte("v")) }); err != nil {
		t.Fatal(err)
	}
	for name, run := range map[string]func(){
		"View":   func() { _ = s.View(func(storage.ReadTx) error { panic("mine") }) },
		"Update": func() { _ = s.Update(func(storage.Tx) error { panic("mine") }) },
		"Scan": func() {
			_ = s.View(func(tx storage.ReadTx) error {
				return tx.Scan("b", "", func(string, []byte) error { panic("mine") })
			})
		},
	} {
		func() {
			defer func() {
				if r := recover(); r != "mine" {
					t.Errorf("%s: recovered %v, want the caller's panic", name, r)
				}
			}()
			run()
		}()
	}
	// The store still works after the panics.
	if err := s.Update(func(tx storage.Tx) error { return tx.Put("b", "k2", []byte("v")) }); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyFileOnFreshStore(t *testing.T) {
	dir := t.TempDir()
	s, err := storage.OpenBolt(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(func(tx storage.Tx) error { return tx.Put("b", "k", []byte("v")) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := storage.VerifyFile(dir + "/" + storage.BoltFile); err != nil {
		t.Fatal(err)
	}
}

// The hint about another connect-local is for a held lock only.
func TestOpenLockedSaysLocked(t *testing.T) {
	dir := t.TempDir()
	s, err := storage.OpenBolt(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = storage.OpenBolt(dir)
	if !errors.Is(err, storage.ErrLocked) || errors.Is(err, storage.ErrDamaged) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, storage.BoltFile), []byte("not a data file"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = storage.OpenBolt(bad)
	if !errors.Is(err, storage.ErrDamaged) || errors.Is(err, storage.ErrLocked) || strings.Contains(err.Error(), "another connect-local") {
		t.Fatalf("open of a damaged file: %v, want ErrDamaged without the lock hint", err)
	}
}
