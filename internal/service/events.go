package service

import (
	"github.com/connect-local/connect-local/internal/reporting"
	"github.com/connect-local/connect-local/internal/streaming"
	"sync"
	"sync/atomic"
)

// Observe registers fn to receive every event from now on.
// The returned function stops the deliveries. fn is called under the lock
// of the event's instance: events of one instance arrive in order, events
// of different instances may arrive concurrently.
func (s *Service) Observe(fn func(Event)) (stop func()) {
	return s.observers.add(fn)
}

// observers is a copy-on-write list: emit reads it without a lock.
type observers struct {
	mu   sync.Mutex
	seq  uint64
	list atomic.Pointer[[]observer]
}

type observer struct {
	id uint64
	fn func(Event)
}

func (o *observers) add(fn func(Event)) (stop func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.seq++
	id := o.seq
	var cur []observer
	if p := o.list.Load(); p != nil {
		cur = *p
	}
	next := append(cur[:len(cur):len(cur)], observer{id: id, fn: fn})
	o.list.Store(&next)
	return func() {
		o.mu.Lock()
		defer o.mu.Unlock()
		cur := *o.list.Load()
		for i, ob := range cur {
			if ob.id == id {
				next := append(cur[:i:i], cur[i+1:]...)
				o.list.Store(&next)
				return
			}
		}
	}
}

// emit hands an event of st to the instance's metrics, then to every
// observer. The caller holds st.Mu for writing.
func (s *Service) emit(st *instanceState, ev Event) {
	if ev.Time.IsZero() {
		ev.Time = s.clock.Now()
	}
	streaming.NoteEvent(s.Streaming, st.State, ev)
	s.hookEvent(st, ev)
	reporting.Observe(st.State, ev)
	if p := s.observers.list.Load(); p != nil {
		for _, o := range *p {
			o.fn(ev)
		}
	}
}
