package telemetry

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/storage"
)

// Namespace prefixes every metric name.
const Namespace = "connect_local"

// Telemetry holds one server's metrics.
type Telemetry struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	storeTx     *prometheus.HistogramVec
	storeWrites prometheus.Histogram
}

// New registers the server's metrics, and the Go runtime's and the
// process's.
func New() *Telemetry {
	t := &Telemetry{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "requests_total",
			Help: "Amazon Connect API requests answered, by operation and HTTP status."}, []string{"operation", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "request_duration_seconds",
			Help:    "Time to answer an Amazon Connect API request (decode, validate, call, store, encode), by operation.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}}, []string{"operation"}),
		storeTx: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "store_transaction_seconds",
			Help:    "Time of one write transaction of the store, fsync included (a group commit: every write queued meanwhile shares it), by outcome.",
			Buckets: []float64{.0001, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1}}, []string{"outcome"}),
		storeWrites: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: Namespace, Name: "store_transaction_writes",
			Help:    "Puts and deletes in one write transaction of the store (how many writes a group commit carried).",
			Buckets: prometheus.ExponentialBuckets(1, 4, 8)}),
	}
	t.reg.MustRegister(t.requests, t.latency, t.storeTx, t.storeWrites,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return t
}

// ObserveRequest records one answered Amazon Connect API operation.
func (t *Telemetry) ObserveRequest(operation string, status int, d time.Duration) {
	t.requests.WithLabelValues(operation, strconv.Itoa(status)).Inc()
	t.latency.WithLabelValues(operation).Observe(d.Seconds())
}

// Serve writes the server's metrics and those of extra (the caller's
// gauges; may be nil) in the Prometheus text format, or in the format
// the scraper negotiates.
func (t *Telemetry) Serve(w http.ResponseWriter, r *http.Request, extra prometheus.Gatherer) {
	gs := prometheus.Gatherers{t.reg}
	if extra != nil {
		gs = append(gs, extra)
	}
	promhttp.HandlerFor(gs, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// Store wraps s so that every Update is timed and its writes counted.
// The Update of the group committer is one transaction per group, so the
// histograms show group-commit time and size.
func (t *Telemetry) Store(s storage.Store) storage.Store { return &store{Store: s, t: t} }

type store struct {
	storage.Store
	t *Telemetry
}

func (s *store) Update(fn func(storage.Tx) error) error {
	sw := clock.StartStopwatch()
	var n int
	err := s.Store.Update(func(tx storage.Tx) error { return fn(&countingTx{Tx: tx, n: &n}) })
	outcome := "committed"
	if err != nil {
		outcome = "failed"
	}
	s.t.storeTx.WithLabelValues(outcome).Observe(sw.Elapsed().Seconds())
	if err == nil && n > 0 {
		s.t.storeWrites.Observe(float64(n))
	}
	return err
}

// countingTx counts the writes of one transaction.
type countingTx struct {
	storage.Tx
	n *int
}

func (c *countingTx) Put(bucket, key string, value []byte) error {
	*c.n++
	return c.Tx.Put(bucket, key, value)
}

func (c *countingTx) Delete(bucket, key string) error {
	*c.n++
	return c.Tx.Delete(bucket, key)
}

func (c *countingTx) DeletePrefix(bucket, prefix string) error {
	*c.n++
	return c.Tx.DeletePrefix(bucket, prefix)
}
