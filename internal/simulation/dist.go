package simulation

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/connect-local/connect-local/internal/scenario"
)

// sample draws one duration from d.
func sample(d *scenario.Dist, r *rand.Rand) time.Duration {
	switch d.Kind {
	case scenario.DistFixed:
		return d.Value.D()
	case scenario.DistExponential:
		return seconds(r.ExpFloat64() * d.Mean.D().Seconds())
	case scenario.DistLognormal:
		m, s := d.Mean.D().Seconds(), d.SD.D().Seconds()
		sigma2 := math.Log(1 + s*s/(m*m))
		mu := math.Log(m) - sigma2/2
		return seconds(math.Exp(mu + math.Sqrt(sigma2)*r.NormFloat64()))
	case scenario.DistEmpirical:
		return d.Values[r.IntN(len(d.Values))].D()
	}
	return 0
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// arrivals generates a contact type's arrival offsets from the start of the
// run, in order: a trace's, or a Poisson process at the contact type's rate
// (scenario.Arrivals.RateAt, the rate its expected count integrates).
type arrivals struct {
	trace   []time.Duration
	i       int
	poisson *scenario.Arrivals // nil for a trace
	r       *rand.Rand
	t       time.Duration // the last arrival
}

func newArrivals(ct *scenario.ContactType, r *rand.Rand) *arrivals {
	a := &arrivals{trace: ct.TraceOffsets(), r: r}
	if ct.Arrivals.PerHour != nil || len(ct.Arrivals.Schedule) > 0 {
		a.poisson = &ct.Arrivals
	}
	return a
}

// next returns the next arrival offset, or false when there is none before
// end.
func (a *arrivals) next(end time.Duration) (time.Duration, bool) {
	if a.poisson == nil {
		if a.i >= len(a.trace) || a.trace[a.i] >= end {
			return 0, false
		}
		a.i++
		return a.trace[a.i-1], true
	}
	// Piecewise-constant rate: spend one Exp(1) of integrated rate.
	e := a.r.ExpFloat64()
	t := a.t
	for t < end {
		perHour, until := a.poisson.RateAt(t)
		rate := perHour / 3600
		until = min(until, end)
		span := (until - t).Seconds()
		if rate > 0 && rate*span >= e {
			t += seconds(e / rate)
			a.t = t
			return t, t < end
		}
		e -= rate * span
		t = until
	}
	return 0, false
}
