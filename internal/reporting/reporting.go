package reporting

import (
	"encoding/json"

	"github.com/connect-local/connect-local/internal/instance"
)

// Reporting is the metrics operations of the service: GetCurrentMetricData
// (metrics_current.go), GetMetricData (metrics_history.go) and
// GetMetricDataV2 (metrics_v2.go) over what each instance keeps for its
// metrics (metrics.go). internal/service embeds it, so the handlers call
// its methods by their names on the Service, and feeds it: every engine
// event (Observe), every flush (BeforeFlush, WriteMetrics, Committed) and
// every load (NoteLoaded).
type Reporting struct {
	core *instance.Core
}

// New is the metrics operations over core (the façade's).
func New(core *instance.Core) *Reporting { return &Reporting{core: core} }

// bucketMetrics holds the historical metrics: 5-minute buckets and agent
// trackers, in the formats of internal/metrics (history.go):
//
//	{i}/c/{bucket}/{c|t}{layout}/{queue}/{channel}/{profile}/{agent}/{step hash} → one cell
//	{i}/a/{userId} → what the agent is doing since when
const bucketMetrics = "metrics"

// Bucket is bucketMetrics, for deleting an instance.
const Bucket = bucketMetrics

var slot = instance.NewSlot(func(*instance.State) *instanceMetrics { return newInstanceMetrics() })

// of is st's metrics. The caller holds st.Mu.
func of(st *instance.State) *instanceMetrics { return slot.Of(st) }

func init() {
	instance.Register(instance.RecordType{Bucket: bucketMetrics, Key: "{i}/c/… or {i}/a/{userId}", Legacy: instance.IsJSON, Child: loadMetrics})
}

func marshalJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
