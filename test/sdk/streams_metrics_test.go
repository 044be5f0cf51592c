package sdk

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	dto "github.com/prometheus/client_model/go"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/outbox"
	"github.com/connect-local/connect-local/internal/server"
	"github.com/connect-local/connect-local/internal/service"
)

// fakeKinesis answers PutRecords: 503 while down, else every record
// acknowledged and counted.
type fakeKinesis struct {
	mu       sync.Mutex
	down     bool
	received int
}

func (f *fakeKinesis) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"__type":"ServiceUnavailable","message":"the stream is down for the test"}`)
		return
	}
	var req struct{ Records []json.RawMessage }
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	recs := make([]map[string]string, len(req.Records))
	for i := range recs {
		recs[i] = map[string]string{"SequenceNumber": fmt.Sprint(f.received + i), "ShardId": "shardId-000000000000"}
	}
	f.received += len(req.Records)
	json.NewEncoder(w).Encode(map[string]any{"FailedRecordCount": 0, "Records": recs})
}

func (f *fakeKinesis) set(down bool) {
	f.mu.Lock()
	f.down = down
	f.mu.Unlock()
}

// TestStreamMetricsDuringAnOutage: while the Kinesis endpoint is down,
// /_local/metrics shows the destination's backlog (what
// /_local/instances/{id}/streams counts), its failures and its last error;
// once it is back, the backlog is 0, the records delivered counted and the
// error no longer current. Another account's scrape shows none of it.
func TestStreamMetricsDuringAnOutage(t *testing.T) {
	kin := &fakeKinesis{down: true}
	fake := httptest.NewServer(kin)
	t.Cleanup(fake.Close)
	eps := outbox.Endpoints{Kinesis: fake.URL}
	e := newEnvWith(t, server.Options{Memory: true, Streams: &service.StreamOptions{
		Endpoints: eps, Wall: clock.Real{}, MinBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond,
		Sender: &outbox.HTTPSender{Endpoints: eps, Wall: clock.Real{},
			Credentials: aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}}}})
	c := newCenterOn(t, e, "stream-metrics")
	const arn = "arn:aws:kinesis:us-east-1:111111111111:stream/agents"
	as, err := c.c.AssociateInstanceStorageConfig(ctx(), &connect.AssociateInstanceStorageConfigInput{
		InstanceId: &c.iid, ResourceType: types.InstanceStorageResourceTypeAgentEvents,
		StorageConfig: &types.InstanceStorageConfig{StorageType: types.StorageTypeKinesisStream,
			KinesisStreamConfig: &types.KinesisStreamConfig{StreamArn: aws.String(arn)}}})
	if err != nil {
		t.Fatal(err)
	}
	dest := aws.ToString(as.AssociationId)
	// Contact records too, to a stream no record reaches in this test: its
	// series carry its kind and target all the same.
	const ctrARN = "arn:aws:kinesis:us-east-1:111111111111:stream/ctr"
	ctr, err := c.c.AssociateInstanceStorageConfig(ctx(), &connect.AssociateInstanceStorageConfigInput{
		InstanceId: &c.iid, ResourceType: types.InstanceStorageResourceTypeContactTraceRecords,
		StorageConfig: &types.InstanceStorageConfig{StorageType: types.StorageTypeKinesisStream,
			KinesisStreamConfig: &types.KinesisStreamConfig{StreamArn: aws.String(ctrARN)}}})
	if err != nil {
		t.Fatal(err)
	}
	jane := c.agent("jane", true, 0)
	c.setAvailable(jane) // LOGIN
	c.task("one", c.basicFlow)

	labels := map[string]string{"instance": c.iid, "destination": dest, "kind": outbox.Kinesis, "target": arn}
	value := func(fams map[string]*dto.MetricFamily, name string, extra map[string]string) (float64, bool) {
		want := map[string]string{}
		for k, v := range labels {
			want[k] = v
		}
		for k, v := range extra {
			want[k] = v
		}
		m := sample(fams, name, want)
		if m == nil {
			return 0, false
		}
		return m.GetGauge().GetValue(), true
	}
	status := func() outbox.Status {
		var st struct{ Destinations []outbox.Status }
		if code := c.local("GET", "/_local/instances/"+c.iid+"/streams", "", &st); code != 200 {
			t.Fatalf("streams: HTTP %d", code)
		}
		for _, d := range st.Destinations {
			if d.Destination == dest {
				return d
			}
		}
		t.Fatalf("no destination %s in %+v", dest, st)
		return outbox.Status{}
	}
	waitFor := func(what string, ok func(outbox.Status) bool) outbox.Status {
		wall := clock.Real{}
		deadline := wall.Now().Add(30 * time.Second)
		for {
			st := status()
			if ok(st) {
				return st
			}
			if wall.Now().After(deadline) {
				t.Fatalf("%s: not within 30 s: %+v", what, st)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}

	// Down: the delivery failed at least twice. The backlog cannot change
	// while it stays down and nothing else happens.
	st := waitFor("failing", func(st outbox.Status) bool { return st.Failures >= 2 })
	if st.Backlog < 1 {
		t.Fatalf("backlog %d while down, want the agent's events", st.Backlog)
	}
	fams := scrape(t, e, "111111111111")
	if v, ok := value(fams, "connect_local_stream_backlog_records", nil); !ok || v != float64(st.Backlog) {
		t.Errorf("stream_backlog_records = %v (%v), want %d as /streams says", v, ok, st.Backlog)
	}
	if v, ok := value(fams, "connect_local_stream_consecutive_failures", nil); !ok || v < 2 {
		t.Errorf("stream_consecutive_failures = %v (%v), want at least 2", v, ok)
	}
	var lastErr string
	for _, m := range fams["connect_local_stream_last_error"].GetMetric() {
		for _, l := range m.GetLabel() {
			if l.GetName() == "error" {
				lastErr = l.GetValue()
			}
		}
		if m.GetGauge().GetValue() != 1 {
			t.Errorf("stream_last_error = %v while failing, want 1", m.GetGauge().GetValue())
		}
	}
	if !strings.Contains(lastErr, "HTTP 503") || !strings.Contains(lastErr, "the stream is down for the test") {
		t.Errorf("stream_last_error{error=%q}, want the endpoint's 503 and its message", lastErr)
	}
	if v, ok := value(fams, "connect_local_stream_last_error_timestamp_seconds", nil); !ok || v < float64(st.LastErrorTime.Unix()-1) {
		t.Errorf("stream_last_error_timestamp_seconds = %v (%v), want about %v", v, ok, st.LastErrorTime.Unix())
	}
	if _, ok := value(fams, "connect_local_stream_last_delivery_timestamp_seconds", nil); ok {
		t.Error("stream_last_delivery_timestamp_seconds before any delivery")
	}
	if m := sample(fams, "connect_local_stream_backlog_records", map[string]string{"instance": c.iid,
		"destination": aws.ToString(ctr.AssociationId), "kind": outbox.Kinesis, "target": ctrARN}); m == nil || m.GetGauge().GetValue() != 0 {
		t.Errorf("stream_backlog_records of the contact records' stream = %v, want 0 with its kind and target", m)
	}
	if other := scrape(t, e, "222222222222"); other["connect_local_stream_backlog_records"] != nil || other["connect_local_stream_last_error"] != nil {
		t.Errorf("another account sees the caller's destinations: %v", other["connect_local_stream_backlog_records"])
	}

	// Back: everything delivered, the error no longer current.
	kin.set(false)
	st = waitFor("delivered", func(st outbox.Status) bool { return st.Backlog == 0 })
	fams = scrape(t, e, "111111111111")
	kin.mu.Lock()
	received := kin.received
	kin.mu.Unlock()
	for name, want := range map[string]float64{
		"connect_local_stream_backlog_records":      0,
		"connect_local_stream_consecutive_failures": 0,
		"connect_local_stream_delivered_records":    float64(received),
		"connect_local_stream_last_error":           0,
	} {
		extra := map[string]string(nil)
		if name == "connect_local_stream_last_error" {
			extra = map[string]string{"error": lastErr}
		}
		if v, ok := value(fams, name, extra); !ok || v != want {
			t.Errorf("%s = %v (%v) after the outage, want %v", name, v, ok, want)
		}
	}
	if received < 1 || uint64(received) != st.Delivered {
		t.Errorf("endpoint received %d, /streams says %d delivered", received, st.Delivered)
	}
	if v, ok := value(fams, "connect_local_stream_last_delivery_timestamp_seconds", nil); !ok || v < float64(st.LastDelivery.Unix()-1) {
		t.Errorf("stream_last_delivery_timestamp_seconds = %v (%v), want about %v", v, ok, st.LastDelivery.Unix())
	}
}
