package sdk

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"

	"github.com/connect-local/connect-local/internal/server"
	"github.com/connect-local/connect-local/internal/wire"
)

// browserish sends what a web page can send without a preflight: a POST
// (or PUT) with a text/plain body, a form's or a "simple" fetch's, with the
// page's Origin or Referer; host, when set, is the Host header (a page
// whose name was rebound to 127.0.0.1 sends its own).
func browserish(t *testing.T, e *env, method, path, body, host string, headers ...string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(method, e.http.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/plain")
	if host != "" {
		req.Host = host
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return send(t, req)
}

// TestWebPagesCannotDriveTheServer: a page on another site posts at the
// server (CSRF) and a rebound page calls it by its own name; nothing they
// try changes anything. The same requests from a page on localhost, or with
// --allowed-origins '*' --allowed-hosts '*' (the behaviour before the
// guard), do change things: the guard, not the request's shape, stops them.
func TestWebPagesCannotDriveTheServer(t *testing.T) {
	for _, tc := range []struct {
		name  string
		opts  server.Options
		guard bool
	}{
		{"default", server.Options{Memory: true}, true},
		{"allow anything", server.Options{Memory: true, AllowedHosts: []string{"*"}, AllowedOrigins: []string{"*"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnvWith(t, tc.opts)
			c := e.clientFor(wire.DefaultAccount, wire.DefaultRegion) // the account of unsigned requests
			iid := newInstance(t, c, "origins")
			qid := newQueue(t, c, iid, newHours(t, c, iid, "Office"), "Sales")
			evil := []string{"Origin", "http://evil.test"}
			// A text/plain form whose field name is JSON: the body reads
			// {"Seconds":3600,"x":"="}.
			advance := `{"Seconds":3600,"x":"` + "=" + `"}`
			rename := `{"Name":"pwned"}`
			attempts := []struct {
				method, path, body, host string
				headers                  []string
			}{
				{"POST", "/_local/clock/advance", advance, "", evil},
				{"POST", "/_local/clock/advance", advance, "", []string{"Referer", "https://evil.test/page"}},
				{"POST", "/_local/clock/advance", advance, "", []string{"Origin", "null"}},
				{"POST", "/queues/" + iid + "/" + qid + "/name", rename, "", evil},
				{"PUT", "/instance", `{"IdentityManagementType":"CONNECT_MANAGED","InboundCallsEnabled":true,"OutboundCallsEnabled":true,"InstanceAlias":"evil"}`, "evil.test", nil},
				{"POST", "/_local/clock/advance", advance, "evil.test:4599", []string{"Origin", "http://evil.test:4599"}},
			}
			for _, a := range attempts {
				code, typ, body := browserish(t, e, a.method, a.path, a.body, a.host, a.headers...)
				if tc.guard && (code != http.StatusForbidden || typ != "AccessDeniedException" || !strings.Contains(body, "--allowed-")) {
					t.Errorf("%s %s (Host %q, %v): %d %s %s, want 403 AccessDeniedException", a.method, a.path, a.host, a.headers, code, typ, body)
				}
				if !tc.guard && code != http.StatusOK {
					t.Errorf("%s %s (Host %q, %v) without the guard: %d %s %s", a.method, a.path, a.host, a.headers, code, typ, body)
				}
			}
			// A rebound page cannot read either.
			req, _ := http.NewRequest("GET", e.http.URL+"/instance", nil)
			req.Host = "evil.test"
			if code, _, body := send(t, req); tc.guard == (code == http.StatusOK) {
				t.Errorf("GET /instance with Host evil.test: %d %s", code, body)
			}

			clockMoved := !e.clock.Now().Equal(T0)
			d, err := c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: &qid})
			if err != nil {
				t.Fatal(err)
			}
			renamed := *d.Queue.Name != "Sales"
			l, err := c.ListInstances(ctx(), &connect.ListInstancesInput{})
			if err != nil {
				t.Fatal(err)
			}
			created := len(l.InstanceSummaryList) != 1
			if changed := clockMoved || renamed || created; changed == tc.guard {
				t.Fatalf("clock moved %v (now %v), queue renamed %v, instance created %v", clockMoved, e.clock.Now(), renamed, created)
			}
		})
	}
}

// TestPagesOnLocalhostAndAllowedOriginsMayCall: a page on localhost, on an
// origin named in --allowed-origins, or the server's own wallboard may
// call, and gets the CORS headers the AWS SDK for JavaScript needs.
func TestPagesOnLocalhostAndAllowedOriginsMayCall(t *testing.T) {
	e := newEnvWith(t, server.Options{Memory: true, AllowedOrigins: []string{"http://allowed.test:8080"}})
	for i, h := range [][]string{
		{"Origin", "http://localhost:3000"},
		{"Origin", "http://allowed.test:8080"},
		{"Origin", e.http.URL},
		{"Referer", e.http.URL + "/_local/ui/"},
	} {
		code, typ, body := browserish(t, e, "POST", "/_local/clock/advance", `{"Seconds":60}`, "", h...)
		if code != http.StatusOK {
			t.Fatalf("%v: %d %s %s", h, code, typ, body)
		}
		if now := e.clock.Now(); !now.Equal(T0.Add(time.Duration(i+1) * time.Minute)) {
			t.Fatalf("%v: clock at %v", h, now)
		}
	}
	code, _, _ := browserish(t, e, "POST", "/_local/clock/advance", `{"Seconds":60}`, "", "Origin", "http://allowed.test:8081")
	if code != http.StatusForbidden {
		t.Fatalf("an origin not allowed: %d", code)
	}
}

// TestPreflightsNeedNoSignature: in --auth strict mode a browser's
// preflight, which is never signed, is answered; the call it announces
// still needs its signature.
func TestPreflightsNeedNoSignature(t *testing.T) {
	e := newStrictEnv(t)
	req, _ := http.NewRequest("OPTIONS", e.http.URL+"/instance", nil)
	req.Header.Set("Origin", "http://localhost:3000")
	req.Header.Set("Access-Control-Request-Method", "PUT")
	req.Header.Set("Access-Control-Request-Headers", "authorization,content-type,x-amz-date,x-amz-user-agent,amz-sdk-invocation-id,amz-sdk-request,x-amz-content-sha256")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "authorization") {
		t.Fatalf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
	c := connect.New(connect.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.http.URL), Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1})
	_, err = c.ListInstances(ctx(), &connect.ListInstancesInput{})
	wantAPIError(t, err, "MissingAuthenticationTokenException", 403)
}

func TestAllowedOriginsAreChecked(t *testing.T) {
	if _, err := server.New(server.Options{Memory: true, AllowedOrigins: []string{"allowed.test"}}); err == nil || !strings.Contains(err.Error(), "scheme://host") {
		t.Fatalf("server.New with origin allowed.test: %v", err)
	}
}
