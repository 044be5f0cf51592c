package instance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/connect-local/connect-local/internal/storage"
)

// The schema (STYLE: one schema list): every record the service stores,
// its bucket, the form of its key, and how it loads. Each family adds its
// record types with Register, at package initialisation; start-up and
// `connect-local check` both walk this one list (WalkRecords) and nothing
// else.
//
// Every value is stored in the record envelope of storage.SealRecord (a
// version byte and a CRC-32C over bucket, key and payload): PutRecord
// writes it, RecordType.decode verifies it. Values written before the
// envelope existed (JSON, or the 32 raw bytes of the token secret) are
// accepted and rewritten in the envelope at start-up, in the loading
// transaction.
//
// {i} is an instance ID; IDs are UUIDs, so "/" never occurs inside one.

// RecordType is one kind of stored record.
type RecordType struct {
	Bucket string
	// Key is the key's form, for people.
	Key string
	// Legacy recognises a value stored before the record envelope.
	Legacy func(v []byte) bool
	// Top loads a record that belongs to no instance (meta, instances);
	// Child loads one of the instance its key starts with ({i}/…).
	Top   func(ls *LoadState, key string, payload []byte) error
	Child func(st *State, payload []byte) error
}

// schema is every registered record type. Records load in two passes:
// the top ones (the instances among them) first, then every instance's
// records, each pass in registration order (contacts before their
// transcripts).
var schema []RecordType

// Register adds record types to the schema. Call it only at package
// initialisation.
func Register(rts ...RecordType) { schema = append(schema, rts...) }

// Schema is the registered record types in load order.
func Schema() []RecordType {
	out := make([]RecordType, 0, len(schema))
	for _, top := range []bool{true, false} {
		for _, rt := range schema {
			if (rt.Top != nil) == top {
				out = append(out, rt)
			}
		}
	}
	return out
}

// ChildKey is the key of record id of an instance.
func ChildKey(instanceID, id string) string { return instanceID + "/" + id }

// IsJSON recognises a record stored as bare JSON, before the envelope:
// every such record is an object or an array.
func IsJSON(v []byte) bool { return len(v) > 0 && (v[0] == '{' || v[0] == '[') }

// PutRecord stores payload at bucket/key in the record envelope. Every
// write of a record goes through it (or PutJSON).
func PutRecord(tx storage.Tx, bucket, key string, payload []byte) error {
	return storage.PutSealed(tx, bucket, key, payload)
}

