package wire

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/connect-local/connect-local/internal/model"
)

var labelRE = regexp.MustCompile(`\{([^}]+)\}`)

// samplePath fills every label of op's URI template with a value that can
// never be mistaken for a literal segment.
func samplePath(op *model.Operation) string {
	p, _, _ := strings.Cut(op.RequestURI, "?")
	return labelRE.ReplaceAllString(p, "lbl-$1")
}

func TestEveryOperationRoutesToItself(t *testing.T) {
	m := model.MustLoad()
	r := NewRouter(m)
	for _, name := range m.OperationNames() {
		op := m.Operations[name]
		got, labels, ok := r.Match(op.Method, samplePath(op))
		if !ok || got.Name != name {
			gotName := "<none>"
			if got != nil {
				gotName = got.Name
			}
			t.Errorf("%s %s routed to %s", op.Method, op.RequestURI, gotName)
			continue
		}
		for _, l := range labelRE.FindAllStringSubmatch(op.RequestURI, -1) {
			label := strings.TrimSuffix(l[1], "+")
			if labels[label] != "lbl-"+l[1] {
				t.Errorf("%s: label %s = %q", name, label, labels[label])
			}
		}
	}
}

func TestPathLabelsAreUnescaped(t *testing.T) {
	r := NewRouter(model.MustLoad())
	op, labels, ok := r.Match("GET", "/predefined-attributes/inst-1/Tech%2FStack%3A%20v2")
	if !ok || op.Name != "DescribePredefinedAttribute" || labels["Name"] != "Tech/Stack: v2" {
		t.Fatalf("got %v %v %v", op, labels, ok)
	}
	op, labels, ok = r.Match("GET", "/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A000000000000%3Ainstance%2Fabc")
	if !ok || op.Name != "ListTagsForResource" || labels["resourceArn"] != "arn:aws:connect:us-east-1:000000000000:instance/abc" {
		t.Fatalf("got %v %v %v", op, labels, ok)
	}
}

// Every operation without a handler answers 501 with an AWS-shaped body
// that names it; unknown routes answer a JSON 404.
func TestUnimplementedAndUnknownAreAWSShaped(t *testing.T) {
	m := model.MustLoad()
	s := NewServer(ServerOptions{Model: m, Handlers: map[string]Handler{}})
	for _, name := range m.OperationNames() {
		op := m.Operations[name]
		req := httptest.NewRequest(op.Method, samplePath(op), strings.NewReader("{}"))
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != http.StatusNotImplemented || w.Header().Get("X-Amzn-ErrorType") != "NotImplementedException" ||
			!strings.Contains(w.Body.String(), name) || w.Header().Get("x-amzn-RequestId") == "" {
			t.Errorf("%s: %d %s %s", name, w.Code, w.Header().Get("X-Amzn-ErrorType"), w.Body.String())
		}
	}
	for _, path := range []string{"/", "/nothing/here", "/instance/a/b/c/d/e/f"} {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != http.StatusNotFound || w.Header().Get("Content-Type") != "application/json" || !strings.HasPrefix(w.Body.String(), "{") {
			t.Errorf("%s: %d %q", path, w.Code, w.Body.String())
		}
	}
}

// Routing a request allocates its labels once, for the operation it
// matches, not for every route of the method it tries on the way: the
// routes of one method are tried in order for every request.
func TestMatchAllocatesOnlyForTheMatch(t *testing.T) {
	r := NewRouter(model.MustLoad())
	for _, c := range []struct{ method, path, op string }{
		{"PUT", "/contact/task", "StartTaskContact"},
		{"POST", "/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A000000000000%3Ainstance%2Fabc%2Fqueue%2Fq1", "TagResource"},
		{"POST", "/users/inst-1/user-1/search", ""},
	} {
		var op string
		allocs := testing.AllocsPerRun(100, func() {
			got, _, ok := r.Match(c.method, c.path)
			op = ""
			if ok {
				op = got.Name
			}
		})
		if c.op != "" && op != c.op {
			t.Errorf("%s %s routed to %q, want %s", c.method, c.path, op, c.op)
		}
		// The split path, the labels map (two) and one unescaped label; 37 and
		// 69 when every route tried built a map of its own.
		if allocs > 4 {
			t.Errorf("%s %s: %.0f allocations, want at most 4", c.method, c.path, allocs)
		}
	}
}
