package server

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/seed"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/sigv4"
)

// startWith runs a memory server with opts on a loopback port.
func startWith(t *testing.T, opts Options) (*Server, string) {
	t.Helper()
	opts.Memory = true
	if opts.Clock == nil {
		opts.Clock = clock.NewVirtual(time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC))
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer()
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return srv, "http://" + ln.Addr().String()
}

func get(t *testing.T, url string) *http.Response {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// TestWallboardIsServed: the page and its assets at /_local/ui/, and an
// instance's live feed that outlives the server's write timeout and
// carries a change made through the public API.
func TestWallboardIsServed(t *testing.T) {
	srv, ep := startWith(t, Options{Limits: Limits{WriteTimeout: 300 * time.Millisecond}})
	sc, err := scenario.Parse([]byte(`
instance: {alias: ui}
setup:
  users: [{username: ann}]
`), "ui.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := seed.Apply(srv.Service, seed.DefaultScope, sc)
	if err != nil {
		t.Fatal(err)
	}

	for path, ctype := range map[string]string{"/_local/ui/": "text/html; charset=utf-8", "/_local/ui/app.js": "text/javascript; charset=utf-8", "/_local/ui/app.css": "text/css; charset=utf-8"} {
		if r := get(t, ep+path); r.StatusCode != 200 || r.Header.Get("Content-Type") != ctype {
			t.Errorf("GET %s: %d %q", path, r.StatusCode, r.Header.Get("Content-Type"))
		}
	}
	if r := get(t, ep+"/_local/ui"); r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/_local/ui/" {
		t.Errorf("GET /_local/ui: %d to %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := get(t, ep+"/_local/instances/nope/events"); r.StatusCode != 404 || r.Header.Get("X-Amzn-ErrorType") != "ResourceNotFoundException" {
		t.Errorf("events of an unknown instance: %d %s", r.StatusCode, r.Header.Get("X-Amzn-ErrorType"))
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ep+"/_local/instances/"+res.InstanceID+"/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	wait := func(prefix string) {
		t.Helper()
		timeout := time.After(3 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("the stream ended waiting for %q", prefix)
				}
				if strings.HasPrefix(l, prefix) {
					return
				}
			case <-timeout:
				t.Fatalf("no %q line", prefix)
			}
		}
	}
	wait("event: hello")
	time.Sleep(500 * time.Millisecond) // past the write timeout

	statuses, err := srv.Service.ListAgentStatuses(seed.DefaultScope, res.InstanceID, nil, service.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var available string
	for _, s := range statuses.Items {
		if s.Name == "Available" {
			available = s.ID
		}
	}
	put, _ := http.NewRequest("PUT", ep+"/users/"+res.InstanceID+"/"+res.Users["ann"]+"/status", strings.NewReader(`{"AgentStatusId":"`+available+`"}`))
	put.Header.Set("Content-Type", "application/json")
	pr, err := http.DefaultClient.Do(put)
	if err != nil {
		t.Fatal(err)
	}
	pr.Body.Close()
	if pr.StatusCode != 200 {
		t.Fatalf("PutUserStatus: %d", pr.StatusCode)
	}
	wait("event: change")
	wait(`data: {"Events":1,"Types":{"AGENT_STATUS":1}`)
}

// TestWallboardInStrictMode: the static page needs no signature (it holds
// no data and a browser cannot sign), everything that reads the center
// does.
func TestWallboardInStrictMode(t *testing.T) {
	creds, err := sigv4.ParseCredentials(strings.NewReader(`{"credentials": [{"accessKeyId": "AKID", "secretAccessKey": "s", "accountId": "111111111111"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, ep := startWith(t, Options{Auth: sigv4.New(creds, clock.Real{})})
	for _, path := range []string{"/_local/ui/", "/_local/ui/app.js", "/_local/health"} {
		if r := get(t, ep+path); r.StatusCode != 200 {
			t.Errorf("GET %s unsigned: %d", path, r.StatusCode)
		}
	}
	for _, path := range []string{"/_local/instances/x/events", "/_local/instances/x/engine", "/_local/uix", "/instance"} {
		if r := get(t, ep+path); r.StatusCode != 403 || r.Header.Get("X-Amzn-ErrorType") != "MissingAuthenticationTokenException" {
			t.Errorf("GET %s unsigned: %d %s", path, r.StatusCode, r.Header.Get("X-Amzn-ErrorType"))
		}
	}
}

// TestLiveStreamLimit: Limits.MaxLiveStreams (--max-live-streams) reaches
// the live feed: one stream more than it is answered 503.
func TestLiveStreamLimit(t *testing.T) {
	srv, ep := startWith(t, Options{Limits: Limits{MaxLiveStreams: 1}})
	sc, err := scenario.Parse([]byte("instance: {alias: ui}\n"), "ui.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := seed.Apply(srv.Service, seed.DefaultScope, sc)
	if err != nil {
		t.Fatal(err)
	}
	url := ep + "/_local/instances/" + res.InstanceID + "/events"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("first stream: %d", resp.StatusCode)
	}
	if r := get(t, url); r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("X-Amzn-ErrorType") != "ServiceUnavailableException" {
		t.Errorf("second stream with a limit of 1: %d %s", r.StatusCode, r.Header.Get("X-Amzn-ErrorType"))
	}
}
