package wire

import (
	"fmt"
	"net/http"
)

// Error is an error as it goes on the wire: the AWS error type (sent in
// X-Amzn-ErrorType), the HTTP status, the message and any further modeled
// members of the exception shape (e.g. ResourceInUseException.ResourceId).
type Error struct {
	Type    string
	Status  int
	Message string
	Fields  map[string]any
}

func (e *Error) Error() string { return e.Type + ": " + e.Message }

// Errorf builds a wire error.
func Errorf(typ string, status int, format string, args ...any) *Error {
	return &Error{Type: typ, Status: status, Message: fmt.Sprintf(format, args...)}
}

// InvalidParameter is the 400 that model validation answers (docs/errors.md#errors-per-operation).
func InvalidParameter(format string, args ...any) *Error {
	return Errorf("InvalidParameterException", http.StatusBadRequest, format, args...)
}

// Internal is the 500 for any failure that has no better mapping.
func Internal() *Error {
	return Errorf("InternalServiceException", http.StatusInternalServerError, "An internal error occurred; see the connect-local log.")
}
