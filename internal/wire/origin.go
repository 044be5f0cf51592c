package wire

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// OriginOptions configures an OriginGuard: what a web browser may do with
// the server beyond what a page on localhost may.
type OriginOptions struct {
	// AllowedHosts are Host header names accepted beside the loopback ones
	// and the address the request arrived at (--allowed-hosts), e.g. the
	// service name of a container. A port, if given, is ignored. "*"
	// accepts any Host.
	AllowedHosts []string
	// AllowedOrigins are web origins (scheme://host[:port]) whose pages may
	// call the server beside the server's own and loopback ones
	// (--allowed-origins). "*" allows any page, Origin: null included.
	AllowedOrigins []string
}

// OriginGuard stops web pages from driving the server: a page on another
// site posting a form or a "simple" fetch at 127.0.0.1 (CSRF), and a page
// whose name was re-pointed at 127.0.0.1 to read the answers (DNS
// rebinding). It runs before anything else, authentication included, for the
// AWS API and /_local/ alike:
//
//   - the Host header must name a loopback host (localhost, *.localhost,
//     127.0.0.0/8, [::1]), the unspecified address (0.0.0.0, [::]), the IP
//     address the request arrived at (with --addr :4599 or 0.0.0.0, the
//     address of whichever interface the client dialled) or an allowed
//     host. IP literals cannot be rebound; names can, so a name other than
//     localhost must be allowed by hand.
//   - an Origin header (or, without one, the origin of the Referer) must be
//     the server's own origin (scheme, host and port of the Host header), a
//     loopback origin on any port, or an allowed origin. Requests with
//     neither header — the SDKs, the CLI, curl — pass unchanged. GET and
//     HEAD of the wallboard's static files and of the health check, which
//     hold no data, are not checked, so that a link to the wallboard works
//     from any page.
//   - a CORS preflight from an allowed origin is answered here, without a
//     signature (browsers never sign one); actual responses to an allowed
//     origin carry the CORS headers the AWS SDK for JavaScript needs.
//
// A refusal is a 403 AccessDeniedException naming the flag that would
// allow the request.
type OriginGuard struct {
	anyHost   bool
	hosts     map[string]bool
	anyOrigin bool
	origins   map[string]bool // canonical: scheme://host:port
}

// NewOriginGuard builds a guard; it fails on an allowed origin that is not
// scheme://host[:port].
func NewOriginGuard(opts OriginOptions) (*OriginGuard, error) {
	g := &OriginGuard{hosts: map[string]bool{}, origins: map[string]bool{}}
	for _, h := range opts.AllowedHosts {
		h = strings.TrimSpace(h)
		switch {
		case h == "":
		case h == "*":
			g.anyHost = true
		default:
			g.hosts[hostName(h)] = true
		}
	}
	for _, o := range opts.AllowedOrigins {
		o = strings.TrimSpace(o)
		switch {
		case o == "":
		case o == "*":
			g.anyOrigin = true
		default:
			c, ok := canonicalOrigin(o, false)
			if !ok {
				return nil, fmt.Errorf("allowed origin %q: want scheme://host[:port], e.g. http://app.test:3000", o)
			}
			g.origins[c] = true
		}
	}
	return g, nil
}

// corsMethods and corsHeaders are what a preflight may ask for: every
// method the API and /_local/ use, and the headers the AWS SDK for
// JavaScript v3 sends from a browser. Any x-amz-* or amz-sdk-* header is
// allowed too.
const corsMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS"

var corsHeaders = []string{
	"authorization", "content-type", "content-length", "accept", "accept-language", "content-language",
	"x-amz-date", "x-amz-security-token", "x-amz-user-agent", "x-amz-content-sha256", "x-amz-bearer",
	"x-amz-target", "x-amz-client-context", "amz-sdk-invocation-id", "amz-sdk-request", "x-amzn-trace-id",
}

// corsExpose are the response headers a page's script may read: the SDK
// reads the request id and error type from them.
const corsExpose = "x-amzn-requestid, x-amzn-errortype, x-amz-apigw-id, date"

