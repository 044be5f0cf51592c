package reporting

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"github.com/connect-local/connect-local/internal/instance"
	"strconv"
	"sync"
	"time"
)

// MetricsTokenTTL is how long a metrics NextToken lives (docs/metrics.md#output-sorting-and-paging, docs/metrics.md#filters-and-groupings).
const MetricsTokenTTL = 5 * time.Minute

// metricsToken is a NextToken of the metrics operations: where the next
// page starts, which cached snapshot it reads (real-time only), when it was
// issued and which request it belongs to, all under one MAC.
type metricsToken struct {
	Snapshot string `json:"s,omitempty"`
	Offset   int    `json:"o,omitempty"`
	LastKey  string `json:"k,omitempty"`
	Issued   int64  `json:"t"`
	Binding  string `json:"b"`
	MAC      string `json:"m,omitempty"`
}

// body is what the MAC covers: every field but the MAC.
func (t metricsToken) body() string {
	t.MAC = ""
	raw, _ := json.Marshal(t)
	return string(raw)
}

func (s *Reporting) makeMetricsToken(t metricsToken, binding string) string {
	t.Binding = s.core.MAC("binding", binding)
	t.MAC = s.core.MAC("metrics-token", t.body())
	raw, _ := json.Marshal(t)
	return base64.RawURLEncoding.EncodeToString(raw)
}

// readMetricsToken checks a token's MAC, binding and age (ttl 0: none).
func (s *Reporting) readMetricsToken(token, binding string, ttl time.Duration) (metricsToken, error) {
	bad := instance.InvalidParam("The NextToken is not valid for this request: it must come from the same request with identical parameters.")
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return metricsToken{}, bad
	}
	var t metricsToken
	if json.Unmarshal(raw, &t) != nil {
		return metricsToken{}, bad
	}
	if !hmac.Equal([]byte(t.MAC), []byte(s.core.MAC("metrics-token", t.body()))) || t.Binding != s.core.MAC("binding", binding) {
		return metricsToken{}, bad
	}
	if ttl > 0 && s.core.Clock.Now().Sub(time.Unix(t.Issued, 0)) > ttl {
		return metricsToken{}, instance.InvalidParam("The NextToken has expired: tokens are valid for %d minutes.", int(ttl/time.Minute))
	}
	return t, nil
}

// snapshotCache keeps real-time results for their later pages: "the
// metrics were retrieved and cached for pagination" (docs/metrics.md#output-sorting-and-paging).
type snapshotCache struct {
	mu      sync.Mutex
	entries map[string]*cachedSnapshot
	order   []string
	next    int64
}

type cachedSnapshot struct {
	at      time.Time
	binding string // the request it answers
	rows    []CurrentMetricRow
}

const snapshotCacheSize = 64

func newSnapshotCache() *snapshotCache { return &snapshotCache{entries: map[string]*cachedSnapshot{}} }

// put keeps s and returns its ID (unique within the process; a token
// from before a restart finds another request's snapshot at most, which
// get refuses by binding).
func (c *snapshotCache) put(s *cachedSnapshot) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	id := strconv.FormatInt(c.next, 36)
	c.entries[id] = s
	c.order = append(c.order, id)
	for len(c.order) > snapshotCacheSize {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
	return id
}

func (c *snapshotCache) get(id, binding string) *cachedSnapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.entries[id]; s != nil && s.binding == binding {
		return s
	}
	return nil
}
