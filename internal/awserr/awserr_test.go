package awserr

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// TestTable checks every row of the table through Write: the status, the
// X-Amzn-ErrorType header and the JSON body with the message and the
// exception's modeled members.
func TestTable(t *testing.T) {
	cases := []struct {
		err    *service.Error
		typ    string
		status int
		body   map[string]any
	}{
		{&service.Error{Kind: service.KindNotFound, Message: "nope"}, "ResourceNotFoundException", 404, nil},
		{&service.Error{Kind: service.KindDuplicate, Message: "twice"}, "DuplicateResourceException", 409, nil},
		{&service.Error{Kind: service.KindInUse, Message: "busy", ResourceType: "QUEUE", ResourceID: "q1"}, "ResourceInUseException", 409,
			map[string]any{"ResourceType": "QUEUE", "ResourceId": "q1"}},
		{&service.Error{Kind: service.KindConflict, Message: "state"}, "ResourceConflictException", 409, nil},
		{&service.Error{Kind: service.KindInvalidParameter, Message: "bad"}, "InvalidParameterException", 400, nil},
		{&service.Error{Kind: service.KindInvalidRequest, Message: "bad"}, "InvalidRequestException", 400, nil},
		{&service.Error{Kind: service.KindLimitExceeded, Message: "many"}, "LimitExceededException", 429, nil},
		{&service.Error{Kind: service.KindServiceQuotaExceeded, Message: "quota"}, "ServiceQuotaExceededException", 402, nil},
		{&service.Error{Kind: service.KindAccessDenied, Message: "no"}, "AccessDeniedException", 403, nil},
		{&service.Error{Kind: service.KindContactNotFound, Message: "gone"}, "ContactNotFoundException", 410, nil},
		{&service.Error{Kind: service.KindInvalidContactFlow, Message: "flow", Problems: []string{"a", "b"}}, "InvalidContactFlowException", 400,
			map[string]any{"problems": []any{map[string]any{"message": "a"}, map[string]any{"message": "b"}}}},
		{&service.Error{Kind: service.KindInvalidTestCase, Message: "test", Problems: []string{"a"}}, "InvalidTestCaseException", 400,
			map[string]any{"Problems": []any{map[string]any{"message": "a"}}}},
		{&service.Error{Kind: service.KindInvalidFlowModule, Message: "module", Problems: []string{"b"}}, "InvalidContactFlowModuleException", 400,
			map[string]any{"Problems": []any{map[string]any{"message": "b"}}}},
	}
	if len(cases) != len(table) {
		t.Fatalf("the test covers %d kinds, the table has %d rows", len(cases), len(table))
	}
	for _, c := range cases {
		t.Run(c.typ, func(t *testing.T) {
			var logs bytes.Buffer
			rec := httptest.NewRecorder()
			// Wrapped, as the service returns some errors.
			Write(rec, slog.New(slog.NewTextHandler(&logs, nil)), fmt.Errorf("context: %w", c.err))
			if rec.Code != c.status || rec.Header().Get("X-Amzn-ErrorType") != c.typ {
				t.Fatalf("got %d %q, want %d %q", rec.Code, rec.Header().Get("X-Amzn-ErrorType"), c.status, c.typ)
			}
			want := map[string]any{"Message": c.err.Message}
			for k, v := range c.body {
				want[k] = v
			}
			var got map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("body %s (%v), want %v", rec.Body, err, want)
			}
			if logs.Len() != 0 {
				t.Fatalf("a mapped error was logged: %s", logs.String())
			}
		})
	}
}

// TestUnmapped: an untyped error, a storage failure (KindInternal) and an
// unknown kind are each logged and answered as an AWS-shaped 500 that does
// not leak the error's text.
func TestUnmapped(t *testing.T) {
	for _, err := range []error{
		errors.New("disk on fire"),
		&service.Error{Kind: service.KindInternal, Message: "disk on fire"},
		&service.Error{Kind: service.Kind(1 << 20), Message: "disk on fire"},
	} {
		if got := Translate(err); got != err {
			t.Errorf("Translate(%v) = %v, want it unchanged", err, got)
		}
		var logs bytes.Buffer
		rec := httptest.NewRecorder()
		Write(rec, slog.New(slog.NewTextHandler(&logs, nil)), err)
		if rec.Code != http.StatusInternalServerError || rec.Header().Get("X-Amzn-ErrorType") != "InternalServiceException" {
			t.Errorf("%v: got %d %q", err, rec.Code, rec.Header().Get("X-Amzn-ErrorType"))
		}
		if !json.Valid(rec.Body.Bytes()) || strings.Contains(rec.Body.String(), "fire") {
			t.Errorf("%v: body %s", err, rec.Body)
		}
		if !strings.Contains(logs.String(), "disk on fire") || !strings.Contains(logs.String(), "level=ERROR") {
			t.Errorf("%v: not logged as an error: %q", err, logs.String())
		}
	}
}

// TestWireErrorPassesThrough: an error that is already a wire error (a
// handler's own validation) is sent as it is.
func TestWireErrorPassesThrough(t *testing.T) {
	we := wire.InvalidParameter("no %s", "way")
	if got := Translate(fmt.Errorf("wrapped: %w", we)); got != we {
		t.Fatalf("Translate = %v, want %v", got, we)
	}
	if Translate(nil) != nil {
		t.Fatal("Translate(nil) is not nil")
	}
}
