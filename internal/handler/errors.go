package handler

import (
	"errors"
	"net/http"

	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// errorTable maps domain error kinds to AWS error types and HTTP statuses
// (SPEC §8.2). It is the only place where that mapping lives.
var errorTable = map[service.Kind]struct {
	Type   string
	Status int
}{
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
}

// WireError is toWire for the other edge of the server (/_local/), so the
// one table serves both.
func WireError(err error) error { return toWire(err) }

// toWire translates a service error. Unknown errors pass through untyped so
// that the wire layer logs them and answers InternalServiceException.
func toWire(err error) error {
	var se *service.Error
	if !errors.As(err, &se) {
		return err
	}
	row, ok := errorTable[se.Kind]
	if !ok {
		return err
	}
	we := &wire.Error{Type: row.Type, Status: row.Status, Message: se.Message}
	if se.Kind == service.KindInUse {
		we.Fields = map[string]any{}
		if se.ResourceType != "" {
			we.Fields["ResourceType"] = se.ResourceType
		}
		if se.ResourceID != "" {
			we.Fields["ResourceId"] = se.ResourceID
		}
	}
	if se.Kind == service.KindInvalidContactFlow {
		problems := make([]map[string]string, len(se.Problems))
		for i, p := range se.Problems {
			problems[i] = map[string]string{"message": p}
		}
		we.Fields = map[string]any{"problems": problems}
	}
	return we
}
