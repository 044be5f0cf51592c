package sigv4

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/connect-local/connect-local/internal/clock"
)

var now = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

const testCreds = `{"credentials": [
  {"accessKeyId": "AKIDALPHA", "secretAccessKey": "alpha-secret", "accountId": "111111111111"},
  {"accessKeyId": "AKIDBETA", "secretAccessKey": "beta-secret", "accountId": "222222222222"}
]}`

func verifier(t *testing.T) *Verifier {
	t.Helper()
	creds, err := ParseCredentials(strings.NewReader(testCreds))
	if err != nil {
		t.Fatal(err)
	}
	return New(creds, clock.NewVirtual(now))
}

func hash(b string) string {
	h := sha256.Sum256([]byte(b))
	return hex.EncodeToString(h[:])
}

// request builds the server's view of a request to path with body.
func request(method, target, body string) *http.Request {
	r := httptest.NewRequest(method, "http://127.0.0.1:4599"+target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("User-Agent", "test/1.0")
	return r
}

// sign signs r as an SDK would, with key and secret, at t.
func sign(t *testing.T, r *http.Request, key, secret, region string, at time.Time, body string) {
	t.Helper()
	err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}, r, hash(body), "connect", region, at)
	if err != nil {
		t.Fatal(err)
	}
}

func presign(t *testing.T, method, target, key, secret string, at time.Time, expires string) *http.Request {
	t.Helper()
	r := request(method, target, "")
	r.Header.Del("Content-Type")
	r.Header.Del("User-Agent")
	if expires != "" {
		q := r.URL.Query()
		q.Set("X-Amz-Expires", expires)
		r.URL.RawQuery = q.Encode()
	}
	u, hdr, err := v4.NewSigner().PresignHTTP(context.Background(), aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}, r, hash(""), "connect", "eu-west-2", at)
	if err != nil {
		t.Fatal(err)
	}
	out := httptest.NewRequest(method, u, nil)
	for k, v := range hdr {
		if k != "Host" {
			out.Header[k] = v
		}
	}
	return out
}

func wantRefusal(t *testing.T, v *Verifier, r *http.Request, body, typ string) {
	t.Helper()
	c, err := v.Authenticate(r, []byte(body))
	if err == nil {
		t.Fatalf("accepted as %+v; want %s", c, typ)
	}
	if err.Type != typ || err.Status != http.StatusForbidden {
		t.Fatalf("got %d %s (%s); want 403 %s", err.Status, err.Type, err.Message, typ)
	}
}

func TestSignedRequestsAreAcceptedAsTheKeysAccount(t *testing.T) {
	v := verifier(t)
	for _, tc := range []struct{ name, method, target, body string }{
		{"json body", "PUT", "/queues/abc", `{"Name":"q","HoursOfOperationId":"h"}`},
		{"no body", "GET", "/instance/abc", ""},
		{"query", "GET", "/queues-summary/abc?maxResults=5&queueTypes=STANDARD&queueTypes=AGENT&nextToken=a%2Bb%3D%3D", ""},
		{"escaped ARN in path", "POST", "/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A111111111111%3Ainstance%2Fabc", `{"tags":{"k":"v"}}`},
		{"spaces and unicode", "GET", "/users-summary/abc?x=a%20b&y=%C3%A9", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := request(tc.method, tc.target, tc.body)
			sign(t, r, "AKIDBETA", "beta-secret", "ap-southeast-2", now.Add(-4*time.Minute), tc.body)
			c, err := v.Authenticate(r, []byte(tc.body))
			if err != nil {
				t.Fatalf("%s: %s", err.Type, err.Message)
			}
			if c.Account != "222222222222" || c.Region != "ap-southeast-2" || c.AccessKey != "AKIDBETA" || !c.Verified {
				t.Fatalf("caller %+v", c)
			}
		})
	}
}

