package sigv4

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/wire"
)

// MaxSkew is how far a signature's time may be from now, as in AWS.
const MaxSkew = 5 * time.Minute

// maxPresignExpiry is the longest X-Amz-Expires AWS accepts (7 days).
const maxPresignExpiry = 7 * 24 * time.Hour

// Service is the signing name of Amazon Connect.
const Service = "connect"

const (
	algorithm    = "AWS4-HMAC-SHA256"
	amzDate      = "20060102T150405Z"
	unsigned     = "UNSIGNED-PAYLOAD"
	hdrPayload   = "X-Amz-Content-Sha256"
	hdrToken     = "X-Amz-Security-Token"
	qSignature   = "X-Amz-Signature"
	qCredential  = "X-Amz-Credential"
	qDate        = "X-Amz-Date"
	qSignedHdrs  = "X-Amz-SignedHeaders"
	qExpires     = "X-Amz-Expires"
	qAlgorithm   = "X-Amz-Algorithm"
	msgMismatch  = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgUnknown   = "The security token included in the request is invalid."
	msgMissing   = "Missing Authentication Token"
	typeMismatch = "InvalidSignatureException"
)

// Verifier checks SigV4 signatures; it implements wire.Authenticator.
type Verifier struct {
	creds  Credentials
	wall   clock.Clock
	signer *v4.Signer
}

var _ wire.Authenticator = (*Verifier)(nil)

// New returns a Verifier for creds that reads the time from wall (nil
// means clock.Real{}).
func New(creds Credentials, wall clock.Clock) *Verifier {
	if wall == nil {
		wall = clock.Real{}
	}
	return &Verifier{creds: creds, wall: wall, signer: v4.NewSigner(func(o *v4.SignerOptions) {
		// The client already moved what it wanted into the query; the
		// rebuilt request carries exactly the headers it signed.
		o.DisableHeaderHoisting = true
	})}
}

// signed is what a request claims about its signature.
type signed struct {
	presigned  bool
	keyID      string
	scopeDate  string
	region     string
	service    string
	headers    []string // lower case, as listed
	signature  string
	date       time.Time
	rawDate    string
	expires    time.Duration // presigned only; 0 when absent
	token      string
	hashHeader string
}

// Authenticate verifies r's signature over body and returns the caller:
// the key's account and the region of the credential scope.
func (v *Verifier) Authenticate(r *http.Request, body []byte) (wire.Caller, *wire.Error) {
	s, werr := parse(r)
	if werr != nil {
		return wire.Caller{}, werr
	}
	cred, ok := v.creds[s.keyID]
	if !ok {
		return wire.Caller{}, forbidden("UnrecognizedClientException", msgUnknown)
	}
	if s.service != Service {
		return wire.Caller{}, forbidden(typeMismatch, fmt.Sprintf("Credential should be scoped to correct service: '%s'.", Service))
	}
	if s.scopeDate != s.rawDate[:8] {
		return wire.Caller{}, forbidden(typeMismatch, fmt.Sprintf("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.", s.scopeDate, s.rawDate[:8], s.rawDate))
	}
	if werr := v.checkTime(s); werr != nil {
		return wire.Caller{}, werr
	}
	bodyHash := sha256.Sum256(body)
	actual := hex.EncodeToString(bodyHash[:])
	hashes := []string{actual}
	if s.hashHeader != "" {
		if s.hashHeader != unsigned && s.hashHeader != actual {
			return wire.Caller{}, forbidden(typeMismatch, "The provided 'x-amz-content-sha256' header does not match what was computed.")
		}
		hashes = []string{s.hashHeader}
	} else if s.presigned {
		hashes = append(hashes, unsigned)
	}
	req, werr := rebuild(r, s)
	if werr != nil {
		return wire.Caller{}, werr
	}
	creds := aws.Credentials{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey, SessionToken: s.token}
	for _, h := range hashes {
		want, err := v.sign(req, creds, h, s)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(s.signature)) == 1 {
			return wire.Caller{Account: cred.AccountID, Region: s.region, AccessKey: s.keyID, Verified: true}, nil
		}
	}
	return wire.Caller{}, forbidden(typeMismatch, msgMismatch)
}

// sign signs a copy of req as the client would have and returns the
// signature.
func (v *Verifier) sign(req *http.Request, creds aws.Credentials, payloadHash string, s signed) (string, error) {
	ctx := context.Background()
	if s.presigned {
		u, _, err := v.signer.PresignHTTP(ctx, creds, req, payloadHash, s.service, s.region, s.date)
		if err != nil {
			return "", err
		}
		pu, err := url.Parse(u)
		if err != nil {
			return "", err
		}
		return pu.Query().Get(qSignature), nil
	}
	c := req.Clone(ctx)
	if err := v.signer.SignHTTP(ctx, creds, c, payloadHash, s.service, s.region, s.date); err != nil {
		return "", err
	}
	_, sig, _ := strings.Cut(c.Header.Get("Authorization"), "Signature=")
	return sig, nil
}

func (v *Verifier) checkTime(s signed) *wire.Error {
	now := v.wall.Now().UTC()
	f := func(t time.Time) string { return t.UTC().Format(amzDate) }
	if s.date.After(now.Add(MaxSkew)) {
		return forbidden(typeMismatch, fmt.Sprintf("Signature not yet current: %s is still later than %s (%s + 5 min.)", f(s.date), f(now.Add(MaxSkew)), f(now)))
	}
	if s.presigned && s.expires > 0 {
		if now.After(s.date.Add(s.expires)) {
			return forbidden(typeMismatch, fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - %d sec.)", f(s.date), f(now.Add(-s.expires)), f(now), int(s.expires/time.Second)))
		}
		return nil
	}
	if s.date.Before(now.Add(-MaxSkew)) {
		return forbidden(typeMismatch, fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - 5 min.)", f(s.date), f(now.Add(-MaxSkew)), f(now)))
	}
	return nil
}

