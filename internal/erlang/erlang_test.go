package erlang

import (
	"math"
	"testing"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f (±%g)", what, got, want, tol)
	}
}

// Textbook values: a = 2 Erlangs on 3 agents has C = 4/9; a = 10 on 12
// agents is 0.4494 (Erlang C tables).
func TestErlangC(t *testing.T) {
	q := C{Lambda: 2, Mu: 1, Agents: 3}
	near(t, "C(3,2)", q.PWait(), 4.0/9, 1e-12)
	near(t, "ASA", q.ASA(), 4.0/9, 1e-12)
	near(t, "SL(1)", q.ServiceLevel(1), 1-4.0/9*math.Exp(-1), 1e-12)
	near(t, "C(12,10)", C{Lambda: 10, Mu: 1, Agents: 12}.PWait(), 0.4494, 5e-4)
	near(t, "M/M/1", C{Lambda: 0.5, Mu: 1, Agents: 1}.PWait(), 0.5, 1e-12)
	if (C{Lambda: 0.5, Mu: 1, Agents: 200}).PWait() > 1e-12 {
		t.Error("200 agents at 0.25% occupancy should never wait")
	}
}

// Erlang A tends to Erlang C as patience grows, agrees with its own
// identities (P(abandon) = θ·E[Lq]/λ), and M/M/1+M at θ = μ is an M/M/∞
// count in queue, so P(wait) = 1 - e^{-a}.
func TestErlangA(t *testing.T) {
	c := C{Lambda: 9, Mu: 1, Agents: 10}
	a, err := A{Lambda: 9, Mu: 1, Theta: 1e-7, Agents: 10}.Solve(0.5)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "P(wait) → Erlang C", a.PWait, c.PWait(), 1e-4)
	near(t, "SL → Erlang C", a.ServiceLevel, c.ServiceLevel(0.5), 1e-4)
	for _, q := range []A{{Lambda: 9, Mu: 1, Theta: 0.5, Agents: 10}, {Lambda: 1.2, Mu: 1.0 / 180, Theta: 1.0 / 120, Agents: 200}, {Lambda: 3, Mu: 1, Theta: 2, Agents: 2}} {
		r, err := q.Solve(20)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "P(abandon) = θ·Lq/λ", r.PAbandon, q.Theta*r.MeanQueue/q.Lambda, 1e-9)
		if r.ServiceLevel < 0 || r.ServiceLevel > 1-r.PAbandon+1e-12 {
			t.Errorf("SL %.4f outside [0, 1-P(ab)=%.4f]", r.ServiceLevel, 1-r.PAbandon)
		}
	}
	r, err := A{Lambda: 0.7, Mu: 1, Theta: 1, Agents: 1}.Solve(0)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "M/M/1+M θ=μ P(wait)", r.PWait, 1-math.Exp(-0.7), 1e-9)
	near(t, "SL(0) = 1 - P(wait)", r.ServiceLevel, 1-r.PWait, 1e-12)
}

// servedWithin against a direct check: with j = 0 it is the probability
// that Exp(cμ) beats Exp(θ) and ends by t.
func TestServedWithin(t *testing.T) {
	cmu, th, tt := 2.0, 0.5, 0.7
	want := cmu / (cmu + th) * (1 - math.Exp(-(cmu+th)*tt))
	near(t, "j=0", servedWithin(0, cmu, th, tt), want, 1e-10)
	// Large t: the probability of being served at all.
	served := 1.0
	for i := 0; i <= 3; i++ {
		ri := cmu + float64(i)*th
		served *= ri / (ri + th)
	}
	near(t, "j=3, t→∞", servedWithin(3, cmu, th, 200), served, 1e-9)
}
