package wallboard

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// DefaultMaxStreams is the most live streams open at once unless
// LiveOptions.MaxStreams says otherwise.
const DefaultMaxStreams = 64

// LiveOptions tunes the feed; zero fields take defaults.
type LiveOptions struct {
	// Debounce is how long a change notice waits to gather the events
	// that follow the first one (default 150 ms): a page hears of a change
	// within Debounce, and at most once per Debounce however busy the
	// engine is.
	Debounce time.Duration
	// Heartbeat is the interval of keep-alive comments on an idle stream
	// (default 15 s).
	Heartbeat time.Duration
	// Buffer is each subscriber's event buffer (default 256); when it is
	// full, further events are dropped and the next notice says Coalesced.
	Buffer int
	// MaxStreams bounds the streams open at once, over all instances
	// (default DefaultMaxStreams); one more is answered 503.
	MaxStreams int
}

// Live fans the service's engine events out to server-sent-event streams,
// one per open page, each for one instance.
type Live struct {
	svc  *service.Service
	opts LiveOptions
	wall clock.Clock // the feed paces itself on the wall clock, whatever the server's clock is

	mu   sync.Mutex
	subs map[string]map[*subscriber]struct{} // by instance ID
	open int                                 // streams, over all instances
}

// An idle stream costs its buffer (Buffer × 24 bytes), a goroutine parked
// in a select, a heartbeat timer and the connection: no polling.
type subscriber struct {
	events   chan change
	overflow atomic.Bool
	wake     chan struct{} // cap 1: overflow happened
}

// change is what a notice needs of an engine event.
type change struct {
	typ string
	at  int64 // epoch milliseconds
}

// NewLive registers an observer with svc and returns the feed.
func NewLive(svc *service.Service, opts LiveOptions) *Live {
	if opts.Debounce <= 0 {
		opts.Debounce = 150 * time.Millisecond
	}
	if opts.Heartbeat <= 0 {
		opts.Heartbeat = 15 * time.Second
	}
	if opts.Buffer <= 0 {
		opts.Buffer = 256
	}
	if opts.MaxStreams <= 0 {
		opts.MaxStreams = DefaultMaxStreams
	}
	l := &Live{svc: svc, opts: opts, wall: clock.Real{}, subs: map[string]map[*subscriber]struct{}{}}
	svc.Observe(l.observe)
	return l
}

// observe runs under the service lock: it must only hand the event on.
// A full buffer drops the event and marks the subscriber, whose next
// notice then says Coalesced (the page refreshes everything anyway).
func (l *Live) observe(ev service.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for s := range l.subs[ev.InstanceID] {
		select {
		case s.events <- change{typ: ev.Type, at: ev.Time.UnixMilli()}:
		default:
			s.overflow.Store(true)
			select {
			case s.wake <- struct{}{}:
			default:
			}
		}
	}
}

// subscribe takes one of the MaxStreams slots; false when none is free.
func (l *Live) subscribe(instanceID string) (*subscriber, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open >= l.opts.MaxStreams {
		return nil, false
	}
	l.open++
	s := &subscriber{events: make(chan change, l.opts.Buffer), wake: make(chan struct{}, 1)}
	if l.subs[instanceID] == nil {
		l.subs[instanceID] = map[*subscriber]struct{}{}
	}
	l.subs[instanceID][s] = struct{}{}
	return s, true
}

func (l *Live) unsubscribe(instanceID string, s *subscriber) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.subs[instanceID][s]; ok {
		l.open--
	}
	delete(l.subs[instanceID], s)
	if len(l.subs[instanceID]) == 0 {
		delete(l.subs, instanceID)
	}
}

// Streams is the number of open streams, over all instances.
func (l *Live) Streams() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open
}

// Subscribers is the number of open streams for an instance.
func (l *Live) Subscribers(instanceID string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.subs[instanceID])
}

// Notice is the data of one "change" event on the stream.
type Notice struct {
	Events    int            `json:"Events"`    // engine events since the last notice
	Types     map[string]int `json:"Types"`     // of those, how many of each type
	Time      float64        `json:"Time"`      // the last event's time, epoch seconds on the server's clock
	Coalesced bool           `json:"Coalesced"` // events were dropped: counts are a lower bound
}

// ServeEvents streams an instance's change notices as server-sent events
// until the client goes away: "hello" at once, then "change" with a Notice
// after each burst of engine events, and a comment every Heartbeat. The
// caller has checked that the instance exists and may be seen. With
// MaxStreams already open it answers 503 ServiceUnavailableException; a
// stream's slot is freed when its client goes away.
func (l *Live) ServeEvents(w http.ResponseWriter, r *http.Request, instanceID string) {
	sub, ok := l.subscribe(instanceID)
	if !ok {
		wire.WriteError(w, wire.Errorf("ServiceUnavailableException", http.StatusServiceUnavailable,
			"%d live streams are open, the most this server allows; close a wallboard page, or start the server with a higher --max-live-streams (env CONNECT_LOCAL_MAX_LIVE_STREAMS).",
			l.opts.MaxStreams))
		return
	}
	defer l.unsubscribe(instanceID, sub)

	rc := http.NewResponseController(w)
	// A stream outlives the server's write timeout; the heartbeat and the
	// client's going away end it instead.
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	send := func(event string, data any) bool {
		b, _ := json.Marshal(data)
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if _, err := fmt.Fprint(w, "retry: 1000\n\n"); err != nil {
		return
	}
	if !send("hello", map[string]any{"InstanceId": instanceID}) {
		return
	}

	fire := make(chan struct{}, 1)
	beat := make(chan struct{}, 1)
	signal := func(c chan struct{}) func() {
		return func() {
			select {
			case c <- struct{}{}:
			default:
			}
		}
	}
	hb := l.wall.AfterFunc(l.opts.Heartbeat, signal(beat))
	defer func() { hb.Stop() }()
	var pending *Notice
	var debounce clock.Timer
	defer func() {
		if debounce != nil {
			debounce.Stop()
		}
	}()
	note := func() {
		if pending == nil {
			pending = &Notice{Types: map[string]int{}}
			debounce = l.wall.AfterFunc(l.opts.Debounce, signal(fire))
		}
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case ev := <-sub.events:
			note()
			pending.Events++
			pending.Types[ev.typ]++
			pending.Time = float64(ev.at) / 1000
		case <-sub.wake:
			note()
		case <-fire:
			if pending == nil {
				continue
			}
			if sub.overflow.Swap(false) {
				pending.Coalesced = true
			}
			n := pending
			pending, debounce = nil, nil
			if !send("change", n) {
				return
			}
		case <-beat:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return
			}
			hb = l.wall.AfterFunc(l.opts.Heartbeat, signal(beat))
		}
	}
}
