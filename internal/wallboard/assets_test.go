package wallboard

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestAssetsAreServed: every embedded file answers 200 with its content
// type, no-cache and a same-origin content security policy.
func TestAssetsAreServed(t *testing.T) {
	srv := httptest.NewServer(Assets())
	defer srv.Close()
	for _, tc := range []struct{ path, ctype, contains string }{
		{"/_local/ui/", "text/html; charset=utf-8", `<script src="app.js"`},
		{"/_local/ui/index.html", "", ""}, // FileServer redirects index.html to ./
		{"/_local/ui/app.js", "text/javascript; charset=utf-8", "EventSource"},
		{"/_local/ui/app.css", "text/css; charset=utf-8", "#queues"},
	} {
		resp, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if tc.ctype == "" {
			continue
		}
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", tc.path, resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Type"); got != tc.ctype {
			t.Errorf("%s: Content-Type %q, want %q", tc.path, got, tc.ctype)
		}
		if resp.Header.Get("Cache-Control") != "no-cache" || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
			t.Errorf("%s: headers %v", tc.path, resp.Header)
		}
		if !strings.Contains(string(body), tc.contains) {
			t.Errorf("%s: body lacks %q", tc.path, tc.contains)
		}
	}
	resp, err := http.Get(srv.URL + "/_local/ui/missing.js")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("missing asset: status %d", resp.StatusCode)
	}
}

// TestAssetsLoadNothingFromOutside: no URL with a scheme or a
// protocol-relative URL anywhere in the HTML, CSS and JavaScript (no CDN,
// no web fonts, no analytics), apart from the SVG namespace name, which
// createElementNS needs and which is never fetched.
func TestAssetsLoadNothingFromOutside(t *testing.T) {
	external := regexp.MustCompile(`(?i)([a-z][a-z0-9+.-]*:)?//[a-z0-9.-]+\.[a-z]{2,}|@import|@font-face|url\(\s*['"]?(https?:|//)`)
	allowed := map[string]bool{"http://www.w3.org": true}
	files := 0
	err := fs.WalkDir(Files(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := fs.ReadFile(Files(), path)
		if err != nil {
			return err
		}
		for _, m := range external.FindAllString(string(b), -1) {
			if !allowed[m] {
				t.Errorf("%s refers to %q", path, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files != 5 {
		t.Errorf("%d embedded files, want 5 (index.html, app.js, details.js, app.css, favicon.svg)", files)
	}
}
