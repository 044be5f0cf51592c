package wire

import (
	"context"
	"net/http"
	"strings"
)

// DefaultAccount is the account of unsigned requests and of access keys that
// are not 12-digit account ids; DefaultRegion is the region of unsigned ones.
const (
	DefaultAccount = "000000000000"
	DefaultRegion  = "us-east-1"
)

// Caller is who sent a request and where it is scoped: resources are
// isolated per account and region, as in AWS.
type Caller struct {
	Account   string
	Region    string
	AccessKey string
	RequestID string
	Operation string
	// Host is the request's Host header: services that answer URLs on
	// this server (the participant service's WebSocket and attachment
	// URLs) build them from it.
	Host string
	// Verified is true when an Authenticator checked the signature
	// (--auth strict); permissive callers are who they say they are.
	Verified bool
}

// Authenticator decides who sent a request (docs/errors.md#errors). body is the request
// body, already read; implementations must not read r.Body. A refusal is a
// *Error (403 for bad or missing credentials) and the request goes no
// further.
type Authenticator interface {
	Authenticate(r *http.Request, body []byte) (Caller, *Error)
}

// Permissive is the default Authenticator: it believes the SigV4 credential
// scope without checking the signature, as other emulators do.
type Permissive struct{}

func (Permissive) Authenticate(r *http.Request, _ []byte) (Caller, *Error) { return callerOf(r), nil }

// Limiter admits requests by caller and operation (docs/quotas.md#api-rate-limits); a refused
// request answers 429 ThrottlingException.
type Limiter interface {
	Allow(c Caller) bool
}

type callerKey struct{}

// WithCaller returns ctx carrying c.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller of the request that ctx belongs to.
func CallerFrom(ctx context.Context) Caller {
	c, _ := ctx.Value(callerKey{}).(Caller)
	if c.Account == "" {
		c.Account = DefaultAccount
	}
	if c.Region == "" {
		c.Region = DefaultRegion
	}
	return c
}

// callerOf reads the SigV4 credential scope (Authorization header, or the
// X-Amz-Credential query parameter of a presigned request). Signatures are
// not verified here: permissive mode, as in other emulators.
func callerOf(r *http.Request) Caller {
	cred := ""
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "AWS4-HMAC-SHA256") {
		for _, part := range strings.Split(strings.TrimPrefix(h, "AWS4-HMAC-SHA256"), ",") {
			part = strings.TrimSpace(part)
			if v, ok := strings.CutPrefix(part, "Credential="); ok {
				cred = v
			}
		}
	} else if v := r.URL.Query().Get("X-Amz-Credential"); v != "" {
		cred = v
	}
	c := Caller{Account: DefaultAccount, Region: DefaultRegion}
	if cred == "" {
		return c
	}
	// AKID/date/region/service/aws4_request
	parts := strings.Split(cred, "/")
	c.AccessKey = parts[0]
	if len(parts) >= 3 && parts[2] != "" {
		c.Region = parts[2]
	}
	if isAccountID(parts[0]) {
		c.Account = parts[0]
	}
	return c
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
