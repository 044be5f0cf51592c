package service

import (
	"encoding/json"
	"fmt"

	"github.com/connect-local/connect-local/internal/instance"

	"github.com/connect-local/connect-local/internal/storage"
)

// The schema (STYLE: one schema list): every record the service stores,
// its bucket, the form of its key, and how it loads. Start-up (New) and
// `connect-local check` (Check) both walk this list and nothing else.
//
// Every value is stored in the record envelope of storage.SealRecord (a
// version byte and a CRC-32C over bucket, key and payload): putRecord
// writes it, recordType.decode verifies it. Values written before the
// envelope existed (JSON, or the 32 raw bytes of the token secret) are
// accepted and rewritten in the envelope at start-up, in the loading
// transaction.
//
// {i} is an instance ID; IDs are UUIDs, so "/" never occurs inside one.
const (
	bucketMeta        = "meta"                   // "token-secret" → random bytes for NextToken MACs
	bucketInstances   = instance.BucketInstances // {i} → Instance
	bucketHours       = instance.BucketHours     // {i}/{hoursId} → HoursOfOperation
	bucketQueues      = instance.BucketQueues    // {i}/{queueId} → Queue
	bucketProfiles    = instance.BucketProfiles  // {i}/{routingProfileId} → RoutingProfile
	bucketStatuses    = instance.BucketStatuses  // {i}/{agentStatusId} → AgentStatus
	bucketSecurity    = instance.BucketSecurity  // {i}/{securityProfileId} → SecurityProfile
	bucketFlows       = instance.BucketFlows     // {i}/{contactFlowId} → ContactFlow
	bucketUsers       = instance.BucketUsers     // {i}/{userId} → User
	bucketGroups      = instance.BucketGroups    // {i}/{groupId} → HierarchyGroup
	bucketStructure   = instance.BucketStructure // {i} → HierarchyStructure
	bucketQuick       = instance.BucketQuick     // {i}/{quickConnectId} → QuickConnect
	bucketContacts    = "contacts"               // {i}/{contactId} → Contact
	bucketAgentStates = "agent-states"           // {i}/{userId} → AgentState
)

// Contact search (docs/search.md#searchcontacts).
const (
	bucketTranscripts = "contact-transcripts" // {i}/{contactId} → contactTranscript
	bucketSearchKeys  = "searchable-keys"     // {i}/{key} → searchableKey; a key may hold "/"
)

// Historical metrics (docs/metrics.md#getmetricdata) are internal/reporting's.

// Predefined attributes (docs/predefined-attributes.md#predefined-attributes-and-user-proficiencies). Proficiencies live in their User record.
const ()

// Provisioning (docs/phone-numbers.md, docs/operations.md); instance
// attributes, approved origins, vocabularies, views, rules and issue 16's
// breadth are internal/provisioning's (its schema.go).
const ()

const tokenSecretKey, tokenSecretLen = "token-secret", 32

// schema lists every record type in load order: the secret, instances,
// then what lives inside an instance (contacts before their transcripts).
func init() { instance.Register(schema...) }

