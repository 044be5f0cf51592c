package wire

import (
	"cmp"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/connect-local/connect-local/internal/model"
)

// guarded is a Server with an OriginGuard whose /_local/ and operations
// count the requests that reach them.
type guarded struct {
	*Server
	reached int
}

func newGuarded(t *testing.T, opts OriginOptions, auth Authenticator) *guarded {
	t.Helper()
	g, err := NewOriginGuard(opts)
	if err != nil {
		t.Fatal(err)
	}
	s := &guarded{}
	s.Server = NewServer(ServerOptions{
		Model: model.MustLoad(),
		Handlers: map[string]Handler{"ListInstances": func(context.Context, any) (any, error) {
			s.reached++
			return nil, nil
		}},
		Local:   http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.reached++; WriteJSON(w, map[string]any{}) }),
		Auth:    auth,
		Origins: g,
		Logger:  slog.New(slog.DiscardHandler),
	})
	return s
}

// req builds a request to path on host; headers are name, value pairs.
func req(method, host, path string, headers ...string) *http.Request {
	r := httptest.NewRequest(method, "http://"+host+path, strings.NewReader("{}"))
	if host == "" {
		r.Host = ""
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	return r
}

// arrivedAt marks r as having arrived on a connection to ip.
func arrivedAt(r *http.Request, ip string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), http.LocalAddrContextKey, &net.TCPAddr{IP: net.ParseIP(ip), Port: 4599}))
}

// wantRefused checks a 403 AccessDeniedException whose message names the
// flag, without CORS headers, and that the request reached nothing.
func (s *guarded) wantRefused(t *testing.T, r *http.Request, flag string) {
	t.Helper()
	before := s.reached
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusForbidden || w.Header().Get("X-Amzn-ErrorType") != "AccessDeniedException" {
		t.Fatalf("%s %s (Host %s): %d %s %s, want 403 AccessDeniedException", r.Method, r.URL.Path, r.Host, w.Code, w.Header().Get("X-Amzn-ErrorType"), w.Body)
	}
	var body struct{ Message string }
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || !strings.Contains(body.Message, flag) {
		t.Fatalf("body %s: want a JSON message naming %s", w.Body, flag)
	}
	if v := w.Header().Get("Access-Control-Allow-Origin"); v != "" {
		t.Fatalf("a refusal carries Access-Control-Allow-Origin %q", v)
	}
	if s.reached != before {
		t.Fatalf("a refused request reached the handler")
	}
}

func (s *guarded) wantAdmitted(t *testing.T, r *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	before := s.reached
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusOK || s.reached != before+1 {
		t.Fatalf("%s %s (Host %s, Origin %q, Referer %q): %d %s, want it admitted", r.Method, r.URL.Path, r.Host,
			r.Header.Get("Origin"), r.Header.Get("Referer"), w.Code, w.Body)
	}
	return w
}

func TestHosts(t *testing.T) {
	for _, tc := range []struct {
		host    string
		arrived string // the local IP the connection arrived at, if any
		allowed []string
		ok      bool
	}{
		{host: "127.0.0.1:4599", ok: true},
		{host: "127.0.0.1", ok: true},
		{host: "127.1.2.3:80", ok: true},
		{host: "localhost:4599", ok: true},
		{host: "LOCALHOST.:4599", ok: true},
		{host: "wallboard.localhost:4599", ok: true},
		{host: "[::1]:4599", ok: true},
		{host: "[::1]", ok: true},
		{host: "0.0.0.0:4599", ok: true},
		{host: "[::]:4599", ok: true},
		{host: "", ok: true}, // HTTP/1.0 without Host: never a browser
		{host: "evil.test:4599"},
		{host: "evil.test"},
		{host: "localhost.evil.test:4599"},
		{host: "127.0.0.1.nip.io:4599"},
		{host: "notlocalhost:4599"},
		{host: "10.0.0.5:4599"},
		// The address the server was reached at (--addr 0.0.0.0:4599 or
		// 10.0.0.5:4599), on any port (a forwarded one), not another.
		{host: "10.0.0.5:4599", arrived: "10.0.0.5", ok: true},
		{host: "10.0.0.5:8080", arrived: "10.0.0.5", ok: true},
		{host: "10.0.0.6:4599", arrived: "10.0.0.5"},
		{host: "[fd00::5]:4599", arrived: "fd00::5", ok: true},
		{host: "10.0.0.5:4599", arrived: "::ffff:10.0.0.5", ok: true}, // dual-stack listener
		{host: "evil.test:4599", arrived: "10.0.0.5"},
		{host: "connect:4599", allowed: []string{"connect"}, ok: true},
		{host: "Connect", allowed: []string{"connect:9999"}, ok: true}, // ports are ignored
		{host: "connect-2:4599", allowed: []string{"connect"}},
		{host: "evil.test:4599", allowed: []string{"*"}, ok: true},
	} {
		t.Run(tc.host+"/"+tc.arrived+"/"+strings.Join(tc.allowed, ","), func(t *testing.T) {
			s := newGuarded(t, OriginOptions{AllowedHosts: tc.allowed}, nil)
			for _, path := range []string{"/_local/clock/advance", "/instance"} {
				method := http.MethodPost
				if path == "/instance" {
					method = http.MethodGet
				}
				r := req(method, tc.host, path)
				if tc.arrived != "" {
					r = arrivedAt(r, tc.arrived)
				}
				if !tc.ok {
					s.wantRefused(t, r, "--allowed-hosts "+hostName(tc.host))
					continue
				}
				s.wantAdmitted(t, r)
			}
		})
	}
}

