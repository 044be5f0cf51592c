package simulation

import (
	"testing"
	"time"
)

// The engine against queueing theory, short version: a few points, tens of
// thousands of contacts each. The full table is `go run ./bench/erlang`
// (docs/erlang.md).
func TestErlangC(t *testing.T) {
	for _, p := range []TheoryPoint{
		{Agents: 1, Occupancy: 0.5, AHT: 3 * time.Minute, Contacts: 8000, Seed: 1},
		{Agents: 10, Occupancy: 0.8, AHT: 3 * time.Minute, Contacts: 20000, Seed: 1},
		{Agents: 50, Occupancy: 0.9, AHT: 3 * time.Minute, Contacts: 30000, Seed: 1},
	} {
		checkPoint(t, p)
	}
}

func TestErlangA(t *testing.T) {
	for _, p := range []TheoryPoint{
		{Agents: 5, Occupancy: 0.95, AHT: 3 * time.Minute, Patience: 2 * time.Minute, Contacts: 20000, Seed: 1},
		{Agents: 30, Occupancy: 1.05, AHT: 3 * time.Minute, Patience: 3 * time.Minute, Contacts: 30000, Seed: 1},
	} {
		checkPoint(t, p)
	}
}

func checkPoint(t *testing.T, p TheoryPoint) {
	t.Helper()
	if testing.Short() && p.Agents > 10 {
		return
	}
	r, err := CheckTheory(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("c=%d occ=%.2f patience=%s: %d contacts in %s; P(wait) %.4f±%.4f (%.4f) SL %.4f±%.4f (%.4f) ASA %.2f±%.2f (%.2f) ab %.4f±%.4f (%.4f)",
		p.Agents, p.Occupancy, p.Patience, r.Measured, r.Wall.Round(time.Millisecond),
		r.Sim.PWait.Mean, r.Sim.PWait.HalfWidth, r.Theory.PWait, r.Sim.ServiceLevel.Mean, r.Sim.ServiceLevel.HalfWidth, r.Theory.ServiceLevel,
		r.Sim.ASA.Mean, r.Sim.ASA.HalfWidth, r.Theory.ASA, r.Sim.Abandon.Mean, r.Sim.Abandon.HalfWidth, r.Theory.Abandon)
	g := r.Reported
	t.Logf("as GetMetricData reports it: %d contacts; 1-SL(1s) %.4f±%.4f (%.4f) SL %.4f±%.4f (%.4f) ASA %.2f±%.2f (%.2f) ab %.4f±%.4f (%.4f)",
		r.ReportedContacts, g.PWait.Mean, g.PWait.HalfWidth, r.ReportedTheory.PWait, g.ServiceLevel.Mean, g.ServiceLevel.HalfWidth, r.ReportedTheory.ServiceLevel,
		g.ASA.Mean, g.ASA.HalfWidth, r.ReportedTheory.ASA, g.Abandon.Mean, g.Abandon.HalfWidth, r.ReportedTheory.Abandon)
	for _, d := range r.Disagreements() {
		t.Errorf("c=%d occupancy %.2f: %s", p.Agents, p.Occupancy, d)
	}
	// GetMetricData and V2 count exactly what the events count.
	if r.ReportedContacts == 0 {
		t.Errorf("c=%d occupancy %.2f: GetMetricData reported no contacts", p.Agents, p.Occupancy)
	}
	for _, m := range r.Mismatches {
		t.Errorf("c=%d occupancy %.2f: %s", p.Agents, p.Occupancy, m)
	}
}