var schema = []recordType{
	{Bucket: bucketMeta, Key: `"token-secret"`, Legacy: func(v []byte) bool { return len(v) == tokenSecretLen }, Top: loadSecret},
	{Bucket: bucketInstances, Key: "{i}", Legacy: isJSON, Top: loadInstance},
	rec(bucketHours, "{i}/{hoursId}", loadInto(func(st *instanceState, r *HoursOfOperation) { st.Hours[r.ID] = r })),
	rec(bucketQueues, "{i}/{queueId}", loadInto(func(st *instanceState, r *Queue) { st.Queues[r.ID] = r })),
	rec(bucketProfiles, "{i}/{routingProfileId}", loadInto(func(st *instanceState, r *RoutingProfile) { st.Profiles[r.ID] = r })),
	rec(bucketStatuses, "{i}/{agentStatusId}", loadInto(func(st *instanceState, r *AgentStatus) { st.Statuses[r.ID] = r })),
	rec(bucketSecurity, "{i}/{securityProfileId}", loadInto(func(st *instanceState, r *SecurityProfile) { st.Security[r.ID] = r })),
	rec(bucketFlows, "{i}/{contactFlowId}", loadInto(func(st *instanceState, r *ContactFlow) { st.Flows[r.ID] = r })),
	rec(bucketUsers, "{i}/{userId}", loadInto(func(st *instanceState, r *User) { st.Users[r.ID] = r })),
	rec(bucketGroups, "{i}/{groupId}", loadInto(func(st *instanceState, r *HierarchyGroup) { st.Groups[r.ID] = r })),
	rec(bucketStructure, "{i}", loadInto(func(st *instanceState, r *HierarchyStructure) { st.Structure = *r })),
	rec(bucketQuick, "{i}/{quickConnectId}", loadInto(func(st *instanceState, r *QuickConnect) { st.Quick[r.ID] = r })),
	rec(bucketContacts, "{i}/{contactId}", loadInto(func(st *instanceState, r *Contact) { r.SetARNBase(st.contactARNBase()); st.Eng.Load(r) })),
	rec(bucketAgentStates, "{i}/{userId}", loadInto(func(st *instanceState, r *AgentState) { st.Eng.LoadAgent(r) })),
	rec(bucketTranscripts, "{i}/{contactId}", loadInto(func(st *instanceState, r *contactTranscript) {
		if c := st.Eng.Contact(r.ContactID); c != nil {
			c.SetTranscript(r.Segments)
		}
	})),
	rec(bucketSearchKeys, "{i}/{key}", loadInto(func(st *instanceState, r *searchableKey) { st.searchKeys[r.Key] = r.Since })),
}

// The record machinery lives in the core (internal/instance schema.go);
// these are its names in the service's files.

func childKey(instanceID, id string) string { return instance.ChildKey(instanceID, id) }

func isJSON(v []byte) bool { return instance.IsJSON(v) }

func putRecord(tx storage.Tx, bucket, key string, payload []byte) error {
	return instance.PutRecord(tx, bucket, key, payload)
}

func putJSON(tx storage.Tx, bucket, key string, v any) error {
	return instance.PutJSON(tx, bucket, key, v)
}

// RecordProblem is a stored record that cannot be loaded (instance.RecordProblem).
type RecordProblem = instance.RecordProblem

type recordType = instance.RecordType

// rec is a record type of an instance, stored as JSON; recSealed one that
// was never stored before the envelope.
func rec(bucket, key string, load func(*instance.State, []byte) error) recordType {
	return recordType{Bucket: bucket, Key: key, Legacy: isJSON, Child: load}
}

func recSealed(bucket, key string, load func(*instance.State, []byte) error) recordType {
	return recordType{Bucket: bucket, Key: key, Legacy: func([]byte) bool { return false }, Child: load}
}

// loadInto is instance.LoadInto for the service's view of an instance.
func loadInto[T any](put func(*instanceState, *T)) func(*instance.State, []byte) error {
	return instance.LoadInto(func(st *instance.State, r *T) { put(wrap(st), r) })
}

// child is a Child loader of the service's view of an instance.
func child(load func(*instanceState, []byte) error) func(*instance.State, []byte) error {
	return func(st *instance.State, p []byte) error { return load(wrap(st), p) }
}

func loadSecret(ls *instance.LoadState, key string, p []byte) error {
	if key != tokenSecretKey {
		return fmt.Errorf("unknown key")
	}
	if len(p) != tokenSecretLen {
		return fmt.Errorf("secret of %d bytes, want %d", len(p), tokenSecretLen)
	}
	ls.Secret = append([]byte(nil), p...)
	return nil
}

func loadInstance(ls *instance.LoadState, key string, p []byte) error {
	var in Instance
	if err := json.Unmarshal(p, &in); err != nil {
		return err
	}
	if in.ID != key {
		return fmt.Errorf("record holds instance %q", in.ID)
	}
	ls.Instances[in.ID] = newInstanceState(in).State
	return nil
}
