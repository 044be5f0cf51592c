// Package phonepool is the pool of phone numbers connect-local hands out
// (SearchAvailablePhoneNumbers, ClaimPhoneNumber; docs/phone-numbers.md).
//
// Every number in it lies in a range a national regulator reserves for
// fiction — NANPA's 555-01XX lines, Ofcom's numbers for drama purposes,
// ACMA's numbers for creative works — so no number it gives out can ring a
// real subscriber. It owns the ranges, the order numbers are offered in,
// and the mapping from a number back to its country and type.
//
// The package is pure: it keeps no state of which numbers are claimed
// (callers pass a predicate) and reads no clock.
package phonepool
