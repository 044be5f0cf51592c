package connectlocaltest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/connect"
)

// TestStartServesAndStops: the endpoint answers while the test runs and
// refuses connections once its cleanup has run; the clock starts at
// DefaultStart and moves only by Advance.
func TestStartServesAndStops(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) {
		srv := Start(t)
		url = srv.URL
		resp, err := http.Get(srv.URL + "/_local/health")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("health: %v %v", resp, err)
		}
		resp.Body.Close()
		if _, err := srv.Client.ListInstances(context.Background(), &connect.ListInstancesInput{}); err != nil {
			t.Fatal(err)
		}
		if !srv.Clock.Now().Equal(DefaultStart) {
			t.Fatalf("clock at %s, want %s", srv.Clock.Now(), DefaultStart)
		}
		if got := srv.Clock.Advance(time.Hour); !got.Equal(DefaultStart.Add(time.Hour)) {
			t.Fatalf("Advance returned %s", got)
		}
	})
	if resp, err := http.Get(url + "/_local/health"); err == nil {
		resp.Body.Close()
		t.Fatalf("%s still answers after the test ended", url)
	}
}

// TestSeedYAML: an inline scenario's setup exists at start, in the
// client's account.
func TestSeedYAML(t *testing.T) {
	srv := Start(t, WithSeedYAML(`
instance: {alias: inline}
setup:
  queues: [{name: Billing}]
  routing_profiles:
    - {name: Billing desk, concurrency: {VOICE: 1}, queues: [{queue: Billing, channel: VOICE}]}
  users:
    - {username: bo, routing_profile: Billing desk}
`))
	if srv.Seed == nil || srv.Seed.QueueID("billing") == "" || srv.Seed.UserID("bo") == "" {
		t.Fatalf("seed = %+v", srv.Seed)
	}
	q, err := srv.Client.DescribeQueue(context.Background(), &connect.DescribeQueueInput{InstanceId: &srv.Seed.InstanceID, QueueId: ptr(srv.Seed.QueueID("Billing"))})
	if err != nil || *q.Queue.Name != "Billing" {
		t.Fatalf("DescribeQueue: %v %v", q, err)
	}
}

func ptr(s string) *string { return &s }
