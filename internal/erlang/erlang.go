package erlang

import (
	"fmt"
	"math"
)

// C is an M/M/c queue: arrivals per second, services per second per agent,
// agents.
type C struct {
	Lambda, Mu float64
	Agents     int
}

func (q C) load() float64 { return q.Lambda / q.Mu }

// Valid reports whether the queue is stable.
func (q C) Valid() error {
	if q.Agents < 1 || q.Lambda <= 0 || q.Mu <= 0 || q.load() >= float64(q.Agents) {
		return fmt.Errorf("erlang C needs λ > 0, μ > 0 and λ/μ < c (got λ=%g μ=%g c=%d)", q.Lambda, q.Mu, q.Agents)
	}
	return nil
}

// Occupancy is λ/(cμ).
func (q C) Occupancy() float64 { return q.load() / float64(q.Agents) }

// PWait is the Erlang C formula: the probability an arrival waits.
func (q C) PWait() float64 {
	a, c := q.load(), float64(q.Agents)
	b := 1.0 // Erlang B by its recursion, stable for large c
	for k := 1; k <= q.Agents; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return c * b / (c - a*(1-b))
}

// ASA is the mean wait of all arrivals, in seconds.
func (q C) ASA() float64 { return q.PWait() / (float64(q.Agents)*q.Mu - q.Lambda) }

// ServiceLevel is the probability an arrival waits at most t seconds.
func (q C) ServiceLevel(t float64) float64 {
	return 1 - q.PWait()*math.Exp(-(float64(q.Agents)*q.Mu-q.Lambda)*t)
}

// A is an M/M/c+M queue: C with exponential patience at rate Theta per
// second (mean patience 1/Theta).
type A struct {
	Lambda, Mu, Theta float64
	Agents            int
}

// Result is what Erlang A gives.
type Result struct {
	PWait        float64 // an arrival finds every agent busy
	PAbandon     float64 // an arrival abandons
	ServiceLevel float64 // an arrival is answered within the threshold
	MeanQueue    float64 // time-average number waiting
}

// Solve computes the stationary distribution of the birth-death chain
// (births λ; deaths min(n,c)μ + max(n-c,0)θ) and, by PASTA, what an
// arrival sees. An arrival that finds j waiting ahead of it reaches an
// agent after j+1 advances of the queue, the i-th ahead-count phase lasting
// Exp(cμ + iθ) (a service or an abandonment ahead), unless its own Exp(θ)
// patience runs out first. ServiceLevel integrates that hypoexponential
// time against the patience by uniformization.
func (q A) Solve(threshold float64) (Result, error) {
	if q.Agents < 1 || q.Lambda <= 0 || q.Mu <= 0 || q.Theta <= 0 {
		return Result{}, fmt.Errorf("erlang A needs λ, μ, θ > 0 and c ≥ 1")
	}
	c := q.Agents
	cmu := float64(c) * q.Mu
	// Log-weights of the stationary distribution, until negligible.
	lw := []float64{0}
	peak := 0.0
	for n := 1; ; n++ {
		death := float64(min(n, c))*q.Mu + float64(max(n-c, 0))*q.Theta
		v := lw[n-1] + math.Log(q.Lambda/death)
		lw = append(lw, v)
		peak = math.Max(peak, v)
		if n > c && v < peak-60 {
			break
		}
		if n > 1_000_000 {
			return Result{}, fmt.Errorf("erlang A: the chain does not settle")
		}
	}
	pi := make([]float64, len(lw))
	sum := 0.0
	for n, v := range lw {
		pi[n] = math.Exp(v - peak)
		sum += pi[n]
	}
	var r Result
	for n := range pi {
		pi[n] /= sum
		if n < c {
			r.ServiceLevel += pi[n]
			continue
		}
		j := n - c
		r.PWait += pi[n]
		r.MeanQueue += float64(j) * pi[n]
		served := 1.0
		for i := 0; i <= j; i++ {
			ri := cmu + float64(i)*q.Theta
			served *= ri / (ri + q.Theta)
		}
		r.PAbandon += pi[n] * (1 - served)
		r.ServiceLevel += pi[n] * servedWithin(j, cmu, q.Theta, threshold)
	}
	return r, nil
}

// servedWithin is P(S ≤ t, S < T): S the sum of Exp(cμ + iθ) for
// i = j..0, T ~ Exp(θ) independent. The chain of ahead-counts j, …, 0 is
// killed at rate θ and absorbed at "served"; uniformization sums the
// absorbed mass over Poisson-weighted steps.
func servedWithin(j int, cmu, theta, t float64) float64 {
	if t <= 0 {
		return 0
	}
	rate := func(i int) float64 { return cmu + float64(i)*theta }
	L := rate(j) + theta
	lt := L * t
	// j+1 advances are needed; far behind, none is likely within t.
	kmax := int(lt + 12*math.Sqrt(lt) + 30)
	if j+1 > kmax {
		return 0
	}
	p := make([]float64, j+1) // p[i]: i waiting ahead
	p[j] = 1
	served := 0.0
	total := 0.0
	w := math.Exp(-lt) // Poisson weight of k steps
	logw := -lt
	for k := 0; k <= kmax; k++ {
		if k > 0 {
			logw += math.Log(lt / float64(k))
			w = math.Exp(logw)
		}
		total += w * served
		// One uniformized step.
		served += p[0] * rate(0) / L
		for i := 0; i <= j; i++ {
			stay := 1 - (rate(i)+theta)/L
			next := 0.0
			if i+1 <= j {
				next = p[i+1] * rate(i+1) / L
			}
			p[i] = p[i]*stay + next
		}
	}
	return total
}