// admit checks r. When the request stops here — a refusal, or a preflight
// answered — it returns done (and the refusal, for the caller to log and
// send; a preflight answer is already written). Otherwise it has set the
// CORS headers an allowed cross-origin page needs, and the request goes on.
func (g *OriginGuard) admit(w http.ResponseWriter, r *http.Request) (done bool, refusal *Error) {
	if !g.hostAllowed(r) {
		return true, Errorf("AccessDeniedException", http.StatusForbidden,
			"connect-local refuses the Host %q: it answers only to loopback names and addresses and the address it listens on, "+
				"so that a web page cannot reach it through DNS rebinding. To reach it by this name, start it with --allowed-hosts %s "+
				"(env CONNECT_LOCAL_ALLOWED_HOSTS), or --allowed-hosts '*' to accept any name.", clipHeader(r.Host), clipHeader(hostName(r.Host)))
	}
	origin := r.Header.Get("Origin")
	preflight := r.Method == http.MethodOptions && origin != "" && r.Header.Get("Access-Control-Request-Method") != ""
	if !preflight && (r.Method == http.MethodGet || r.Method == http.MethodHead) && isOpenPath(r.URL.Path) {
		return false, nil
	}
	from, header := origin, "Origin"
	if origin == "" {
		if from = r.Header.Get("Referer"); from == "" {
			return false, nil // not sent by a web page: SDKs, the CLI, curl
		}
		header = "Referer"
	}
	if !g.originAllowed(from, header == "Referer", r) {
		if from == "null" {
			return true, Errorf("AccessDeniedException", http.StatusForbidden,
				"connect-local refuses requests from pages with an opaque origin (Origin: null: a sandboxed frame, a file:// page, a redirect). "+
					"Only --allowed-origins '*' (env CONNECT_LOCAL_ALLOWED_ORIGINS) allows them.")
		}
		suggest := from
		if c, ok := canonicalOrigin(from, header == "Referer"); ok {
			suggest = displayOrigin(c)
		}
		return true, Errorf("AccessDeniedException", http.StatusForbidden,
			"connect-local refuses requests from web pages at %s (%s header): only its own origin and pages on localhost may call it, "+
				"so that a page on another site cannot drive it. To allow this page, start it with --allowed-origins %s "+
				"(env CONNECT_LOCAL_ALLOWED_ORIGINS), or --allowed-origins '*' to allow any.", clipHeader(from), header, clipHeader(suggest))
	}
	if origin == "" {
		return false, nil // a Referer only: same-origin or not a CORS request
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Add("Vary", "Origin")
	if !preflight {
		h.Set("Access-Control-Expose-Headers", corsExpose)
		return false, nil
	}
	if m := strings.ToUpper(strings.TrimSpace(r.Header.Get("Access-Control-Request-Method"))); !strings.Contains(", "+corsMethods+",", ", "+m+",") {
		clearCORS(h)
		return true, Errorf("AccessDeniedException", http.StatusForbidden, "connect-local allows no %s requests from web pages; it allows %s.", clipHeader(m), corsMethods)
	}
	allowHeaders := strings.Join(corsHeaders, ", ")
	if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
		var asked []string
		for _, name := range strings.Split(req, ",") {
			name = strings.ToLower(strings.TrimSpace(name))
			if name == "" {
				continue
			}
			if !slices.Contains(corsHeaders, name) && !strings.HasPrefix(name, "x-amz-") && !strings.HasPrefix(name, "amz-sdk-") {
				clearCORS(h)
				return true, Errorf("AccessDeniedException", http.StatusForbidden,
					"connect-local allows no %q header from web pages; it allows %s and any x-amz-* or amz-sdk-* header.", clipHeader(name), allowHeaders)
			}
			asked = append(asked, name)
		}
		if len(asked) > 0 {
			allowHeaders = strings.Join(asked, ", ")
		}
	}
	h.Set("Access-Control-Allow-Methods", corsMethods)
	h.Set("Access-Control-Allow-Headers", allowHeaders)
	h.Set("Access-Control-Max-Age", "600")
	// Chrome's Private Network Access asks before a public page may call a
	// server on this machine; an allowed origin may.
	if strings.EqualFold(r.Header.Get("Access-Control-Request-Private-Network"), "true") {
		h.Set("Access-Control-Allow-Private-Network", "true")
	}
	w.WriteHeader(http.StatusNoContent)
	return true, nil
}

