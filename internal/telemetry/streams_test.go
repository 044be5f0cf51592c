package telemetry

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/connect-local/connect-local/internal/outbox"
)

// TestStreamGauges: one series per destination and figure; the EventBridge
// destination (no record stored, so no kind in its status) is labelled
// with its kind and bus; the last error is 1 while failing and 0 once an
// attempt succeeded; timestamps only once they happened.
func TestStreamGauges(t *testing.T) {
	at := time.Date(2024, 1, 1, 8, 0, 0, 500_000_000, time.UTC)
	reg := prometheus.NewRegistry()
	g := NewStreamGauges(reg)
	g.Observe("i1", outbox.Status{Destination: "a1", Kind: outbox.Kinesis, Target: "arn:aws:kinesis:us-east-1:1:stream/s",
		Backlog: 4, Failures: 3, LastError: "down", LastErrorTime: at})
	g.Observe("i1", outbox.Status{Destination: "eventbridge", Delivered: 9, LastDelivery: at, LastError: "was down", LastErrorTime: at})
	// Each family summed over the two destinations (a1 + eventbridge).
	want := map[string]float64{
		"stream_backlog_records": 4 + 0, "stream_delivered_records": 0 + 9, "stream_consecutive_failures": 3,
		"stream_last_error": 1 + 0, "stream_last_error_timestamp_seconds": 2 * 1704096000.5,
		"stream_last_delivery_timestamp_seconds": 1704096000.5,
	}
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	series := map[string]int{}
	for _, f := range fams {
		name := f.GetName()[len(Namespace)+1:]
		var sum float64
		for _, m := range f.GetMetric() {
			sum += m.GetGauge().GetValue()
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["destination"] == "eventbridge" && (labels["kind"] != outbox.EventBridge || labels["target"] != "default") {
				t.Errorf("%s: eventbridge labelled %v", name, labels)
			}
			if name == "stream_last_error" && labels["error"] == "" {
				t.Errorf("stream_last_error without its error: %v", labels)
			}
		}
		series[name] = len(f.GetMetric())
		if sum != want[name] {
			t.Errorf("%s sums to %v, want %v", name, sum, want[name])
		}
	}
	if len(series) != len(want) {
		t.Errorf("families %v, want %d", series, len(want))
	}
	if series["stream_last_delivery_timestamp_seconds"] != 1 || series["stream_backlog_records"] != 2 {
		t.Errorf("series per family %v: one delivery time (eventbridge), two backlogs", series)
	}
	if series["stream_last_error"] != 2 {
		t.Errorf("stream_last_error series = %d, want 2", series["stream_last_error"])
	}
}