// parse reads the signature's parts from the Authorization header or the
// presigned query string.
func parse(r *http.Request) (signed, *wire.Error) {
	var s signed
	q := r.URL.Query()
	var cred, hdrs string
	if h := r.Header.Get("Authorization"); h != "" {
		rest, ok := strings.CutPrefix(h, algorithm+" ")
		if !ok {
			return s, incomplete("Authorization header must use the " + algorithm + " algorithm.")
		}
		for _, part := range strings.Split(rest, ",") {
			k, val, _ := strings.Cut(strings.TrimSpace(part), "=")
			switch k {
			case "Credential":
				cred = val
			case "SignedHeaders":
				hdrs = val
			case "Signature":
				s.signature = val
			}
		}
		var missing []string
		for _, p := range []struct{ name, v string }{{"Credential", cred}, {"Signature", s.signature}, {"SignedHeaders", hdrs}} {
			if p.v == "" {
				missing = append(missing, "Authorization header requires '"+p.name+"' parameter.")
			}
		}
		s.rawDate = r.Header.Get(qDate)
		if s.rawDate == "" {
			missing = append(missing, "Authorization header requires existence of a 'X-Amz-Date' header.")
		}
		if len(missing) > 0 {
			return s, incomplete(strings.Join(missing, " "))
		}
		s.token = tokenIfSigned(r.Header.Get(hdrToken), hdrs)
		s.hashHeader = r.Header.Get(hdrPayload)
	} else if q.Has(qSignature) || q.Has(qCredential) || q.Has(qAlgorithm) {
		s.presigned = true
		if q.Get(qAlgorithm) != algorithm {
			return s, incomplete("X-Amz-Algorithm only supports '" + algorithm + "'.")
		}
		cred, hdrs, s.signature, s.rawDate = q.Get(qCredential), q.Get(qSignedHdrs), q.Get(qSignature), q.Get(qDate)
		var missing []string
		for _, p := range []struct{ name, v string }{{qCredential, cred}, {qSignature, s.signature}, {qSignedHdrs, hdrs}, {qDate, s.rawDate}} {
			if p.v == "" {
				missing = append(missing, "'"+p.name+"'")
			}
		}
		if len(missing) > 0 {
			return s, incomplete("AWS query-string parameters must include " + strings.Join(missing, ", ") + ".")
		}
		if e := q.Get(qExpires); e != "" {
			n, err := strconv.Atoi(e)
			if err != nil || n <= 0 || time.Duration(n)*time.Second > maxPresignExpiry {
				return s, incomplete("X-Amz-Expires must be a whole number of seconds from 1 to 604800.")
			}
			s.expires = time.Duration(n) * time.Second
		}
		s.token = q.Get(hdrToken)
		s.hashHeader = r.Header.Get(hdrPayload)
	} else {
		return s, forbidden("MissingAuthenticationTokenException", msgMissing)
	}
	parts := strings.Split(cred, "/")
	if len(parts) != 5 || parts[0] == "" || parts[4] != "aws4_request" || parts[2] == "" {
		return s, incomplete("Credential must have the form AccessKeyId/YYYYMMDD/region/service/aws4_request; got '" + clip(cred) + "'.")
	}
	s.keyID, s.scopeDate, s.region, s.service = parts[0], parts[1], parts[2], parts[3]
	t, err := time.Parse(amzDate, s.rawDate)
	if err != nil {
		return s, incomplete("X-Amz-Date must be in the ISO-8601 basic format YYYYMMDD'T'HHMMSS'Z'; got '" + clip(s.rawDate) + "'.")
	}
	s.date = t
	s.headers = strings.Split(hdrs, ";")
	return s, nil
}

// tokenIfSigned is the session token when the client signed it.
func tokenIfSigned(token, signedHeaders string) string {
	for _, h := range strings.Split(signedHeaders, ";") {
		if h == "x-amz-security-token" {
			return token
		}
	}
	return ""
}

// rebuild is the request as the client signed it: method, path, query (the
// signature itself left out) and exactly the signed headers.
func rebuild(r *http.Request, s signed) (*http.Request, *wire.Error) {
	q := r.URL.Query()
	q.Del(qSignature)
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	u := &url.URL{Scheme: scheme, Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: q.Encode()}
	req := &http.Request{Method: r.Method, URL: u, Host: r.Host, Header: http.Header{}}
	for _, h := range s.headers {
		switch h {
		case "host":
			continue
		case "content-length":
			req.ContentLength = r.ContentLength
			continue
		}
		vals := r.Header.Values(h)
		if len(vals) == 0 {
			return nil, forbidden(typeMismatch, msgMismatch)
		}
		req.Header[textproto.CanonicalMIMEHeaderKey(h)] = vals
	}
	return req, nil
}

func forbidden(typ, msg string) *wire.Error {
	return &wire.Error{Type: typ, Status: http.StatusForbidden, Message: msg}
}

// incomplete is AWS's answer to a malformed signature.
func incomplete(msg string) *wire.Error {
	return &wire.Error{Type: "IncompleteSignatureException", Status: http.StatusForbidden, Message: msg}
}

func clip(s string) string {
	if len(s) > 128 {
		return s[:125] + "..."
	}
	return s
}