// PutJSON stores v's JSON at bucket/key in the record envelope. The JSON
// is json.Marshal's, encoded in a pooled buffer: the sealed value is the
// only copy it allocates (a changed contact is encoded on every write).
func PutJSON(tx storage.Tx, bucket, key string, v any) error {
	buf := jsonBufs.Get().(*bytes.Buffer)
	defer putJSONBuf(buf)
	enc := json.NewEncoder(buf)
	if err := enc.Encode(v); err != nil {
		return err
	}
	// Encode is Marshal and a newline.
	return PutRecord(tx, bucket, key, bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

var jsonBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putJSONBuf returns buf to the pool, unless a huge record grew it.
func putJSONBuf(buf *bytes.Buffer) {
	if buf.Cap() > 64<<10 {
		return
	}
	buf.Reset()
	jsonBufs.Put(buf)
}

// decode returns a stored value's payload, verifying its checksum;
// legacy is true for a value from before the envelope.
func (rt *RecordType) decode(key string, v []byte) (payload []byte, legacy bool, err error) {
	if rt.Legacy(v) {
		return v, true, nil
	}
	p, err := storage.OpenRecord(rt.Bucket, key, v)
	if errors.Is(err, storage.ErrNotSealed) {
		err = errors.New("neither a checksummed record nor an old-format one")
	}
	return p, false, err
}

// LoadInto is a Child loader that decodes a JSON record and hands it to put.
func LoadInto[T any](put func(*State, *T)) func(*State, []byte) error {
	return func(st *State, v []byte) error {
		r := new(T)
		if err := json.Unmarshal(v, r); err != nil {
			return err
		}
		put(st, r)
		return nil
	}
}

// RecordProblem is a stored record that cannot be loaded, or a bucket no
// schema entry knows.
type RecordProblem struct {
	Bucket, Key, Reason string
}

func (p RecordProblem) String() string {
	if p.Key == "" {
		return fmt.Sprintf("bucket %s: %s", p.Bucket, p.Reason)
	}
	return fmt.Sprintf("%s %s: %s", p.Bucket, p.Key, p.Reason)
}

// LoadState is what a walk of the schema found.
type LoadState struct {
	Secret    []byte
	Instances map[string]*State
	Records   map[string]int
	Orphans   map[string]int
	Problems  []RecordProblem
	Legacy    []LegacyRecord
}

// LegacyRecord is a record stored before the envelope, to rewrite in it.
type LegacyRecord struct {
	Bucket, Key string
	Payload     []byte
}

func newLoadState() *LoadState {
	return &LoadState{Instances: map[string]*State{}, Records: map[string]int{}, Orphans: map[string]int{}}
}

// WalkRecords loads every record of the schema from tx into a new
// LoadState. A record that does not load is a problem, and the walk goes
// on; a record under an instance that no longer exists is an orphan (a
// deleted instance's leftover) and is skipped. The error is the store's.
func WalkRecords(tx storage.ReadTx) (*LoadState, error) {
	ls := newLoadState()
	known := map[string]bool{}
	for _, rt := range Schema() {
		known[rt.Bucket] = true
		err := tx.Scan(rt.Bucket, "", func(k string, v []byte) error {
			if reason := ls.record(&rt, k, v); reason != nil {
				ls.Problems = append(ls.Problems, RecordProblem{Bucket: rt.Bucket, Key: k, Reason: reason.Error()})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	err := tx.Buckets(func(name string) error {
		if !known[name] {
			ls.Problems = append(ls.Problems, RecordProblem{Bucket: name, Reason: "no such bucket in the schema (a damaged bucket name, or a newer connect-local's data)"})
		}
		return nil
	})
	return ls, err
}

func (ls *LoadState) record(rt *RecordType, k string, v []byte) error {
	payload, legacy, err := rt.decode(k, v)
	if err != nil {
		return err
	}
	if rt.Top != nil {
		err = rt.Top(ls, k, payload)
	} else {
		iid, _, _ := strings.Cut(k, "/")
		st := ls.Instances[iid]
		if st == nil {
			ls.Orphans[rt.Bucket]++
			return nil
		}
		err = rt.Child(st, payload)
	}
	if err != nil {
		return err
	}
	ls.Records[rt.Bucket]++
	if legacy {
		ls.Legacy = append(ls.Legacy, LegacyRecord{Bucket: rt.Bucket, Key: k, Payload: append([]byte(nil), payload...)})
	}
	return nil
}

// Damaged is the start-up error for the problems the walk found.
func (ls *LoadState) Damaged() error {
	reason := "record " + ls.Problems[0].String()
	if n := len(ls.Problems) - 1; n > 0 {
		reason += fmt.Sprintf(" (and %d more)", n)
	}
	return &storage.DamagedError{Reason: reason}
}

// ReadInstance reads one instance and its records through the schema, as
// start-up does (nil when the store has no such instance, whose record
// is in bucket instances). A record that does not load is an error:
// memory is then kept as it is.
func ReadInstance(tx storage.ReadTx, instances, id string) (*State, error) {
	v, err := tx.Get(instances, id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	ls := newLoadState()
	for _, rt := range Schema() {
		switch {
		case rt.Bucket == instances:
			if err := ls.record(&rt, id, v); err != nil {
				return nil, fmt.Errorf("%s %s: %w", rt.Bucket, id, err)
			}
		case rt.Child != nil:
			if err := tx.Scan(rt.Bucket, id+"/", func(k string, v []byte) error {
				if err := ls.record(&rt, k, v); err != nil {
					return fmt.Errorf("%s %s: %w", rt.Bucket, k, err)
				}
				return nil
			}); err != nil {
				return nil, err
			}
			// A record keyed by the instance ID alone (the hierarchy
			// structure) has no "/".
			if v, err := tx.Get(rt.Bucket, id); err == nil {
				if err := ls.record(&rt, id, v); err != nil {
					return nil, fmt.Errorf("%s %s: %w", rt.Bucket, id, err)
				}
			} else if !errors.Is(err, storage.ErrNotFound) {
				return nil, err
			}
		}
	}
	st := ls.Instances[id]
	if st == nil {
		return nil, fmt.Errorf("instance %s did not load", id)
	}
	return st, nil
}

// The buckets of the instance records and of the core maps (State.Data);
// the façade registers their loaders. {i} is an instance ID.
const (
	BucketInstances = "instances"           // {i} → Instance
	BucketHours     = "hours"               // {i}/{hoursId} → HoursOfOperation
	BucketQueues    = "queues"              // {i}/{queueId} → Queue
	BucketProfiles  = "routing-profiles"    // {i}/{routingProfileId} → RoutingProfile
	BucketStatuses  = "agent-statuses"      // {i}/{agentStatusId} → AgentStatus
	BucketSecurity  = "security-profiles"   // {i}/{securityProfileId} → SecurityProfile
	BucketFlows     = "contact-flows"       // {i}/{contactFlowId} → ContactFlow
	BucketUsers     = "users"               // {i}/{userId} → User
	BucketGroups    = "hierarchy-groups"    // {i}/{groupId} → HierarchyGroup
	BucketStructure = "hierarchy-structure" // {i} → HierarchyStructure
	BucketQuick     = "quick-connects"      // {i}/{quickConnectId} → QuickConnect
)
