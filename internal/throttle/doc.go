// Package throttle is connect-local's AWS-like request throttling
// (--throttle aws): one token bucket per account, region and operation,
// with the rates and bursts Amazon Connect documents (docs/quotas.md#api-rate-limits). A refused
// request answers 429 ThrottlingException, which every AWS SDK retries.
//
// Throttling is about real time, so the limiter reads the wall clock it is
// given (clock.Real in the server), never the server's possibly virtual
// clock: a virtual clock standing still would otherwise never refill a
// bucket. throttle knows operation names and callers, nothing else.
package throttle