func TestOrigins(t *testing.T) {
	const own = "127.0.0.1:4599"
	for _, tc := range []struct {
		name    string
		host    string
		headers []string
		allowed []string
		ok      bool
	}{
		{name: "no Origin, no Referer (SDKs, CLI, curl)", ok: true},
		{name: "own origin", headers: []string{"Origin", "http://127.0.0.1:4599"}, ok: true},
		{name: "localhost page", headers: []string{"Origin", "http://localhost:3000"}, ok: true},
		{name: "127.x page", headers: []string{"Origin", "http://127.0.0.1:5173"}, ok: true},
		{name: "::1 page", headers: []string{"Origin", "http://[::1]:8080"}, ok: true},
		{name: "https localhost page", headers: []string{"Origin", "https://app.localhost"}, ok: true},
		{name: "other site", headers: []string{"Origin", "http://evil.test"}},
		{name: "other site, server's port", headers: []string{"Origin", "http://evil.test:4599"}},
		{name: "localhost look-alike", headers: []string{"Origin", "http://localhost.evil.test:3000"}},
		{name: "null", headers: []string{"Origin", "null"}},
		{name: "garbage", headers: []string{"Origin", "not an origin"}},
		{name: "file", headers: []string{"Origin", "file://"}},
		{name: "extension", headers: []string{"Origin", "chrome-extension://abcdef"}},
		{name: "Origin wins over Referer", headers: []string{"Origin", "http://localhost:3000", "Referer", "http://evil.test/"}, ok: true},
		{name: "Origin wins over Referer, refused", headers: []string{"Origin", "http://evil.test", "Referer", "http://localhost:3000/"}},
		{name: "Referer of another site", headers: []string{"Referer", "https://evil.test/page?q=1"}},
		{name: "Referer on localhost", headers: []string{"Referer", "http://localhost:3000/app/index.html"}, ok: true},
		{name: "Referer of the wallboard", headers: []string{"Referer", "http://127.0.0.1:4599/_local/ui/"}, ok: true},
		{name: "unparsable Referer", headers: []string{"Referer", "::nonsense"}},
		// The server's own origin when reached by an allowed name.
		{name: "own origin by name", host: "connect:4599", allowed: nil, headers: []string{"Origin", "http://connect:4599"}, ok: true},
		{name: "own name, other port", host: "connect:4599", headers: []string{"Origin", "http://connect:4600"}},
		{name: "own name, other scheme", host: "connect:4599", headers: []string{"Origin", "https://connect:4599"}},
		{name: "own name, default port", host: "connect", headers: []string{"Origin", "http://connect"}, ok: true},
		{name: "own name, default port written", host: "connect:80", headers: []string{"Origin", "http://connect"}, ok: true},
		{name: "allowed origin", allowed: []string{"http://allowed.test:8080"}, headers: []string{"Origin", "http://allowed.test:8080"}, ok: true},
		{name: "allowed origin, case", allowed: []string{"http://allowed.test:8080"}, headers: []string{"Origin", "http://ALLOWED.test:8080"}, ok: true},
		{name: "allowed origin, other port", allowed: []string{"http://allowed.test:8080"}, headers: []string{"Origin", "http://allowed.test:8081"}},
		{name: "allowed origin, other scheme", allowed: []string{"http://allowed.test:8080"}, headers: []string{"Origin", "https://allowed.test:8080"}},
		{name: "allowed origin, default port", allowed: []string{"https://app.test/"}, headers: []string{"Origin", "https://app.test"}, ok: true},
		{name: "allowed origin by Referer", allowed: []string{"https://app.test"}, headers: []string{"Referer", "https://app.test/x"}, ok: true},
		{name: "allowed extension", allowed: []string{"chrome-extension://abcdef"}, headers: []string{"Origin", "chrome-extension://abcdef"}, ok: true},
		{name: "any", allowed: []string{"*"}, headers: []string{"Origin", "http://evil.test"}, ok: true},
		{name: "any, null", allowed: []string{"*"}, headers: []string{"Origin", "null"}, ok: true},
		{name: "any, Referer", allowed: []string{"*"}, headers: []string{"Referer", "http://evil.test/"}, ok: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			host := cmp.Or(tc.host, own)
			s := newGuarded(t, OriginOptions{AllowedHosts: []string{"connect"}, AllowedOrigins: tc.allowed}, nil)
			for _, m := range []struct{ method, path string }{{"POST", "/_local/clock/advance"}, {"GET", "/_local/wallboard"}, {"GET", "/instance"}} {
				r := req(m.method, host, m.path, tc.headers...)
				r.Header.Set("Content-Type", "text/plain")
				if !tc.ok {
					s.wantRefused(t, r, "--allowed-origins")
					continue
				}
				w := s.wantAdmitted(t, r)
				origin := r.Header.Get("Origin")
				if got := w.Header().Get("Access-Control-Allow-Origin"); got != origin {
					t.Fatalf("Access-Control-Allow-Origin %q, want %q", got, origin)
				}
				if origin != "" && (w.Header().Get("Vary") != "Origin" || !strings.Contains(w.Header().Get("Access-Control-Expose-Headers"), "x-amzn-errortype")) {
					t.Fatalf("CORS headers of an admitted request: %v", w.Header())
				}
			}
		})
	}
}

