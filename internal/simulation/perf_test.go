package simulation

import (
	"testing"
	"time"
)

// BenchmarkTheoryPoint is one Erlang point, for profiling the engine under
// a simulation (go test -bench TheoryPoint -cpuprofile cpu.out).
func BenchmarkTheoryPoint(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := CheckTheory(TheoryPoint{Agents: 30, Occupancy: 0.9, AHT: 3 * time.Minute, Contacts: 30000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
