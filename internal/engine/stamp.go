package engine

import "time"

// Stamp is a contact timestamp in Unix nanoseconds, 0 for none: 8 bytes
// where a time.Time takes 24, and a contact keeps eleven of them for its
// whole life. It reads back in UTC (what every clock gives); the instant
// is kept to the nanosecond between the years 1678 and 2262, and the Unix
// epoch itself is kept 1 ns late (0 means none). Its JSON is time.Time's,
// so stored records read and write as they always have.
type Stamp int64

// StampOf is t as a Stamp; the zero time is the zero Stamp.
func StampOf(t time.Time) Stamp {
	if t.IsZero() {
		return 0
	}
	switch {
	case t.Before(minStamp):
		t = minStamp
	case t.After(maxStamp):
		t = maxStamp
	}
	if ns := t.UnixNano(); ns != 0 {
		return Stamp(ns)
	}
	return 1
}

var (
	minStamp = time.Unix(0, -1<<63+1).UTC()
	maxStamp = time.Unix(0, 1<<63-1).UTC()
)

// Time is s as a time.Time in UTC; the zero Stamp is the zero time.
func (s Stamp) Time() time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(s)).UTC()
}

// IsZero reports whether s is unset.
func (s Stamp) IsZero() bool { return s == 0 }

// Equal, Before and After compare instants as time.Time's do.
func (s Stamp) Equal(u Stamp) bool  { return s == u }
func (s Stamp) Before(u Stamp) bool { return s.Time().Before(u.Time()) }
func (s Stamp) After(u Stamp) bool  { return s.Time().After(u.Time()) }

// Sub is s-u as time.Time's Sub gives it.
func (s Stamp) Sub(u Stamp) time.Duration { return s.Time().Sub(u.Time()) }

// UnixMilli is s in Unix milliseconds, as time.Time's UnixMilli gives it.
func (s Stamp) UnixMilli() int64 { return s.Time().UnixMilli() }

func (s Stamp) String() string { return s.Time().String() }

// MarshalJSON writes s as time.Time does.
func (s Stamp) MarshalJSON() ([]byte, error) { return s.Time().MarshalJSON() }

// UnmarshalJSON reads what time.Time's MarshalJSON writes.
func (s *Stamp) UnmarshalJSON(b []byte) error {
	var t time.Time
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	*s = StampOf(t)
	return nil
}