func TestOriginRefusalsNameTheFix(t *testing.T) {
	s := newGuarded(t, OriginOptions{}, nil)
	s.wantRefused(t, req("POST", "127.0.0.1:4599", "/_local/clock/advance", "Origin", "https://evil.test"), "--allowed-origins https://evil.test ")
	s.wantRefused(t, req("POST", "127.0.0.1:4599", "/_local/clock/advance", "Referer", "http://evil.test:8080/a/b"), "--allowed-origins http://evil.test:8080 ")
	s.wantRefused(t, req("POST", "127.0.0.1:4599", "/_local/clock/advance", "Origin", "null"), "--allowed-origins '*'")
	s.wantRefused(t, req("GET", "evil.test:4599", "/instance"), "--allowed-hosts evil.test ")
}

// TestWallboardLinksWorkFromAnyPage: the wallboard's static files and the
// health check hold no data, so a link from another site reaches them; the
// data behind them does not.
func TestWallboardLinksWorkFromAnyPage(t *testing.T) {
	s := newGuarded(t, OriginOptions{}, nil)
	for _, path := range []string{"/_local/ui/", "/_local/ui", "/_local/ui/app.js", "/_local/health"} {
		w := s.wantAdmitted(t, req("GET", "127.0.0.1:4599", path, "Referer", "https://docs.example/"))
		if w.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("%s: CORS header for a refused origin", path)
		}
	}
	s.wantRefused(t, req("POST", "127.0.0.1:4599", "/_local/ui/", "Origin", "https://evil.test"), "--allowed-origins")
	s.wantRefused(t, req("GET", "127.0.0.1:4599", "/_local/wallboard/feed", "Referer", "https://docs.example/"), "--allowed-origins")
	// The Host is checked all the same.
	s.wantRefused(t, req("GET", "evil.test:4599", "/_local/ui/"), "--allowed-hosts")
}

// sdkHeaders is what the AWS SDK for JavaScript v3 asks for in a browser.
const sdkHeaders = "amz-sdk-invocation-id,amz-sdk-request,authorization,content-type,x-amz-content-sha256,x-amz-date,x-amz-security-token,x-amz-user-agent"

// refuseAll is a strict Authenticator that lets nothing through.
type refuseAll struct{}

func (refuseAll) Authenticate(*http.Request, []byte) (Caller, *Error) {
	return Caller{}, Errorf("MissingAuthenticationTokenException", http.StatusForbidden, "Missing Authentication Token")
}

