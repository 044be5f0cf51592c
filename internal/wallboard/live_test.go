package wallboard

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/seed"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/storage"
)

const center = `
instance: {alias: live}
setup:
  queues: [{name: Support}]
  routing_profiles:
    - {name: Tier1, concurrency: {TASK: 1}, queues: [{queue: Support, channel: TASK}]}
  users:
    - {username: "agent-{n}", count: 2, routing_profile: Tier1}
`

type fixture struct {
	svc      *service.Service
	live     *Live
	instance string
	users    []string
	statuses map[string]string
	url      string
}

func newFixture(t *testing.T, opts LiveOptions) *fixture {
	t.Helper()
	svc, err := service.New(service.Options{Store: storage.NewMemory(), Clock: clock.NewVirtual(time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse([]byte(center), "live.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := seed.Apply(svc, seed.DefaultScope, sc)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{svc: svc, live: NewLive(svc, opts), instance: res.InstanceID, users: []string{res.Users["agent-1"], res.Users["agent-2"]}, statuses: map[string]string{}}
	statuses, err := svc.ListAgentStatuses(seed.DefaultScope, res.InstanceID, nil, service.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range statuses.Items {
		f.statuses[s.Name] = s.ID
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /events/{instance}", func(w http.ResponseWriter, r *http.Request) {
		f.live.ServeEvents(w, r, r.PathValue("instance"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	f.url = srv.URL + "/events/" + f.instance
	return f
}

func (f *fixture) setStatus(t *testing.T, user int, status string) {
	t.Helper()
	if err := f.svc.PutUserStatus(seed.DefaultScope, f.instance, f.users[user], f.statuses[status]); err != nil {
		t.Fatal(err)
	}
}

// stream is an open event stream.
type stream struct {
	resp   *http.Response
	events chan [2]string // event name (or ":" for a comment), data
	cancel context.CancelFunc
}

func open(t *testing.T, url string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &stream{resp: resp, events: make(chan [2]string, 100), cancel: cancel}
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		var name, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, ":"):
				s.events <- [2]string{":", line}
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "" && name != "":
				s.events <- [2]string{name, data}
				name, data = "", ""
			}
		}
	}()
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	return s
}

// next returns the next event named name (skipping others) within d.
func (s *stream) next(t *testing.T, name string, d time.Duration) string {
	t.Helper()
	timeout := time.NewTimer(d)
	defer timeout.Stop()
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatalf("stream ended waiting for %q", name)
			}
			if ev[0] == name {
				return ev[1]
			}
		case <-timeout.C:
			t.Fatalf("no %q event within %v", name, d)
		}
	}
}

// TestChangesArriveDebounced: a burst of engine events reaches the stream
// as one change notice, soon after.
func TestChangesArriveDebounced(t *testing.T) {
	f := newFixture(t, LiveOptions{Debounce: 100 * time.Millisecond})
	s := open(t, f.url)
	if got := s.next(t, "hello", time.Second); !strings.Contains(got, f.instance) {
		t.Fatalf("hello %s", got)
	}
	f.setStatus(t, 0, "Available")
	f.setStatus(t, 1, "Available")
	f.setStatus(t, 1, "Offline")
	var n Notice
	if err := json.Unmarshal([]byte(s.next(t, "change", time.Second)), &n); err != nil {
		t.Fatal(err)
	}
	if n.Events != 3 || n.Types[service.EvAgentStatus] != 3 || n.Coalesced || n.Time != float64(time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC).Unix()) {
		t.Errorf("notice %+v, want 3 AGENT_STATUS events at 09:00", n)
	}
	select {
	case ev := <-s.events:
		if ev[0] == "change" {
			t.Errorf("a second notice for one burst: %v", ev)
		}
	case <-time.After(300 * time.Millisecond):
	}
}

