package clock

import (
	"testing"
	"time"
	"unsafe"
)

func TestVirtualRunsTimersInOrder(t *testing.T) {
	start := time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC)
	v := NewVirtual(start)
	var got []time.Duration
	rec := func() { got = append(got, v.Now().Sub(start)) }
	v.AfterFunc(30*time.Second, rec)
	v.AfterFunc(10*time.Second, rec)
	stopped := v.AfterFunc(20*time.Second, rec)
	if !stopped.Stop() {
		t.Fatal("Stop of a pending timer returned false")
	}
	// A timer scheduled by a timer runs in the same advance if due.
	v.AfterFunc(5*time.Second, func() { rec(); v.AfterFunc(10*time.Second, rec) })
	now := v.Advance(time.Minute)
	if !now.Equal(start.Add(time.Minute)) {
		t.Fatalf("Advance returned %v", now)
	}
	want := []time.Duration{5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second}
	if len(got) != len(want) {
		t.Fatalf("fired at %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("fired at %v, want %v", got, want)
		}
	}
}

func TestVirtualAdvanceToNeverGoesBack(t *testing.T) {
	start := time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC)
	v := NewVirtual(start)
	var fired time.Time
	v.AfterFunc(time.Hour, func() { fired = v.Now() })
	if now := v.AdvanceTo(start.Add(2 * time.Hour)); !now.Equal(start.Add(2*time.Hour)) || !fired.Equal(start.Add(time.Hour)) {
		t.Fatalf("AdvanceTo: now %v, timer fired at %v", now, fired)
	}
	if now := v.AdvanceTo(start); !now.Equal(start.Add(2 * time.Hour)) {
		t.Fatalf("AdvanceTo an earlier time moved the clock to %v", now)
	}
}

// A timer stops once: not after it fired, not twice; a virtual timer fits
// the 24-byte size class (a day of simulation makes millions).
func TestVirtualStopOnce(t *testing.T) {
	start := time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC)
	v := NewVirtual(start)
	fired := 0
	a := v.AfterFunc(time.Second, func() { fired++ })
	b := v.AfterFunc(2*time.Second, func() { fired++ })
	if !b.Stop() || b.Stop() {
		t.Fatal("a pending timer must stop once, and only once")
	}
	v.Advance(time.Minute)
	if fired != 1 || a.Stop() {
		t.Fatalf("fired %d times; Stop after firing must report false", fired)
	}
	if n := unsafe.Sizeof(vtimer{}); n > 24 {
		t.Fatalf("a virtual timer is %d bytes, want at most 24", n)
	}
}

// Schedule runs its function as AfterFunc would (the script's reference
// test mixes both), allocating no timer: its caller never stops it.
func TestVirtualScheduleAllocatesNoTimer(t *testing.T) {
	v := NewVirtual(time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC))
	fired := 0
	f := func() { fired++ }
	allocs := testing.AllocsPerRun(1000, func() {
		v.Schedule(time.Second, f)
		v.Advance(time.Second)
	})
	if allocs != 0 || fired != 1001 {
		t.Fatalf("Schedule allocated %v times per timer and fired %d times, want 0 and 1001", allocs, fired)
	}
}

// Now gives the clock's time exactly (==, not only Equal), near its
// origin and centuries from it, where an offset cannot hold it.
func TestVirtualNowExact(t *testing.T) {
	start := time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC)
	v := NewVirtual(start)
	if got := v.Now(); got != start {
		t.Fatalf("Now %#v, want %#v", got, start)
	}
	for _, want := range []time.Time{start.Add(time.Nanosecond), start.Add(90 * time.Minute),
		start.AddDate(300, 0, 0), start.AddDate(301, 0, 0).Add(time.Nanosecond)} {
		v.AdvanceTo(want)
		if got := v.Now(); got != want {
			t.Fatalf("Now %#v, want %#v", got, want)
		}
	}
}
