package awserr

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// row is one line of the table: the AWS error type and HTTP status of a kind.
type row struct {
	Type   string
	Status int
}

// table maps domain error kinds to AWS error types and HTTP statuses
// (docs/errors.md#exception-catalog). It is the only place where that mapping lives; a kind that is
// not here (service.KindInternal, storage failures) is a 500.
var table = map[service.Kind]row{
	service.KindNotFound:             {"ResourceNotFoundException", http.StatusNotFound},
	service.KindDuplicate:            {"DuplicateResourceException", http.StatusConflict},
	service.KindInUse:                {"ResourceInUseException", http.StatusConflict},
	service.KindConflict:             {"ResourceConflictException", http.StatusConflict},
	service.KindInvalidParameter:     {"InvalidParameterException", http.StatusBadRequest},
	service.KindInvalidRequest:       {"InvalidRequestException", http.StatusBadRequest},
	service.KindLimitExceeded:        {"LimitExceededException", http.StatusTooManyRequests},
	service.KindServiceQuotaExceeded: {"ServiceQuotaExceededException", http.StatusPaymentRequired},
	service.KindAccessDenied:         {"AccessDeniedException", http.StatusForbidden},
	service.KindContactNotFound:      {"ContactNotFoundException", http.StatusGone},
	service.KindInvalidContactFlow:   {"InvalidContactFlowException", http.StatusBadRequest},
	service.KindInvalidTestCase:      {"InvalidTestCaseException", http.StatusBadRequest},
	service.KindInvalidFlowModule:    {"InvalidContactFlowModuleException", http.StatusBadRequest},
}

// Translate maps err through the table. A *service.Error of a mapped kind
// becomes a *wire.Error; a *wire.Error is returned as is; anything else is
// returned unchanged, for the caller to log and answer as a 500 (the wire
// server does that for the AWS API, Write does it for /_local/).
func Translate(err error) error {
	if we, ok := Lookup(err); ok {
		return we
	}
	return err
}

// Lookup returns the wire error for err and true, or nil and false when err
// has no mapping (it is then an internal error).
func Lookup(err error) (*wire.Error, bool) {
	if err == nil {
		return nil, false
	}
	var we *wire.Error
	if errors.As(err, &we) {
		return we, true
	}
	var se *service.Error
	if !errors.As(err, &se) {
		return nil, false
	}
	r, ok := table[se.Kind]
	if !ok {
		return nil, false
	}
	we = &wire.Error{Type: r.Type, Status: r.Status, Message: se.Message}
	switch se.Kind {
	case service.KindInUse:
		we.Fields = map[string]any{}
		if se.ResourceType != "" {
			we.Fields["ResourceType"] = se.ResourceType
		}
		if se.ResourceID != "" {
			we.Fields["ResourceId"] = se.ResourceID
		}
	case service.KindInvalidContactFlow, service.KindInvalidTestCase, service.KindInvalidFlowModule:
		problems := make([]map[string]string, len(se.Problems))
		for i, p := range se.Problems {
			problems[i] = map[string]string{"message": p}
		}
		name := "problems" // InvalidContactFlowException's member; the test-case and module exceptions spell it Problems
		if se.Kind != service.KindInvalidContactFlow {
			name = "Problems"
		}
		we.Fields = map[string]any{name: problems}
	}
	return we, true
}

// Write sends err as an AWS-shaped JSON error with X-Amzn-ErrorType. An
// error without a mapping is logged to log (slog.Default() when nil) with
// the error's text and answered 500 InternalServiceException, whose body
// only points at the log.
func Write(w http.ResponseWriter, log *slog.Logger, err error) {
	we, ok := Lookup(err)
	if !ok {
		if log == nil {
			log = slog.Default()
		}
		log.Error("request failed", "error", err)
		we = wire.Internal()
	}
	wire.WriteError(w, we)
}
