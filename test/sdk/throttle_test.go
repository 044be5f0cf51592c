package sdk

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/connect"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/server"
	"github.com/connect-local/connect-local/internal/throttle"
)

func TestThrottlingBurstAnswers429(t *testing.T) {
	// The limiter's wall clock stands still here, so no token refills.
	wall := clock.NewVirtual(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	e := newEnvWith(t, server.Options{Memory: true, Limiter: throttle.New(wall)})
	c := e.client
	id := newInstance(t, c, "throttled") // CreateInstance: 1 of its own 5
	for i := range 5 {
		if _, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &id}); err != nil {
			t.Fatalf("request %d of the burst: %v", i+1, err)
		}
	}
	_, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &id})
	if msg := wantAPIError(t, err, "ThrottlingException", 429); msg != "Rate exceeded" {
		t.Fatalf("message %q", msg)
	}
	// Another operation, account or region has a bucket of its own.
	if _, err := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &id}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.clientFor("222222222222", "us-east-1").ListInstances(ctx(), &connect.ListInstancesInput{}); err != nil {
		t.Fatal(err)
	}
	// Once the wall clock moves, the bucket refills at 2 per second.
	wall.Advance(500 * time.Millisecond)
	if _, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &id}); err != nil {
		t.Fatalf("after a refill: %v", err)
	}
}

// countingTransport counts the answers by status.
type countingTransport struct{ ok, throttled atomic.Int32 }

func (ct *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil {
		if resp.StatusCode == http.StatusTooManyRequests {
			ct.throttled.Add(1)
		} else {
			ct.ok.Add(1)
		}
	}
	return resp, err
}

func TestSDKRetriesThrottledRequestsToSuccess(t *testing.T) {
	t.Parallel() // it waits on the wall clock
	e := newEnvWith(t, server.Options{Memory: true, Limiter: throttle.New(clock.Real{})})
	id := newInstance(t, e.client, "retried")
	ct := &countingTransport{}
	c := connect.New(connect.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(e.http.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("111111111111", "secret", ""),
		HTTPClient:   &http.Client{Transport: ct},
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 10
			o.MaxBackoff = 800 * time.Millisecond
		}),
	})
	const calls = 9 // a burst of 5, then 2 per second
	for i := range calls {
		if _, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &id}); err != nil {
			t.Fatalf("call %d failed despite retries: %v", i+1, err)
		}
	}
	if ct.ok.Load() != calls || ct.throttled.Load() == 0 {
		t.Fatalf("%d answered, %d throttled; want %d answered after some 429s", ct.ok.Load(), ct.throttled.Load(), calls)
	}
	t.Logf("%d calls succeeded after %d ThrottlingException answers", calls, ct.throttled.Load())
}