func clearCORS(h http.Header) {
	h.Del("Access-Control-Allow-Origin")
	h.Del("Vary")
}

// hostAllowed reports whether the Host header names this server.
func (g *OriginGuard) hostAllowed(r *http.Request) bool {
	if g.anyHost || r.Host == "" { // no Host: HTTP/1.0, never a browser
		return true
	}
	name := hostName(r.Host)
	if isLoopbackName(name) || g.hosts[name] {
		return true
	}
	ip := net.ParseIP(name)
	if ip == nil {
		return false
	}
	if ip.IsLoopback() || ip.IsUnspecified() {
		return true
	}
	local, ok := r.Context().Value(http.LocalAddrContextKey).(*net.TCPAddr)
	return ok && local.IP.Equal(ip)
}

// originAllowed reports whether a page at origin (an Origin header, or the
// URL of a Referer) may call the server.
func (g *OriginGuard) originAllowed(origin string, isURL bool, r *http.Request) bool {
	if g.anyOrigin {
		return true
	}
	c, ok := canonicalOrigin(origin, isURL)
	if !ok {
		return false // Origin: null, or nothing a browser sends
	}
	u, _ := url.Parse(c)
	if (u.Scheme == "http" || u.Scheme == "https") && isLoopbackHost(u.Hostname()) {
		return true
	}
	if g.origins[c] {
		return true
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	own, ok := canonicalOrigin(scheme+"://"+r.Host, false)
	return ok && c == own
}

// canonicalOrigin returns origin as scheme://host:port, lower case, the
// default port of http and https made explicit. isURL accepts a whole URL
// (a Referer) and keeps only its origin; otherwise a path, query or user
// is refused.
func canonicalOrigin(origin string, isURL bool) (string, bool) {
	u, err := url.Parse(origin)
	if err != nil || u.Scheme == "" || u.Host == "" || u.Opaque != "" {
		return "", false
	}
	if !isURL && (u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "") {
		return "", false
	}
	scheme, host, port := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), u.Port()
	if host == "" {
		return "", false
	}
	if port == "" {
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port == "" {
		return scheme + "://" + host, true
	}
	return scheme + "://" + host + ":" + port, true
}

// displayOrigin drops a default port from a canonical origin, as browsers
// write it.
func displayOrigin(c string) string {
	c = strings.TrimSuffix(c, ":80")
	if strings.HasPrefix(c, "https://") {
		c = strings.TrimSuffix(c, ":443")
	}
	return c
}

// hostName is the host of a Host header or --allowed-hosts entry: lower
// case, without port, brackets or a trailing dot.
func hostName(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// isLoopbackName reports whether name is localhost or under .localhost,
// which resolve only to this machine (RFC 6761 docs/predefined-attributes.md#operations).
func isLoopbackName(name string) bool {
	return name == "localhost" || strings.HasSuffix(name, ".localhost")
}

// isLoopbackHost reports whether host (no port) is a loopback name or
// address.
func isLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if isLoopbackName(strings.TrimSuffix(host, ".")) {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// isOpenPath reports whether path is one that holds no data: the health
// check, the wallboard's static files, and the prompt files GetPromptFile
// signs (their token is their credential).
func isOpenPath(path string) bool {
	return path == LocalPrefix+"health" || path == LocalPrefix+"ui" || strings.HasPrefix(path, LocalPrefix+"ui/") ||
		strings.HasPrefix(path, LocalPrefix+"prompt-files/") // the token in the path is the credential (local/prompts.go)
}

// clipHeader shortens a header value quoted in an error message.
func clipHeader(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}
