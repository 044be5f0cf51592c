package wire

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
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

// FuzzRequest feeds arbitrary bodies and query strings to a validated
// operation: nothing may panic or answer 5xx.
func FuzzRequest(f *testing.F) {
	for _, seed := range []string{`{}`, `{"Name":"q","HoursOfOperationId":"h"}`, `{"Tags":{"a":"b"}}`, `[`, `{"MaxContacts":-1e400}`, `{"Name":{"a":[[[[]]]]}}`} {
		f.Add(seed, "maxResults=5")
	}
	reached := 0
	s := NewServer(ServerOptions{Model: model.MustLoad(), Handlers: map[string]Handler{
		"CreateQueue": func(context.Context, any) (any, error) { reached++; return &api.CreateQueueResponse{}, nil },
		"ListQueues":  func(context.Context, any) (any, error) { return &api.ListQueuesResponse{}, nil },
	}})
	f.Fuzz(func(t *testing.T, body, query string) {
		for _, r := range []*http.Request{
			httptest.NewRequest("PUT", "/queues/inst", strings.NewReader(body)),
			httptest.NewRequest("GET", "/queues-summary/inst?x=1", nil),
		} {
			r.URL.RawQuery = query
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code >= 500 {
				t.Fatalf("%s %q ?%q: %d %s", r.Method, body, query, w.Code, w.Body)
			}
		}
	})
}
