package outbox

import (
	"context"
	"errors"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/storage"
)

// Default backoff: the first retry after MinBackoff, doubling up to
// MaxBackoff while the endpoint keeps failing.
const (
	DefaultMinBackoff = 200 * time.Millisecond
	DefaultMaxBackoff = 10 * time.Second
)

// Options configures a Deliverer.
type Options struct {
	Store storage.Store
	// Sync, when set, returns once every write submitted before it is
	// durable (or failed): the Deliverer calls it before reading, so a
	// record woken for is found.
	Sync   func() error
	Sender Sender
	// Clock times retries and timestamps status; a wall clock (nil means
	// clock.Real).
	Clock      clock.Clock
	Logger     *slog.Logger
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// Timeout bounds one request (default 10 s).
	Timeout time.Duration
}

// Deliverer sends the outbox's records: one worker per destination, so a
// destination that is down delays only its own records.
type Deliverer struct {
	opts Options

	mu      sync.Mutex
	workers map[string]*worker // by "{instance}/{dest}"
	closed  bool
	wg      sync.WaitGroup
	stop    chan struct{}
}

// worker delivers one destination's records.
type worker struct {
	d        *Deliverer
	prefix   string // "{instance}/{dest}/"
	wake     chan struct{}
	mu       sync.Mutex
	status   Status
	failures int
}

// Status is what /_local/instances/{id}/streams shows of a destination.
type Status struct {
	Destination   string    `json:"Destination"`
	Kind          string    `json:"Kind,omitempty"`
	Target        string    `json:"Target,omitempty"`
	Backlog       int       `json:"Backlog"`
	Delivered     uint64    `json:"Delivered"`
	LastDelivery  time.Time `json:"LastDeliveryTime,omitzero"`
	LastError     string    `json:"LastError,omitempty"`
	LastErrorTime time.Time `json:"LastErrorTime,omitzero"`
	// Failures is how many attempts in a row have failed (0 once one
	// succeeds).
	Failures int `json:"ConsecutiveFailures"`
}

// New returns a Deliverer; Start starts it.
func New(opts Options) *Deliverer {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = DefaultMinBackoff
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = max(DefaultMaxBackoff, opts.MinBackoff)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	return &Deliverer{opts: opts, workers: map[string]*worker{}, stop: make(chan struct{})}
}