func TestPreflights(t *testing.T) {
	preflight := func(origin, method, headers string, more ...string) *http.Request {
		h := append([]string{"Origin", origin, "Access-Control-Request-Method", method}, more...)
		if headers != "" {
			h = append(h, "Access-Control-Request-Headers", headers)
		}
		return req("OPTIONS", "127.0.0.1:4599", "/instance", h...)
	}
	for _, tc := range []struct {
		name         string
		r            *http.Request
		allowed      []string
		allowHeaders string // "" = refused
	}{
		{"SDK from localhost", preflight("http://localhost:3000", "PUT", sdkHeaders), nil, strings.ReplaceAll(sdkHeaders, ",", ", ")},
		{"SDK from an allowed origin", preflight("http://allowed.test:8080", "POST", sdkHeaders), []string{"http://allowed.test:8080"}, strings.ReplaceAll(sdkHeaders, ",", ", ")},
		{"any origin", preflight("http://evil.test", "DELETE", "Content-Type"), []string{"*"}, "content-type"},
		{"other x-amz header", preflight("http://localhost:3000", "POST", "X-Amz-Target, amz-sdk-whatever, x-amz-checksum-crc32"), nil, "x-amz-target, amz-sdk-whatever, x-amz-checksum-crc32"},
		{"no headers asked", preflight("http://localhost:3000", "GET", ""), nil, strings.Join(corsHeaders, ", ")},
		{"refused origin", preflight("http://evil.test", "POST", sdkHeaders), nil, ""},
		{"null origin", preflight("null", "POST", "content-type"), nil, ""},
		{"refused header", preflight("http://localhost:3000", "POST", "content-type, x-evil"), nil, ""},
		{"refused method", preflight("http://localhost:3000", "TRACE", ""), nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, auth := range []Authenticator{nil, refuseAll{}} { // preflights are never signed
				s := newGuarded(t, OriginOptions{AllowedOrigins: tc.allowed}, auth)
				if tc.allowHeaders == "" {
					s.wantRefused(t, tc.r, "allow")
					continue
				}
				w := httptest.NewRecorder()
				s.ServeHTTP(w, tc.r)
				h := w.Header()
				if w.Code != http.StatusNoContent || s.reached != 0 {
					t.Fatalf("%d %s (reached %d)", w.Code, w.Body, s.reached)
				}
				for k, v := range map[string]string{
					"Access-Control-Allow-Origin":  tc.r.Header.Get("Origin"),
					"Vary":                         "Origin",
					"Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
					"Access-Control-Allow-Headers": tc.allowHeaders,
					"Access-Control-Max-Age":       "600",
				} {
					if h.Get(k) != v {
						t.Fatalf("%s: %q, want %q", k, h.Get(k), v)
					}
				}
				if h.Get("Access-Control-Allow-Private-Network") != "" {
					t.Fatal("Access-Control-Allow-Private-Network without being asked")
				}
			}
		})
	}
	// Chrome's Private Network Access preflight, from an allowed origin.
	s := newGuarded(t, OriginOptions{AllowedOrigins: []string{"https://app.test"}}, nil)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, preflight("https://app.test", "POST", "content-type", "Access-Control-Request-Private-Network", "true"))
	if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Private-Network") != "true" {
		t.Fatalf("%d %v", w.Code, w.Header())
	}
	// An OPTIONS that is not a preflight goes on as any request does.
	s = newGuarded(t, OriginOptions{}, nil)
	w = httptest.NewRecorder()
	s.ServeHTTP(w, req("OPTIONS", "127.0.0.1:4599", "/instance", "Origin", "http://localhost:3000"))
	if w.Code != http.StatusNotFound || w.Header().Get("X-Amzn-ErrorType") != "UnknownOperationException" {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}

// TestCORSHeadersOnErrors: the SDK reads the error type of a failed call,
// so an allowed page's error responses carry the CORS headers too.
func TestCORSHeadersOnErrors(t *testing.T) {
	s := newGuarded(t, OriginOptions{}, refuseAll{})
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req("GET", "127.0.0.1:4599", "/instance", "Origin", "http://localhost:3000"))
	if w.Code != http.StatusForbidden || w.Header().Get("X-Amzn-ErrorType") != "MissingAuthenticationTokenException" ||
		w.Header().Get("Access-Control-Allow-Origin") != "http://localhost:3000" || w.Header().Get("Access-Control-Expose-Headers") != corsExpose {
		t.Fatalf("%d %v", w.Code, w.Header())
	}
}

func TestAllowedOriginsMustBeOrigins(t *testing.T) {
	for _, o := range []string{"allowed.test", "http://allowed.test/app", "http://allowed.test?x=1", "http://user@allowed.test", "http://", "null"} {
		if _, err := NewOriginGuard(OriginOptions{AllowedOrigins: []string{o}}); err == nil {
			t.Errorf("%q: accepted", o)
		}
	}
	if _, err := NewOriginGuard(OriginOptions{AllowedOrigins: []string{" http://a.test:1 ", "", "https://b.test/", "*"}}); err != nil {
		t.Fatal(err)
	}
}
