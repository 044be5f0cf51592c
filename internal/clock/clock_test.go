package clock

import (
	"testing"
	"time"
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