// Start finds every destination with records left from before (a
// restart, a crash) and starts delivering them.
func (d *Deliverer) Start() error {
	var prefixes []string
	err := d.opts.Store.View(func(tx storage.ReadTx) error {
		last := ""
		return tx.Scan(Bucket, "", func(k string, _ []byte) error {
			inst, dest, _, ok := splitKey(k)
			if p := inst + "/" + dest + "/"; ok && p != last {
				last = p
				prefixes = append(prefixes, p)
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	for _, p := range prefixes {
		d.wakePrefix(p)
	}
	return nil
}

// Wake tells the destination's worker that records may be waiting.
func (d *Deliverer) Wake(instance, dest string) { d.wakePrefix(instance + "/" + dest + "/") }

func (d *Deliverer) wakePrefix(prefix string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	w := d.workers[prefix]
	if w == nil {
		_, dest, _ := strings.Cut(strings.TrimSuffix(prefix, "/"), "/")
		w = &worker{d: d, prefix: prefix, wake: make(chan struct{}, 1), status: Status{Destination: dest}}
		d.workers[prefix] = w
		d.wg.Add(1)
		go w.run()
	}
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Close stops every worker, waiting for a request in flight to end.
func (d *Deliverer) Close() {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	d.closed = true
	close(d.stop)
	d.mu.Unlock()
	d.wg.Wait()
}

// Status reports the instance's destinations: those named in dests
// (configured ones, shown even when idle) and any with records or a
// worker, with the backlog counted in the store.
//
// The store is read before the workers: a worker counts a batch as
// delivered before it deletes the batch's records (deliver), so a backlog
// seen empty here is always covered by the Delivered read after it.
func (d *Deliverer) Status(instance string, dests []string) ([]Status, error) {
	type pending struct {
		n            int
		kind, target string
	}
	backlog := map[string]*pending{}
	err := d.opts.Store.View(func(tx storage.ReadTx) error {
		return tx.Scan(Bucket, instance+"/", func(k string, v []byte) error {
			_, dest, _, ok := splitKey(k)
			if !ok {
				return nil
			}
			p := backlog[dest]
			if p == nil {
				p = &pending{}
				backlog[dest] = p
				if r, err := Decode(k, v); err == nil {
					p.kind, p.target = r.Kind, r.Target
				}
			}
			p.n++
			return nil
		})
	})
	byDest := map[string]*Status{}
	for _, dest := range dests {
		byDest[dest] = &Status{Destination: dest}
	}
	d.mu.Lock()
	for p, w := range d.workers {
		if strings.HasPrefix(p, instance+"/") {
			w.mu.Lock()
			st := w.status
			w.mu.Unlock()
			st.Backlog = 0
			byDest[st.Destination] = &st
		}
	}
	d.mu.Unlock()
	for dest, p := range backlog {
		st := byDest[dest]
		if st == nil {
			st = &Status{Destination: dest}
			byDest[dest] = st
		}
		st.Backlog = p.n
		if st.Target == "" {
			st.Kind, st.Target = p.kind, p.target
		}
	}
	out := make([]Status, 0, len(byDest))
	for _, st := range byDest {
		out = append(out, *st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Destination < out[j].Destination })
	return out, err
}

var errStop = errors.New("stop scanning")

// scanLimit bounds the records one batch looks at, so that a long backlog
// of few partition keys costs a bounded read per request.
const scanLimit = 4096

func (w *worker) run() {
	defer w.d.wg.Done()
	for {
		select {
		case <-w.wake:
		case <-w.d.stop:
			return
		}
		for {
			more, err := w.deliverOnce()
			if err != nil {
				if !w.backoff(err) {
					return
				}
				continue
			}
			if !more {
				break
			}
		}
	}
}

// deliverOnce sends the next batch: the oldest record of each partition
// key (so that a failure can never put a later record of a key before an
// earlier one), and deletes those acknowledged. more is false when the
// destination has nothing left.
func (w *worker) deliverOnce() (more bool, err error) {
	if w.d.opts.Sync != nil {
		if err := w.d.opts.Sync(); err != nil {
			return false, err
		}
	}
	var batch []*Record
	var pending int
	err = w.d.opts.Store.View(func(tx storage.ReadTx) error {
		seen := map[string]bool{}
		kind := ""
		return tx.Scan(Bucket, w.prefix, func(k string, v []byte) error {
			pending++
			if pending > scanLimit {
				return errStop // a long backlog: enough for one batch
			}
			r, err := Decode(k, v)
			if err != nil {
				return err
			}
			if seen[r.PartitionKey] {
				return nil
			}
			seen[r.PartitionKey] = true
			if kind == "" {
				kind = r.Kind
			}
			// One request goes to one target: stop at a record for
			// another (a storage config updated to a new stream).
			if r.Kind != kind || r.Target != batch0Target(batch, r) || len(batch) >= maxBatch(kind) {
				return errStop
			}
			batch = append(batch, r)
			return nil
		})
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	if err != nil {
		return false, err
	}
	if len(batch) == 0 {
		return false, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), w.d.opts.Timeout)
	errs, err := w.d.opts.Sender.Send(ctx, batch[0].Kind, batch)
	cancel()
	w.mu.Lock()
	w.status.Kind, w.status.Target = batch[0].Kind, batch[0].Target
	w.mu.Unlock()
	if err != nil {
		return true, err
	}
	var acked []*Record
	var firstErr error
	for i, r := range batch {
		if errs[i] == nil {
			acked = append(acked, r)
		} else if firstErr == nil {
			firstErr = errs[i]
		}
	}
	if len(acked) > 0 {
		// Counted before the records leave the store, so that Status never
		// sees them gone and not yet counted; taken back if they stay.
		w.mu.Lock()
		w.status.Delivered += uint64(len(acked))
		w.mu.Unlock()
		if err := w.d.opts.Store.Update(func(tx storage.Tx) error {
			for _, r := range acked {
				if err := tx.Delete(Bucket, r.Key()); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			w.mu.Lock()
			w.status.Delivered -= uint64(len(acked))
			w.mu.Unlock()
			return true, err
		}
		w.mu.Lock()
		w.status.LastDelivery = w.d.opts.Clock.Now()
		w.mu.Unlock()
	}
	if firstErr != nil {
		return true, firstErr
	}
	w.mu.Lock()
	w.failures, w.status.Failures = 0, 0
	w.mu.Unlock()
	return pending > len(batch), nil
}

// batch0Target is the target the batch goes to (r's own when it is the
// first).
func batch0Target(batch []*Record, r *Record) string {
	if len(batch) == 0 {
		return r.Target
	}
	return batch[0].Target
}

// backoff records a failure and waits before the next attempt; false
// means the Deliverer is closing.
func (w *worker) backoff(err error) bool {
	w.mu.Lock()
	w.failures++
	w.status.Failures = w.failures
	w.status.LastError = err.Error()
	w.status.LastErrorTime = w.d.opts.Clock.Now()
	n := w.failures
	w.mu.Unlock()
	delay := w.d.opts.MinBackoff
	for i := 1; i < n && delay < w.d.opts.MaxBackoff; i++ {
		delay *= 2
	}
	delay = min(delay, w.d.opts.MaxBackoff)
	if n == 1 || n%20 == 0 {
		w.d.opts.Logger.Warn("stream delivery failed; retrying", "destination", w.prefix, "attempt", n, "retry_in", delay, "error", err)
	}
	done := make(chan struct{})
	t := w.d.opts.Clock.AfterFunc(delay, func() { close(done) })
	select {
	case <-done:
		return true
	case <-w.d.stop:
		t.Stop()
		return false
	}
}
