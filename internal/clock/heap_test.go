package clock

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// refClock is the simple version of Virtual: pending timers in a slice,
// the next one found by a scan for the least (instant, call number).
type refClock struct {
	now    time.Time
	seq    int
	timers []*refTimer
}

type refTimer struct {
	at    time.Time
	seq   int
	f     func()
	clock *refClock
}

func (c *refClock) Now() time.Time { return c.now }

func (c *refClock) AfterFunc(d time.Duration, f func()) Timer {
	c.seq++
	t := &refTimer{at: c.now.Add(d), seq: c.seq, f: f, clock: c}
	c.timers = append(c.timers, t)
	return t
}

func (t *refTimer) Stop() bool {
	c := t.clock
	i := slices.Index(c.timers, t)
	if i < 0 {
		return false
	}
	c.timers = slices.Delete(c.timers, i, i+1)
	return true
}

func (c *refClock) Advance(d time.Duration) time.Time {
	target := c.now.Add(d)
	for {
		i := -1
		for j, t := range c.timers {
			if !t.at.After(target) && (i < 0 || t.at.Before(c.timers[i].at) ||
				(t.at.Equal(c.timers[i].at) && t.seq < c.timers[i].seq)) {
				i = j
			}
		}
		if i < 0 {
			if target.After(c.now) {
				c.now = target
			}
			return c.now
		}
		t := c.timers[i]
		c.timers = slices.Delete(c.timers, i, i+1)
		if t.at.After(c.now) {
			c.now = t.at
		}
		t.f()
	}
}

type advancer interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) Timer
	Schedule(d time.Duration, f func())
	Advance(d time.Duration) time.Time
}

func (c *refClock) Schedule(d time.Duration, f func()) { c.AfterFunc(d, f) }

// unstoppable stands in the script for a timer set with Schedule.
type unstoppable struct{}

func (unstoppable) Stop() bool { return false }

// script drives a clock with random timers, stops and advances (timers
// scheduling and stopping others as they fire, many at one instant, some
// in the past) and
// logs what happened; the same seed gives the same log on a correct clock.
func script(c advancer, seed uint64) []string {
	rnd := rand.New(rand.NewPCG(seed, 7))
	var log []string
	var timers []Timer
	start := c.Now()
	var schedule func()
	schedule = func() {
		id := len(timers)
		d := time.Duration(rnd.IntN(20)) * time.Second // few instants: many ties
		switch rnd.IntN(20) {
		case 0, 1:
			d = 0
		case 2: // in the past: before timers that already fired
			d = -time.Duration(rnd.IntN(5)) * time.Second
		}
		f := func() {
			log = append(log, fmt.Sprintf("fire %d at %v", id, c.Now().Sub(start)))
			if rnd.IntN(5) < 3 { // fewer than one new timer per timer: the script ends
				schedule()
			}
			if rnd.IntN(3) == 0 {
				k := rnd.IntN(len(timers))
				log = append(log, fmt.Sprintf("stop %d in %d: %v", k, id, timers[k].Stop()))
			}
		}
		if rnd.IntN(4) == 0 { // a timer no one stops
			c.Schedule(d, f)
			timers = append(timers, unstoppable{})
			return
		}
		timers = append(timers, c.AfterFunc(d, f))
	}
	for range 2000 {
		switch r := rnd.IntN(10); {
		case r < 6:
			schedule()
		case r < 8 && len(timers) > 0:
			k := rnd.IntN(len(timers))
			log = append(log, fmt.Sprintf("stop %d: %v", k, timers[k].Stop()))
		default:
			d := time.Duration(rnd.IntN(8)) * time.Second
			log = append(log, fmt.Sprintf("advance to %v", c.Advance(d).Sub(start)))
		}
	}
	log = append(log, fmt.Sprintf("advance to %v", c.Advance(time.Hour).Sub(start)))
	return log
}

// The heap fires, stops and breaks ties exactly as the simple version.
func TestVirtualMatchesReference(t *testing.T) {
	start := time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC)
	defer func(n int) { minShed = n }(minShed)
	for _, minShed = range []int{64, 1} { // 1: shed at every chance
		for seed := range uint64(40) {
			got := script(NewVirtual(start), seed)
			want := script(&refClock{now: start}, seed)
			if i := firstDiff(got, want); i >= 0 {
				t.Fatalf("shedding from %d, seed %d: step %d: got %q, want %q", minShed, seed, i, at(got, i), at(want, i))
			}
		}
	}
}

// Stopped timers do not pile up: the heap sheds them once they outnumber
// the pending ones.
func TestVirtualShedsStoppedTimers(t *testing.T) {
	v := NewVirtual(time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC))
	keep := v.AfterFunc(time.Hour, func() {})
	for range 10000 {
		v.AfterFunc(time.Minute, func() {}).Stop()
	}
	if n := len(v.timers.es); n > 200 {
		t.Fatalf("%d heap entries for 1 pending timer", n)
	}
	if !keep.Stop() {
		t.Fatal("the pending timer was lost")
	}
}

func firstDiff(a, b []string) int {
	for i := range max(len(a), len(b)) {
		if at(a, i) != at(b, i) {
			return i
		}
	}
	return -1
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "<end>"
}
