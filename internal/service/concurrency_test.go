package service

import (
	"sync"
	"testing"
)

// Readers (GetCurrentUserData, the engine view) run under the read lock
// alongside each other and alongside writers; run with -race.
func TestConcurrentReadersAndWriters(t *testing.T) {
	ec := newEngineCenter(t, 40, 6, 200)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				switch (w + i) % 4 {
				case 0:
					if _, err := ec.s.CurrentUserData(ec.sc, ec.iid, CurrentUserDataFilter{}, PageRequest{}); err != nil {
						t.Error(err)
					}
				case 1:
					if _, err := ec.s.Engine(ec.sc, ec.iid); err != nil {
						t.Error(err)
					}
				case 2:
					_ = ec.s.PutUserStatus(ec.sc, ec.iid, ec.users[(w*25+i)%len(ec.users)], ec.available)
				default:
					ec.startContact(t)
				}
			}
		}(w)
	}
	wg.Wait()
}

func TestObserveStops(t *testing.T) {
	s, st := newTestService(t, nil)
	var n int
	stop := s.Observe(func(Event) { n++ })
	st.Mu.Lock()
	s.emit(st, Event{Type: EvAgentStatus})
	st.Mu.Unlock()
	stop()
	st.Mu.Lock()
	s.emit(st, Event{Type: EvAgentStatus})
	st.Mu.Unlock()
	if n != 1 {
		t.Fatalf("observer saw %d events, want 1 (none after stop)", n)
	}
}