func TestRefusals(t *testing.T) {
	v := verifier(t)
	body := `{"Name":"q"}`
	signed := func(mut func(r *http.Request)) *http.Request {
		r := request("PUT", "/queues/abc", body)
		sign(t, r, "AKIDALPHA", "alpha-secret", "us-east-1", now, body)
		if mut != nil {
			mut(r)
		}
		return r
	}
	t.Run("missing", func(t *testing.T) {
		wantRefusal(t, v, request("GET", "/instance", ""), "", "MissingAuthenticationTokenException")
	})
	t.Run("unknown key", func(t *testing.T) {
		r := request("PUT", "/queues/abc", body)
		sign(t, r, "AKIDNOBODY", "alpha-secret", "us-east-1", now, body)
		wantRefusal(t, v, r, body, "UnrecognizedClientException")
	})
	t.Run("wrong secret", func(t *testing.T) {
		r := request("PUT", "/queues/abc", body)
		sign(t, r, "AKIDALPHA", "beta-secret", "us-east-1", now, body)
		wantRefusal(t, v, r, body, "InvalidSignatureException")
	})
	t.Run("body changed", func(t *testing.T) {
		wantRefusal(t, v, signed(nil), `{"Name":"r"}`, "InvalidSignatureException")
	})
	t.Run("path changed", func(t *testing.T) {
		wantRefusal(t, v, signed(func(r *http.Request) { r.URL.Path = "/queues/abd" }), body, "InvalidSignatureException")
	})
	t.Run("query added", func(t *testing.T) {
		wantRefusal(t, v, signed(func(r *http.Request) { r.URL.RawQuery = "maxResults=1" }), body, "InvalidSignatureException")
	})
	t.Run("signed header changed", func(t *testing.T) {
		wantRefusal(t, v, signed(func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") }), body, "InvalidSignatureException")
	})
	t.Run("signed header removed", func(t *testing.T) {
		wantRefusal(t, v, signed(func(r *http.Request) { r.Header.Del("Content-Type") }), body, "InvalidSignatureException")
	})
	t.Run("region changed in scope", func(t *testing.T) {
		wantRefusal(t, v, signed(func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/us-east-1/", "/us-west-2/", 1))
		}), body, "InvalidSignatureException")
	})
	t.Run("other service", func(t *testing.T) {
		r := request("PUT", "/queues/abc", body)
		v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "AKIDALPHA", SecretAccessKey: "alpha-secret"}, r, hash(body), "s3", "us-east-1", now)
		wantRefusal(t, v, r, body, "InvalidSignatureException")
	})
	t.Run("payload hash header that lies", func(t *testing.T) {
		r := request("PUT", "/queues/abc", body)
		r.Header.Set("X-Amz-Content-Sha256", hash("something else"))
		sign(t, r, "AKIDALPHA", "alpha-secret", "us-east-1", now, "something else")
		wantRefusal(t, v, r, body, "InvalidSignatureException")
	})
	t.Run("malformed", func(t *testing.T) {
		for _, h := range []string{"AWS4-HMAC-SHA256 Credential=AKIDALPHA", "Bearer x", "AWS4-HMAC-SHA256 Credential=AKIDALPHA/x, SignedHeaders=host, Signature=00"} {
			r := signed(func(r *http.Request) { r.Header.Set("Authorization", h) })
			wantRefusal(t, v, r, body, "IncompleteSignatureException")
		}
		r := signed(func(r *http.Request) { r.Header.Set("X-Amz-Date", "yesterday") })
		wantRefusal(t, v, r, body, "IncompleteSignatureException")
	})
}

func TestClockSkewOverFiveMinutesIsRefused(t *testing.T) {
	v := verifier(t)
	for _, tc := range []struct {
		offset time.Duration
		ok     bool
		msg    string
	}{
		{-5 * time.Minute, true, ""},
		{5 * time.Minute, true, ""},
		{-5*time.Minute - time.Second, false, "Signature expired: 20240501T115459Z is now earlier than 20240501T115500Z (20240501T120000Z - 5 min.)"},
		{5*time.Minute + time.Second, false, "Signature not yet current: 20240501T120501Z is still later than 20240501T120500Z (20240501T120000Z + 5 min.)"},
	} {
		r := request("GET", "/instance", "")
		sign(t, r, "AKIDALPHA", "alpha-secret", "us-east-1", now.Add(tc.offset), "")
		_, err := v.Authenticate(r, nil)
		if tc.ok != (err == nil) {
			t.Fatalf("offset %s: error %v, want ok=%v", tc.offset, err, tc.ok)
		}
		if err != nil && (err.Type != "InvalidSignatureException" || err.Status != 403 || err.Message != tc.msg) {
			t.Fatalf("offset %s: %d %s %q", tc.offset, err.Status, err.Type, err.Message)
		}
	}
}

