package instance

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies a domain error; internal/awserr's table maps each kind
// to an AWS error type and HTTP status (docs/errors.md#exception-catalog).
type Kind int

const (
	KindInternal Kind = iota
	KindNotFound
	KindDuplicate
	KindInUse
	KindInvalidParameter
	KindInvalidRequest
	KindLimitExceeded
	KindServiceQuotaExceeded
	KindConflict
	KindAccessDenied
	KindContactNotFound
	KindInvalidContactFlow
	KindInvalidTestCase
	KindInvalidFlowModule
)

// Error is a typed domain error.
type Error struct {
	Kind    Kind
	Message string
	// ResourceType and ResourceID fill ResourceInUseException's members.
	ResourceType string
	ResourceID   string
	// Problems fill InvalidContactFlowException's problems list.
	Problems []string
	cause    error
}

func (e *Error) Error() string {
	if e.cause != nil {
		return e.Message + ": " + e.cause.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.cause }

// NewErr is an error of kind k with a formatted message; the helpers
// below name the common kinds.
func NewErr(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// NotFound, Duplicate, InvalidParam, InvalidRequest, LimitExceeded and
// InUse are the errors of their kinds.
func NotFound(format string, args ...any) *Error  { return NewErr(KindNotFound, format, args...) }
func Duplicate(format string, args ...any) *Error { return NewErr(KindDuplicate, format, args...) }
func InvalidParam(format string, args ...any) *Error {
	return NewErr(KindInvalidParameter, format, args...)
}
func InvalidRequest(format string, args ...any) *Error {
	return NewErr(KindInvalidRequest, format, args...)
}
func LimitExceeded(format string, args ...any) *Error {
	return NewErr(KindLimitExceeded, format, args...)
}
func InUse(resourceType, resourceID, format string, args ...any) *Error {
	e := NewErr(KindInUse, format, args...)
	e.ResourceType, e.ResourceID = resourceType, resourceID
	return e
}

// InvalidFlow is InvalidContactFlowException with its problems list;
// InvalidTestCase and InvalidFlowModule are its twins.
func InvalidFlow(problems []string) *Error {
	e := NewErr(KindInvalidContactFlow, "The flow is not valid: %s", problems[0])
	if len(problems) > 1 {
		e.Message = fmt.Sprintf("The flow is not valid: %s (and %d more problems)", problems[0], len(problems)-1)
	}
	e.Problems = problems
	return e
}

func InvalidTestCase(problems []string) *Error {
	e := InvalidFlow(problems)
	e.Kind, e.Message = KindInvalidTestCase, strings.Replace(e.Message, "flow", "test case", 1)
	return e
}

func InvalidFlowModule(problems []string) *Error {
	e := InvalidFlow(problems)
	e.Kind, e.Message = KindInvalidFlowModule, strings.Replace(e.Message, "flow", "flow module", 1)
	return e
}

// StorageErr wraps a failed durable write: nothing was applied.
func StorageErr(err error) *Error {
	return &Error{Kind: KindInternal, Message: "the change could not be stored", cause: err}
}

// KindOf returns err's kind, KindInternal for untyped errors.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}
