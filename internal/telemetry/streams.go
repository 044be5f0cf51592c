package telemetry

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/connect-local/connect-local/internal/outbox"
)

// StreamGauges are the delivery state of a caller's stream destinations
// (docs/events.md#delivery), built per scrape from the service's streams
// status, the figures GET /_local/instances/{id}/streams shows. Every
// series is labelled by instance, destination (the storage association
// ID, or "eventbridge"), kind (KINESIS_STREAM, KINESIS_FIREHOSE,
// EVENTBRIDGE) and target (the stream's ARN, or the bus).
type StreamGauges struct {
	backlog, delivered, failures, lastError, lastErrorTime, lastDelivery *prometheus.GaugeVec
}

var streamLabels = []string{"instance", "destination", "kind", "target"}

// NewStreamGauges registers the stream gauges in reg.
func NewStreamGauges(reg prometheus.Registerer) *StreamGauges {
	gauge := func(name, help string, extra ...string) *prometheus.GaugeVec {
		return prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: Namespace, Name: name, Help: help},
			append(append([]string{}, streamLabels...), extra...))
	}
	g := &StreamGauges{
		backlog: gauge("stream_backlog_records",
			"Records stored for a destination of the caller's instances and not yet acknowledged by its endpoint."),
		delivered: gauge("stream_delivered_records",
			"Records a destination's endpoint acknowledged since the server started."),
		failures: gauge("stream_consecutive_failures",
			"Delivery attempts to a destination that failed in a row (0 once one succeeds)."),
		lastError: gauge("stream_last_error",
			"The last delivery error of a destination, in the error label; 1 while delivery is failing, 0 once it succeeded since.", "error"),
		lastErrorTime: gauge("stream_last_error_timestamp_seconds",
			"Wall-clock time of a destination's last delivery error (Unix seconds)."),
		lastDelivery: gauge("stream_last_delivery_timestamp_seconds",
			"Wall-clock time a destination's endpoint last acknowledged records (Unix seconds)."),
	}
	reg.MustRegister(g.backlog, g.delivered, g.failures, g.lastError, g.lastErrorTime, g.lastDelivery)
	return g
}

// Observe sets the series of one destination of an instance.
func (g *StreamGauges) Observe(instance string, st outbox.Status) {
	kind, target := st.Kind, st.Target
	if kind == "" && st.Destination == eventBridgeDestination {
		kind, target = outbox.EventBridge, "default"
	}
	l := []string{instance, st.Destination, kind, target}
	g.backlog.WithLabelValues(l...).Set(float64(st.Backlog))
	g.delivered.WithLabelValues(l...).Set(float64(st.Delivered))
	g.failures.WithLabelValues(l...).Set(float64(st.Failures))
	if st.LastError != "" {
		failing := 0.0
		if st.Failures > 0 {
			failing = 1
		}
		g.lastError.WithLabelValues(append(l, st.LastError)...).Set(failing)
		g.lastErrorTime.WithLabelValues(l...).Set(float64(st.LastErrorTime.UnixMilli()) / 1000)
	}
	if !st.LastDelivery.IsZero() {
		g.lastDelivery.WithLabelValues(l...).Set(float64(st.LastDelivery.UnixMilli()) / 1000)
	}
}

// eventBridgeDestination is the destination name of an instance's
// contact events (the default bus).
const eventBridgeDestination = "eventbridge"
