package clock

import (
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkVirtualTimers: a steady 20,000 pending timers, each firing one
// new timer, a third of them stopped before they fire (a simulation's
// patience timers).
func BenchmarkVirtualTimers(b *testing.B) {
	v := NewVirtual(time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC))
	rnd := rand.New(rand.NewPCG(1, 2))
	var fire func()
	var stops []Timer
	fire = func() {
		v.AfterFunc(time.Duration(rnd.IntN(600_000))*time.Millisecond, fire)
		if rnd.IntN(3) == 0 {
			stops = append(stops, v.AfterFunc(time.Duration(rnd.IntN(300_000))*time.Millisecond, fire))
		}
		if len(stops) > 100 {
			for _, t := range stops[:50] {
				t.Stop()
			}
			stops = append(stops[:0], stops[50:]...)
		}
	}
	for range 20000 {
		v.AfterFunc(time.Duration(rnd.IntN(600_000))*time.Millisecond, fire)
	}
	b.ResetTimer()
	for range b.N {
		v.Advance(10 * time.Millisecond)
	}
}
