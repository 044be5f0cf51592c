package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
)

// serve runs a memory server with limits on a loopback port.
func serve(t *testing.T, limits Limits) string {
	t.Helper()
	srv, err := New(Options{Memory: true, Clock: clock.NewVirtual(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)), Limits: limits})
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
	return ln.Addr().String()
}

// TestSlowClientsCannotHoldTheServer opens slowloris-style connections —
// headers or a body dripped one byte at a time — and requires that the
// server drops each within its timeouts while answering others promptly.
func TestSlowClientsCannotHoldTheServer(t *testing.T) {
	const slow = 40
	limits := Limits{ReadHeaderTimeout: 300 * time.Millisecond, ReadTimeout: 800 * time.Millisecond, WriteTimeout: 2 * time.Second, IdleTimeout: time.Second}
	addr := serve(t, limits)

	var wg sync.WaitGroup
	held := make(chan time.Duration, slow)
	for i := range slow {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			start := clock.StartStopwatch()
			var drip string
			if i%2 == 0 { // headers that never end
				drip = "GET /instance HTTP/1.1\r\nHost: x\r\nX-Slow: " + strings.Repeat("a", 1000)
			} else { // a body that never ends
				fmt.Fprintf(conn, "PUT /instance HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
				drip = `{"InstanceAlias":"` + strings.Repeat("a", 1000)
			}
			closed := make(chan struct{})
			go func() {
				io.Copy(io.Discard, conn) // returns once the server closes
				close(closed)
			}()
			for j := 0; j < len(drip); j++ {
				select {
				case <-closed:
					held <- start.Elapsed()
					return
				case <-time.After(50 * time.Millisecond):
				}
				if _, err := conn.Write([]byte{drip[j]}); err != nil {
					break
				}
			}
			select {
			case <-closed:
				held <- start.Elapsed()
			case <-time.After(3 * time.Second):
				t.Errorf("connection %d still open after 3s", i)
			}
		}()
	}

	// Meanwhile, an ordinary client is served promptly.
	hc := &http.Client{Timeout: 2 * time.Second}
	for range 10 {
		sw := clock.StartStopwatch()
		resp, err := hc.Get("http://" + addr + "/_local/health")
		if err != nil {
			t.Fatalf("ordinary request while slow clients hang on: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || sw.Elapsed() > 2*time.Second {
			t.Fatalf("ordinary request: %d after %s", resp.StatusCode, sw.Elapsed())
		}
		time.Sleep(50 * time.Millisecond)
	}
	wg.Wait()
	close(held)
	n, longest := 0, time.Duration(0)
	for d := range held {
		n++
		longest = max(longest, d)
	}
	if n != slow {
		t.Fatalf("%d of %d slow connections were dropped", n, slow)
	}
	if longest > limits.ReadTimeout+1500*time.Millisecond { // slack for a loaded CI machine
		t.Fatalf("a slow connection was held %s (read timeout %s)", longest, limits.ReadTimeout)
	}
	t.Logf("%d slow connections dropped, the longest after %s", n, longest)
}

func TestOversizedRequestsAreRefused(t *testing.T) {
	addr := serve(t, Limits{})
	url := "http://" + addr
	for _, tc := range []struct {
		name   string
		req    func() *http.Request
		status int
		typ    string
	}{
		{"header over 64 KiB", func() *http.Request {
			r, _ := http.NewRequest("GET", url+"/instance", nil)
			r.Header.Set("X-Big", strings.Repeat("a", 80<<10))
			return r
		}, http.StatusRequestHeaderFieldsTooLarge, ""},
		{"body over 8 MiB", func() *http.Request {
			r, _ := http.NewRequest("PUT", url+"/instance", strings.NewReader(`{"InstanceAlias":"`+strings.Repeat("a", 9<<20)+`"}`))
			return r
		}, http.StatusRequestEntityTooLarge, "SerializationException"},
		{"nested 100 levels", func() *http.Request {
			r, _ := http.NewRequest("PUT", url+"/instance", strings.NewReader(`{"Tags":`+strings.Repeat("[", 100)+strings.Repeat("]", 100)+`}`))
			return r
		}, http.StatusBadRequest, "SerializationException"},
		{"nested 100 levels in an unknown member", func() *http.Request {
			r, _ := http.NewRequest("PUT", url+"/instance", strings.NewReader(`{"X":`+strings.Repeat(`{"a":`, 100)+"1"+strings.Repeat("}", 100)+`}`))
			return r
		}, http.StatusBadRequest, "SerializationException"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.DefaultClient.Do(tc.req())
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(bufio.NewReader(resp.Body))
			if resp.StatusCode != tc.status || resp.Header.Get("X-Amzn-ErrorType") != tc.typ {
				t.Fatalf("%d %s %s; want %d %s", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), body, tc.status, tc.typ)
			}
		})
	}
}