// TestOtherInstancesAreNotSent: a stream hears only its own instance.
func TestOtherInstancesAreNotSent(t *testing.T) {
	f := newFixture(t, LiveOptions{Debounce: 20 * time.Millisecond})
	s := open(t, f.url+"-other")
	s.next(t, "hello", time.Second)
	f.setStatus(t, 0, "Available")
	select {
	case ev := <-s.events:
		t.Errorf("another instance's stream got %v", ev)
	case <-time.After(200 * time.Millisecond):
	}
}

// TestObserverNeverBlocks: a page that stops reading cannot hold the
// engine. The observer runs under the service lock; with the subscriber's
// buffer full it drops events, and the next notice says Coalesced.
func TestObserverNeverBlocks(t *testing.T) {
	f := newFixture(t, LiveOptions{Debounce: 50 * time.Millisecond, Buffer: 4})
	sub, _ := f.live.subscribe(f.instance) // nobody reads it
	done := make(chan struct{})
	go func() {
		for i := range 2000 {
			f.setStatus(t, i%2, []string{"Available", "Offline"}[i/2%2])
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the engine blocked on a subscriber that does not read")
	}
	if len(sub.events) != 4 || !sub.overflow.Load() {
		t.Errorf("buffer %d, overflow %v; want full and marked", len(sub.events), sub.overflow.Load())
	}
	f.live.unsubscribe(f.instance, sub)

	// A stream whose buffer overflowed says so.
	s := open(t, f.url)
	s.next(t, "hello", time.Second)
	for range 50 {
		f.live.observe(service.Event{InstanceID: f.instance, Type: service.EvQueued})
	}
	var n Notice
	if err := json.Unmarshal([]byte(s.next(t, "change", time.Second)), &n); err != nil {
		t.Fatal(err)
	}
	if !n.Coalesced || n.Events == 0 || n.Events >= 50 {
		t.Errorf("notice %+v, want Coalesced, with fewer events than were sent", n)
	}
}

// TestHeartbeatAndGoingAway: an idle stream gets comments; a client that
// goes away is unsubscribed.
func TestHeartbeatAndGoingAway(t *testing.T) {
	f := newFixture(t, LiveOptions{Heartbeat: 50 * time.Millisecond})
	s := open(t, f.url)
	s.next(t, "hello", time.Second)
	s.next(t, ":", time.Second)
	if n := f.live.Subscribers(f.instance); n != 1 {
		t.Fatalf("%d subscribers, want 1", n)
	}
	s.cancel()
	sw := clock.StartStopwatch()
	for f.live.Subscribers(f.instance) != 0 {
		if sw.Elapsed() > 2*time.Second {
			t.Fatal("the stream's subscriber stayed after the client left")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestStreamLimit: beyond MaxStreams open streams (over all instances),
// a new one gets 503 ServiceUnavailableException naming the flag; a client
// that goes away frees its slot.
func TestStreamLimit(t *testing.T) {
	f := newFixture(t, LiveOptions{MaxStreams: 3})
	streams := []*stream{open(t, f.url), open(t, f.url), open(t, f.url+"-other")}
	for _, s := range streams {
		s.next(t, "hello", time.Second)
	}
	refused := func() bool {
		t.Helper()
		resp, err := http.Get(f.url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return false
		}
		var body struct{ Message string }
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("X-Amzn-ErrorType") != "ServiceUnavailableException" ||
			!strings.Contains(body.Message, "--max-live-streams") || !strings.Contains(body.Message, "3 live streams") {
			t.Fatalf("status %d, %s: %q", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), body.Message)
		}
		return true
	}
	if !refused() {
		t.Fatal("a fourth stream was served with a limit of 3")
	}
	if n := f.live.Streams(); n != 3 {
		t.Fatalf("%d streams open after a refusal, want 3", n)
	}
	streams[2].cancel()
	sw := clock.StartStopwatch()
	for f.live.Streams() != 2 {
		if sw.Elapsed() > 2*time.Second {
			t.Fatal("the slot of a client that left was not freed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	s := open(t, f.url)
	s.next(t, "hello", time.Second)
	if !refused() {
		t.Fatal("a stream was served over the limit once the freed slot was taken again")
	}
}
