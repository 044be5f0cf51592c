package throttle

import (
	"fmt"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/wire"
)

func caller(account, region, op string) wire.Caller {
	return wire.Caller{Account: account, Region: region, Operation: op}
}

// take calls Allow n times and counts the admitted requests.
func take(l *Limiter, c wire.Caller, n int) int {
	ok := 0
	for range n {
		if l.Allow(c) {
			ok++
		}
	}
	return ok
}

func TestBurstThenRefillAtTheDocumentedRate(t *testing.T) {
	for _, tc := range []struct {
		op          string
		burst       int
		perSecond   float64
		refillAfter time.Duration // time for one more token
	}{
		{"DescribeQueue", 5, 2, 500 * time.Millisecond},
		{"CreatePredefinedAttribute", 5, 2, 500 * time.Millisecond},
		{"DescribeContact", 15, 10, 100 * time.Millisecond},
		{"UpdateContactRoutingData", 20, 20, 50 * time.Millisecond},
		{"GetCurrentMetricData", 8, 5, 200 * time.Millisecond},
		{"SearchContacts", 1, 0.5, 2 * time.Second},
		{"ListUserProficiencies", 20, 10, 100 * time.Millisecond}, // no documented burst: 2× the rate
	} {
		t.Run(tc.op, func(t *testing.T) {
			vc := clock.NewVirtual(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
			l := New(vc)
			c := caller("111111111111", "us-east-1", tc.op)
			if got := take(l, c, tc.burst+3); got != tc.burst {
				t.Fatalf("burst: %d admitted, want %d", got, tc.burst)
			}
			vc.Advance(tc.refillAfter - time.Millisecond)
			if l.Allow(c) {
				t.Fatal("admitted before a token refilled")
			}
			vc.Advance(time.Millisecond)
			if !l.Allow(c) {
				t.Fatal("refused after a token refilled")
			}
			// Ten seconds idle refill the bucket to its burst, not beyond.
			vc.Advance(10 * time.Second)
			if got := take(l, c, tc.burst+3); got != tc.burst {
				t.Fatalf("after idling: %d admitted, want %d", got, tc.burst)
			}
			// Sustained: one second admits the rate.
			vc.Advance(time.Second)
			if got := take(l, c, 100); float64(got) != tc.perSecond && !(tc.perSecond < 1 && got == 0) {
				t.Fatalf("one second later: %d admitted, want %v", got, tc.perSecond)
			}
		})
	}
}

func TestBucketsArePerAccountRegionAndOperation(t *testing.T) {
	vc := clock.NewVirtual(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	l := New(vc)
	take(l, caller("111111111111", "us-east-1", "DescribeQueue"), 10)
	for _, c := range []wire.Caller{
		caller("222222222222", "us-east-1", "DescribeQueue"),
		caller("111111111111", "eu-west-2", "DescribeQueue"),
		caller("111111111111", "us-east-1", "ListQueues"),
	} {
		if got := take(l, c, 10); got != 5 {
			t.Fatalf("%+v: %d admitted, want a fresh burst of 5", c, got)
		}
	}
}

func TestIdleBucketsAreSweptPastTheCap(t *testing.T) {
	vc := clock.NewVirtual(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	l := New(vc)
	for i := range maxBuckets {
		l.Allow(caller(fmt.Sprintf("%012d", i), "us-east-1", "DescribeQueue"))
	}
	busy := caller("999999999999", "us-east-1", "DescribeQueue")
	take(l, busy, 5)
	vc.Advance(time.Minute)
	take(l, busy, 5) // empty again
	l.Allow(caller("888888888888", "us-east-1", "DescribeQueue"))
	if n := len(l.buckets); n > 3 {
		t.Fatalf("%d buckets kept; want the refilled ones dropped", n)
	}
	if l.Allow(busy) {
		t.Fatal("an empty bucket was dropped: its caller got a fresh burst")
	}
}
