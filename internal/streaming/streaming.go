package streaming

import (
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/outbox"
)

// Streaming is the instance storage configurations and the streaming out
// of contact records, agent events and contact events (docs/events.md).
// internal/service embeds it, so the handlers call its methods by their
// names on the Service, and feeds it under each instance's lock: every
// engine event (NoteEvent), every recorded write (Record), every load of
// an instance (Restore); Start and Stop bracket the service's life.
type Streaming struct {
	core    *instance.Core
	streams *serviceStreams // nil: nothing streams (streams_records.go)
}

// New is streaming over core (the façade's); nothing streams until Start.
func New(core *instance.Core) *Streaming { return &Streaming{core: core} }

// holder is an instance's slot: its streaming state, nil until first used.
type holder struct{ streams *instanceStreams }

var slot = instance.NewSlot(func(*instance.State) *holder { return &holder{} })

// of is st's slot. The caller holds st.Mu.
func of(st *instance.State) *holder { return slot.Of(st) }

// Buckets are the per-instance buckets, which deleting an instance
// empties of its records.
var Buckets = []string{bucketStorageConfigs, outbox.Bucket}

func init() {
	instance.Register(
		instance.RecordType{Bucket: bucketStorageConfigs, Key: "{i}/{associationId}", Legacy: instance.IsJSON,
			Child: instance.LoadInto(func(st *instance.State, r *StorageConfig) { streamState(st).configs[r.AssociationID] = r })},
		instance.RecordType{Bucket: outbox.Bucket, Key: "{i}/{destination}/{sequence}", Legacy: func([]byte) bool { return false }, Child: loadOutboxRecord},
	)
}
