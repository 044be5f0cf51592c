package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/model"
)

func serverWith(op string, h Handler) *Server {
	return NewServer(ServerOptions{Model: model.MustLoad(), Handlers: map[string]Handler{op: h}})
}

func TestTimestampsAreEpochSecondsWithFraction(t *testing.T) {
	var got *api.SearchContactsRequest
	s := serverWith("SearchContacts", func(_ context.Context, in any) (any, error) {
		got = in.(*api.SearchContactsRequest)
		return &api.SearchContactsResponse{Contacts: []*api.ContactSearchSummary{{InitiationTimestamp: api.NewTime(time.UnixMilli(1703174400123))}}}, nil
	})
	body := `{"InstanceId":"i","TimeRange":{"Type":"INITIATION_TIMESTAMP","StartTime":1703174400.5,"EndTime":1703178000}}`
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("POST", "/search-contacts", strings.NewReader(body)))
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if want := time.UnixMilli(1703174400500).UTC(); !got.TimeRange.StartTime.Equal(want) {
		t.Fatalf("StartTime = %v, want %v", got.TimeRange.StartTime, want)
	}
	if !strings.Contains(w.Body.String(), `"InitiationTimestamp":1703174400.123`) {
		t.Fatalf("response timestamp not epoch seconds: %s", w.Body)
	}
	if !strings.Contains(w.Body.String(), `"Contacts":[`) || strings.Contains(w.Body.String(), "null") {
		t.Fatalf("absent members must be omitted: %s", w.Body)
	}
}

