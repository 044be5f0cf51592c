package storage_test

import (
	"testing"

	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/storage/storagetest"
)

func TestMemory(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store { return storage.NewMemory() }, nil)
}

func TestBolt(t *testing.T) {
	dirs := map[storage.Store]string{}
	open := func(t *testing.T) storage.Store {
		dir := t.TempDir()
		s, err := storage.OpenBolt(dir)
		if err != nil {
			t.Fatal(err)
		}
		dirs[s] = dir
		t.Cleanup(func() { s.Close() })
		return s
	}
	reopen := func(t *testing.T, s storage.Store) storage.Store {
		dir := dirs[s]
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s2, err := storage.OpenBolt(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s2.Close() })
		return s2
	}
	storagetest.Run(t, open, reopen)
}
