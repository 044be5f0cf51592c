package throttle

import (
	"sync"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/wire"
)

// Rate is a token bucket: Burst tokens at most, refilled at PerSecond.
type Rate struct {
	PerSecond float64
	Burst     float64
}

// DefaultRate is every operation's rate unless Rates names it (docs/quotas.md#api-rate-limits).
var DefaultRate = Rate{PerSecond: 2, Burst: 5}

// Rates are the operations whose quotas differ from DefaultRate (docs/quotas.md#api-rate-limits).
// Where AWS gives no burst, the burst is twice the rate.
var Rates = map[string]Rate{
	"GetCurrentMetricData":        {5, 8},
	"GetMetricData":               {5, 8},
	"SearchContacts":              {0.5, 1},
	"DescribeContact":             {10, 15},
	"UpdateContactRoutingData":    {20, 20},
	"DescribePredefinedAttribute": {10, 20},
	"ListPredefinedAttributes":    {10, 20},
	"ListUserProficiencies":       {10, 20},
}

// RateOf is the rate that applies to an operation.
func RateOf(op string) Rate {
	if r, ok := Rates[op]; ok {
		return r
	}
	return DefaultRate
}

// maxBuckets bounds memory: past it, buckets that have refilled (and so
// behave exactly like new ones) are dropped.
const maxBuckets = 10000

type key struct{ account, region, op string }

type bucket struct {
	tokens float64
	at     time.Time
}

// Limiter throttles requests; it implements wire.Limiter and is safe for
// concurrent use.
type Limiter struct {
	mu      sync.Mutex
	wall    clock.Clock
	buckets map[key]*bucket
}

var _ wire.Limiter = (*Limiter)(nil)

// New returns a Limiter reading the time from wall (nil means clock.Real).
func New(wall clock.Clock) *Limiter {
	if wall == nil {
		wall = clock.Real{}
	}
	return &Limiter{wall: wall, buckets: map[key]*bucket{}}
}

// Allow takes a token from the caller's bucket for c.Operation, and
// reports whether there was one.
func (l *Limiter) Allow(c wire.Caller) bool {
	rate := RateOf(c.Operation)
	now := l.wall.Now()
	k := key{c.Account, c.Region, c.Operation}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[k]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			l.sweep(now)
		}
		b = &bucket{tokens: rate.Burst, at: now}
		l.buckets[k] = b
	}
	b.refill(rate, now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (b *bucket) refill(rate Rate, now time.Time) {
	if d := now.Sub(b.at); d > 0 {
		b.tokens = min(rate.Burst, b.tokens+d.Seconds()*rate.PerSecond)
		b.at = now
	}
}

// sweep drops every bucket that is full again. The caller holds l.mu.
func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		r := RateOf(k.op)
		b.refill(r, now)
		if b.tokens >= r.Burst {
			delete(l.buckets, k)
		}
	}
}
