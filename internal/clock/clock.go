package clock

import (
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// Clock tells the time and runs functions at a time.
type Clock interface {
	Now() time.Time
	// AfterFunc runs f once the clock reaches Now()+d. Implementations run f
	// on their own goroutine (Real) or inside Advance (Virtual).
	AfterFunc(d time.Duration, f func()) Timer
	// Mode is "real" or "virtual".
	Mode() string
}

// Timer is a pending AfterFunc.
type Timer interface {
	// Stop prevents the function from running; it reports whether it did.
	Stop() bool
}

// Real is the wall clock.
type Real struct{}

func (Real) Now() time.Time { return time.Now().UTC() }
func (Real) Mode() string   { return "real" }
func (Real) AfterFunc(d time.Duration, f func()) Timer {
	return time.AfterFunc(d, f)
}

// Stopwatch measures wall durations (request latency, benchmarks) whatever
// the server's clock is.
type Stopwatch struct{ start time.Time }

// StartStopwatch starts a stopwatch.
func StartStopwatch() Stopwatch { return Stopwatch{start: time.Now()} }

// Elapsed is the wall time since the stopwatch started.
func (s Stopwatch) Elapsed() time.Duration { return time.Since(s.start) }

// Virtual is a clock that moves only when told to.
type Virtual struct {
	mu     sync.Mutex
	now    time.Time
	origin time.Time // where the clock started: a timer's instant is an offset from it
	timers timerHeap
	seq    uint64
	// at is offset(now), which Now reads without the lock, or inexact
	// when origin.Add of it would not give now back exactly (an instant
	// about 292 years or more from the origin): Now then takes the lock.
	at atomic.Int64
}

// inexact marks Virtual.at as not holding the time.
const inexact = math.MinInt64

// NewVirtual returns a virtual clock standing at start.
func NewVirtual(start time.Time) *Virtual {
	start = start.UTC()
	v := &Virtual{origin: start}
	v.set(start)
	return v
}

// set moves now to t; v.mu held (or v not shared yet).
func (v *Virtual) set(t time.Time) {
	v.now = t
	if at := v.offset(t); at != inexact && v.origin.Add(time.Duration(at)) == t {
		v.at.Store(at)
	} else {
		v.at.Store(inexact)
	}
}

func (v *Virtual) Mode() string { return "virtual" }

func (v *Virtual) Now() time.Time {
	if at := v.at.Load(); at != inexact {
		return v.origin.Add(time.Duration(at))
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.now
}

func (v *Virtual) AfterFunc(d time.Duration, f func()) Timer {
	v.mu.Lock()
	defer v.mu.Unlock()
	t := &vtimer{key: v.push(d, f), clock: v}
	return t
}

// Schedule is AfterFunc for a timer its caller never stops: it runs f
// exactly as AfterFunc(d, f) would (same instant, same order among the
// timers), without allocating the Timer no one would use.
func (v *Virtual) Schedule(d time.Duration, f func()) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.push(d, f)
}

// push adds f's timer, due d from now, to the heap and returns its key;
// v.mu held.
func (v *Virtual) push(d time.Duration, f func()) key {
	v.seq++
	k := key{at: v.offset(v.now.Add(d)), seq: v.seq}
	v.timers.push(entry{key: k, f: f})
	return k
}

// offset is t as a timer's instant: nanoseconds since the clock's origin,
// saturated about 292 years either side of it (time.Time.Sub).
func (v *Virtual) offset(t time.Time) int64 { return int64(t.Sub(v.origin)) }

// Advance moves the clock forward by d, running every timer that falls due
// in time order, each at its own instant; it returns the new time.
func (v *Virtual) Advance(d time.Duration) time.Time {
	v.mu.Lock()
	target := v.now.Add(d)
	v.mu.Unlock()
	return v.advanceTo(target)
}

// AdvanceTo moves the clock forward to t, as Advance does; a t not after
// the clock's time leaves it where it is. It returns the new time.
func (v *Virtual) AdvanceTo(t time.Time) time.Time { return v.advanceTo(t.UTC()) }

func (v *Virtual) advanceTo(target time.Time) time.Time {
	until := v.offset(target)
	for {
		v.mu.Lock()
		e, ok := v.timers.due(until)
		if !ok {
			if target.After(v.now) {
				v.set(target)
			}
			now := v.now
			v.mu.Unlock()
			return now
		}
		if e.at > v.offset(v.now) {
			v.set(v.origin.Add(time.Duration(e.at)))
		}
		v.mu.Unlock()
		e.f()
	}
}

// vtimer is an AfterFunc of a Virtual clock: 24 bytes, as a day of
// simulation makes millions of them. The heap holds its function and
// knows from its key whether it fired (timerHeap), so firing a timer never
// touches its vtimer. Stop sets stoppedBit in its key's seq (a call number
// never reaches it) rather than spend a word on a flag.
type vtimer struct {
	key
	clock *Virtual
}

// stoppedBit marks a stopped vtimer's seq.
const stoppedBit = 1 << 63

func (t *vtimer) Stop() bool {
	v := t.clock
	v.mu.Lock()
	defer v.mu.Unlock()
	if t.seq&stoppedBit != 0 || !v.timers.stop(t.key) {
		return false
	}
	t.seq |= stoppedBit
	return true
}
