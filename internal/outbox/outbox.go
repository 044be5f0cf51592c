package outbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/storage"
)

// Bucket holds every record not yet acknowledged, keyed
// {instance}/{destination}/{sequence}: the sequence is 16 hex digits, so
// a destination's records scan in the order they were written.
const Bucket = "outbox"

// Kinds of destination.
const (
	Kinesis     = "KINESIS_STREAM"
	Firehose    = "KINESIS_FIREHOSE"
	EventBridge = "EVENTBRIDGE"
)

// Record is one thing to deliver.
type Record struct {
	Instance string `json:"instance"`
	// Dest names the destination within the instance (a storage
	// association ID, or "eventbridge").
	Dest string `json:"dest"`
	Seq  uint64 `json:"seq"`
	Kind string `json:"kind"`
	// Target is the stream or delivery stream ARN; for EventBridge, the
	// bus name ("default").
	Target string `json:"target"`
	// Region is where Target lives: the ARN's region, or the instance's
	// for EventBridge.
	Region string `json:"region"`
	// PartitionKey orders delivery: records with the same key are
	// delivered one after the other, in Seq order.
	PartitionKey string          `json:"partitionKey"`
	Data         json.RawMessage `json:"data"`
	// For EventBridge: the entry's envelope around Data (the detail).
	Source     string    `json:"source,omitempty"`
	DetailType string    `json:"detailType,omitempty"`
	Resources  []string  `json:"resources,omitempty"`
	Time       time.Time `json:"time,omitzero"`
}

// Key is where r is stored.
func (r *Record) Key() string { return Key(r.Instance, r.Dest, r.Seq) }

// Key is the outbox key of a record.
func Key(instance, dest string, seq uint64) string {
	return fmt.Sprintf("%s/%s/%016x", instance, dest, seq)
}

// Put writes r into the outbox within tx, in the record envelope.
func Put(tx storage.Tx, r *Record) error {
	if r.Instance == "" || r.Dest == "" || strings.Contains(r.Dest, "/") {
		return fmt.Errorf("outbox: bad record address %q/%q", r.Instance, r.Dest)
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	key := r.Key()
	return tx.Put(Bucket, key, storage.SealRecord(Bucket, key, b))
}

// Decode opens a stored record, verifying its checksum and that it is
// stored where it says it belongs.
func Decode(key string, v []byte) (*Record, error) {
	p, err := storage.OpenRecord(Bucket, key, v)
	if err != nil {
		return nil, err
	}
	var r Record
	if err := json.Unmarshal(p, &r); err != nil {
		return nil, err
	}
	if r.Key() != key {
		return nil, errors.New("record holds another key")
	}
	return &r, nil
}

// splitKey returns a key's instance, destination and sequence.
func splitKey(key string) (instance, dest string, seq uint64, ok bool) {
	parts := strings.Split(key, "/")
	if len(parts) != 3 {
		return "", "", 0, false
	}
	n, err := strconv.ParseUint(parts[2], 16, 64)
	return parts[0], parts[1], n, err == nil
}