func TestHandlerErrorsAreShaped(t *testing.T) {
	s := serverWith("DescribeInstance", func(context.Context, any) (any, error) {
		return nil, &Error{Type: "ResourceInUseException", Status: 409, Message: "busy", Fields: map[string]any{"ResourceId": "arn:x"}}
	})
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/instance/abc", nil))
	if w.Code != 409 || w.Header().Get("X-Amzn-ErrorType") != "ResourceInUseException" || w.Body.String() != `{"Message":"busy","ResourceId":"arn:x"}` {
		t.Fatalf("%d %s %s", w.Code, w.Header(), w.Body)
	}
	// An untyped error or a panic becomes a 500 InternalServiceException, never a crash.
	for _, h := range []Handler{
		func(context.Context, any) (any, error) { return nil, context.Canceled },
		func(context.Context, any) (any, error) { panic("boom") },
	} {
		s := serverWith("DescribeInstance", h)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", "/instance/abc", nil))
		if w.Code != http.StatusInternalServerError || w.Header().Get("X-Amzn-ErrorType") != "InternalServiceException" {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}

// FuzzRequest sends arbitrary bodies, query strings, path labels and
// headers to every operation of the model, each with a handler that
// accepts anything: nothing may panic or answer 5xx, a 400 is
// SerializationException or InvalidParameterException, and a handler is
// reached only with its own operation's validated input type. Seeds live in
// testdata/fuzz/FuzzRequest; run with scripts/fuzz.
func FuzzRequest(f *testing.F) {
	m := model.MustLoad()
	ops := m.OperationNames()
	for i, seed := range []string{`{}`, `{"Name":"q","HoursOfOperationId":"h"}`, `{"Tags":{"a":"b"}}`, `[`, `{"MaxContacts":-1e400}`, `{"Name":{"a":[[[[]]]]}}`} {
		f.Add(uint(i*37), seed, "maxResults=5", "label", "")
	}
	f.Add(uint(slices.Index(ops, "CreateQueue")), `{"Name":"q","HoursOfOperationId":"h","MaxContacts":5}`, "", "inst", "")
	f.Add(uint(slices.Index(ops, "ListQueues")), ``, "maxResults=1000&queueTypes=STANDARD&queueTypes=NOPE", "inst", "")
	f.Add(uint(slices.Index(ops, "SearchPredefinedAttributes")), `{"InstanceId":"i","SearchCriteria":{"AndConditions":[{"StringCondition":{"FieldName":"name","Value":"x","ComparisonType":"EXACT"}}]}}`, "", "", "")
	var got struct {
		sync.Mutex
		op    string
		input any
	}
	handlers := map[string]Handler{}
	for _, name := range ops {
		handlers[name] = func(_ context.Context, in any) (any, error) {
			got.op, got.input = name, in
			return nil, nil
		}
	}
	s := NewServer(ServerOptions{Model: m, Handlers: handlers, Logger: slog.New(slog.DiscardHandler)})
	f.Fuzz(func(t *testing.T, opIndex uint, body, query, label, header string) {
		op := m.Operations[ops[opIndex%uint(len(ops))]]
		path, _, _ := strings.Cut(op.RequestURI, "?")
		path = labelPattern.ReplaceAllLiteralString(path, url.PathEscape(label))
		r := httptest.NewRequest(op.Method, "http://localhost/", strings.NewReader(body))
		r.URL.Path, r.URL.RawPath, r.URL.RawQuery = path, "", query
		if u, err := url.Parse(path); err == nil {
			r.URL.Path, r.URL.RawPath = u.Path, u.RawPath
		}
		r.Header.Set("X-Amz-Fuzz", strings.Map(func(r rune) rune {
			if r < ' ' || r == 0x7f {
				return -1
			}
			return r
		}, header))
		got.Lock()
		defer got.Unlock()
		got.op, got.input = "", nil
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		typ := w.Header().Get("X-Amzn-ErrorType")
		switch {
		case w.Code >= 500:
			t.Fatalf("%s %s ?%q %q: %d %s", op.Method, path, query, body, w.Code, w.Body)
		case w.Code == 400 && typ != "SerializationException" && typ != "InvalidParameterException":
			t.Fatalf("400 %s", typ)
		case w.Code == 200 && got.op == "":
			t.Fatalf("200 without reaching a handler")
		}
		if got.op != "" {
			if op.Input != nil && reflect.TypeOf(got.input) != reflect.TypeOf(api.NewInput(got.op)) {
				t.Fatalf("%s got input %T", got.op, got.input)
			}
			if op.Input != nil {
				revalidate(t, op, got.input, body)
			}
		}
	})
}

// revalidate holds a handler's input to the model: what the handler got,
// encoded again, must pass validation — so no differently-cased or
// duplicate key slipped an unchecked value past it. (An RFC 3339 string
// beyond year 5138 is a valid timestamp that re-encodes as epoch seconds
// past the 1e11 the number form allows; that one difference is let be.)
func revalidate(t *testing.T, op *model.Operation, input any, body string) {
	t.Helper()
	b, err := json.Marshal(input)
	if err != nil {
		t.Fatalf("%s: encoding the input: %v", op.Name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var again map[string]any
	if err := dec.Decode(&again); err != nil {
		t.Fatalf("%s: decoding the input again: %v", op.Name, err)
	}
	if _, verr := validate(op.Input, again); verr != nil && !strings.Contains(verr.Message, "timestamp in epoch seconds") {
		t.Fatalf("%s: the handler got input that fails validation: %s\nbody %q\ninput %.500s", op.Name, verr.Message, body, b)
	}
}

var labelPattern = regexp.MustCompile(`\{[^}]+\}`)

// FuzzRoute sends arbitrary methods and paths: the router answers every
// one without panicking, with 404 UnknownOperationException when nothing
// matches.
func FuzzRoute(f *testing.F) {
	for _, seed := range []string{"/instance", "/queues/i/q", "/users/i/u/associate-proficiencies", "/tags/arn%3Aaws%3Aconnect%3A", "/%zz", "//", "/_local/x", "/instance/../instance"} {
		f.Add("GET", seed)
		f.Add("POST", seed)
	}
	m := model.MustLoad()
	handlers := map[string]Handler{}
	for _, name := range m.OperationNames() {
		handlers[name] = func(context.Context, any) (any, error) { return nil, nil }
	}
	s := NewServer(ServerOptions{Model: m, Handlers: handlers, Logger: slog.New(slog.DiscardHandler)})
	f.Fuzz(func(t *testing.T, method, path string) {
		r := httptest.NewRequest("GET", "http://localhost/", nil)
		r.Method = method
		u, err := url.Parse(path)
		if err != nil {
			return
		}
		r.URL.Path, r.URL.RawPath, r.URL.RawQuery = u.Path, u.RawPath, u.RawQuery
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("%s %q: %d %s", method, path, w.Code, w.Body)
		}
		if w.Code == 404 && w.Header().Get("X-Amzn-ErrorType") != "UnknownOperationException" {
			t.Fatalf("404 %s", w.Header().Get("X-Amzn-ErrorType"))
		}
	})
}
