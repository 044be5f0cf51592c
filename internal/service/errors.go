package service

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

func newErr(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) *Error  { return newErr(KindNotFound, format, args...) }
func duplicate(format string, args ...any) *Error { return newErr(KindDuplicate, format, args...) }
func invalidParam(format string, args ...any) *Error {
	return newErr(KindInvalidParameter, format, args...)
}
func invalidRequest(format string, args ...any) *Error {
	return newErr(KindInvalidRequest, format, args...)
}
func limitExceeded(format string, args ...any) *Error {
	return newErr(KindLimitExceeded, format, args...)
}
func inUse(resourceType, resourceID, format string, args ...any) *Error {
	e := newErr(KindInUse, format, args...)
	e.ResourceType, e.ResourceID = resourceType, resourceID
	return e
}

func invalidFlow(problems []string) *Error {
	e := newErr(KindInvalidContactFlow, "The flow is not valid: %s", problems[0])
	if len(problems) > 1 {
		e.Message = fmt.Sprintf("The flow is not valid: %s (and %d more problems)", problems[0], len(problems)-1)
	}
	e.Problems = problems
	return e
}

func invalidTestCase(problems []string) *Error {
	e := invalidFlow(problems)
	e.Kind, e.Message = KindInvalidTestCase, strings.Replace(e.Message, "flow", "test case", 1)
	return e
}

func invalidFlowModule(problems []string) *Error {
	e := invalidFlow(problems)
	e.Kind, e.Message = KindInvalidFlowModule, strings.Replace(e.Message, "flow", "flow module", 1)
	return e
}

// storageErr wraps a failed durable write: nothing was applied.
func storageErr(err error) *Error {
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
