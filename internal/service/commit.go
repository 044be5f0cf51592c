package service

import (
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/reporting"
	"github.com/connect-local/connect-local/internal/routingconfig"
	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/streaming"
)

// Group commit lives in the core (internal/instance commit.go); these are
// its calls under the names the service's files use, and the façade's
// side of a failed write's recovery (reloadInstance, the core's Reload
// hook).

func (s *Service) durable(st *instanceState, w *storage.Writes) error {
	return s.core.Durable(st.State, w)
}

func (s *Service) queueEngine(st *instanceState) { s.core.QueueEngine(st.State) }

func (s *Service) writeFailed(st *instanceState, err error) error {
	return s.core.WriteFailed(st.State, err)
}

func (s *Service) commitPair(st, dst *instanceState, write func(tx storage.Tx) error, apply func(), unlock func()) error {
	return s.core.CommitPair(st.State, dst.State, write, apply, unlock)
}

// reloadInstance replaces an instance's memory with what the store holds:
// its records, its engine (timers re-armed as at start-up) and its search
// index entries. old is the instance in memory (nil when it is not in the
// map, e.g. a failed delete); the caller holds its lock, and it is
// reloaded in place. An instance the store does not hold is removed. When
// the store cannot be read, memory stays as it is.
func (s *Service) reloadInstance(id string, old *instanceState) {
	var st *instanceState
	err := s.store.View(func(tx storage.ReadTx) error {
		read, err := instance.ReadInstance(tx, bucketInstances, id)
		if read != nil {
			st = wrap(read)
			routingconfig.ReindexProficiencies(st.State)
		}
		return err
	})
	if err != nil {
		s.log.Error("restore instance: store unreadable; memory kept", "instance", id, "error", err)
		return
	}
	if old != nil {
		old.Eng.Stop()
	}
	s.search.DropInstance(id)
	for _, ix := range s.indexers {
		ix.DropInstance(id)
	}
	if st == nil {
		if old != nil {
			old.Deleted = true
		}
		s.core.Remove(id, nil)
		return
	}
	if old != nil {
		old.Data, old.serviceData = st.Data, st.serviceData
		old.Deleted = false
		st = old
	} else {
		st.Mu.Lock()
		defer st.Mu.Unlock()
	}
	s.bind(st)
	s.core.Put(id, st.State)
	reporting.NoteLoaded(st.State)
	s.reindex(st)
	s.restoreEngine(st)
}

// Close stops streaming out, commits the writes still queued and stops
// the committer; later writes fail. It does not close the store.
func (s *Service) Close() {
	streaming.Stop(s.Streaming)
	s.core.Group.Close()
}
