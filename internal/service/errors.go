package service

import "github.com/connect-local/connect-local/internal/instance"

// The typed domain errors live in internal/instance, below every family;
// the service re-exports them so its callers (internal/awserr, the
// handlers) and its own files keep their names.

// Kind classifies a domain error (instance.Kind).
type Kind = instance.Kind

// Error is a typed domain error (instance.Error).
type Error = instance.Error

// The kinds of domain error.
const (
	KindInternal             = instance.KindInternal
	KindNotFound             = instance.KindNotFound
	KindDuplicate            = instance.KindDuplicate
	KindInUse                = instance.KindInUse
	KindInvalidParameter     = instance.KindInvalidParameter
	KindInvalidRequest       = instance.KindInvalidRequest
	KindLimitExceeded        = instance.KindLimitExceeded
	KindServiceQuotaExceeded = instance.KindServiceQuotaExceeded
	KindConflict             = instance.KindConflict
	KindAccessDenied         = instance.KindAccessDenied
	KindContactNotFound      = instance.KindContactNotFound
	KindInvalidContactFlow   = instance.KindInvalidContactFlow
	KindInvalidTestCase      = instance.KindInvalidTestCase
	KindInvalidFlowModule    = instance.KindInvalidFlowModule
)

// KindOf returns err's kind, KindInternal for untyped errors.
func KindOf(err error) Kind { return instance.KindOf(err) }

func newErr(k Kind, format string, args ...any) *Error { return instance.NewErr(k, format, args...) }
func notFound(format string, args ...any) *Error       { return instance.NotFound(format, args...) }
func duplicate(format string, args ...any) *Error      { return instance.Duplicate(format, args...) }
func invalidParam(format string, args ...any) *Error   { return instance.InvalidParam(format, args...) }
func invalidRequest(format string, args ...any) *Error {
	return instance.InvalidRequest(format, args...)
}
func limitExceeded(format string, args ...any) *Error { return instance.LimitExceeded(format, args...) }
func inUse(resourceType, resourceID, format string, args ...any) *Error {
	return instance.InUse(resourceType, resourceID, format, args...)
}
func invalidFlow(problems []string) *Error       { return instance.InvalidFlow(problems) }
func invalidTestCase(problems []string) *Error   { return instance.InvalidTestCase(problems) }
func invalidFlowModule(problems []string) *Error { return instance.InvalidFlowModule(problems) }
func storageErr(err error) *Error                { return instance.StorageErr(err) }