func TestPresignedRequests(t *testing.T) {
	v := verifier(t)
	r := presign(t, "GET", "/instance/abc?maxResults=3", "AKIDALPHA", "alpha-secret", now.Add(-time.Minute), "")
	c, err := v.Authenticate(r, nil)
	if err != nil {
		t.Fatalf("%s: %s", err.Type, err.Message)
	}
	if c.Account != "111111111111" || c.Region != "eu-west-2" || !c.Verified {
		t.Fatalf("caller %+v", c)
	}
	// X-Amz-Expires extends the window; past it the URL is dead.
	r = presign(t, "GET", "/instance/abc", "AKIDALPHA", "alpha-secret", now.Add(-50*time.Minute), "3600")
	if _, err := v.Authenticate(r, nil); err != nil {
		t.Fatalf("within X-Amz-Expires: %s: %s", err.Type, err.Message)
	}
	r = presign(t, "GET", "/instance/abc", "AKIDALPHA", "alpha-secret", now.Add(-61*time.Minute), "3600")
	wantRefusal(t, v, r, "", "InvalidSignatureException")

	r = presign(t, "GET", "/instance/abc", "AKIDALPHA", "beta-secret", now, "")
	wantRefusal(t, v, r, "", "InvalidSignatureException")
	r = presign(t, "GET", "/instance/abc", "AKIDALPHA", "alpha-secret", now, "")
	q := r.URL.Query()
	q.Set("maxResults", "9")
	r.URL.RawQuery = q.Encode()
	wantRefusal(t, v, r, "", "InvalidSignatureException")
	r = presign(t, "GET", "/instance/abc", "AKIDGHOST", "alpha-secret", now, "")
	wantRefusal(t, v, r, "", "UnrecognizedClientException")
}

func TestSessionTokenIsPartOfTheSignature(t *testing.T) {
	v := verifier(t)
	r := request("GET", "/instance", "")
	err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "AKIDALPHA", SecretAccessKey: "alpha-secret", SessionToken: "tok"}, r, hash(""), "connect", "us-east-1", now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Authenticate(r, nil); err != nil {
		t.Fatalf("%s: %s", err.Type, err.Message)
	}
	r.Header.Set("X-Amz-Security-Token", "other")
	wantRefusal(t, v, r, "", "InvalidSignatureException")
}

func TestParseCredentials(t *testing.T) {
	for _, bad := range []string{
		``, `{}`, `{"credentials": []}`, `{"credentials": [{"accessKeyId": "A", "secretAccessKey": "s"}]}`,
		`{"credentials": [{"accessKeyId": "A", "secretAccessKey": "s", "accountId": "12345"}]}`,
		`{"credentials": [{"accessKeyId": "A/B", "secretAccessKey": "s", "accountId": "123456789012"}]}`,
		`{"credentials": [{"accessKeyId": "A", "secretAccessKey": "", "accountId": "123456789012"}]}`,
		`{"credentials": [{"accessKeyId": "A", "secretAccessKey": "s", "accountId": "123456789012"}, {"accessKeyId": "A", "secretAccessKey": "t", "accountId": "123456789012"}]}`,
		`{"credentials": [{"accessKeyId": "A", "secretAccessKey": "s", "accountId": "123456789012", "extra": 1}]}`,
	} {
		if _, err := ParseCredentials(strings.NewReader(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		} else if strings.Contains(err.Error(), `"s"`) || strings.Contains(err.Error(), " t ") {
			t.Errorf("error shows a secret: %v", err)
		}
	}
}
