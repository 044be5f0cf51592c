package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/connect-local/connect-local/internal/outbox"
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
	bucketMeta        = "meta"                // "token-secret" → random bytes for NextToken MACs
	bucketInstances   = "instances"           // {i} → Instance
	bucketHours       = "hours"               // {i}/{hoursId} → HoursOfOperation
	bucketQueues      = "queues"              // {i}/{queueId} → Queue
	bucketProfiles    = "routing-profiles"    // {i}/{routingProfileId} → RoutingProfile
	bucketStatuses    = "agent-statuses"      // {i}/{agentStatusId} → AgentStatus
	bucketSecurity    = "security-profiles"   // {i}/{securityProfileId} → SecurityProfile
	bucketFlows       = "contact-flows"       // {i}/{contactFlowId} → ContactFlow
	bucketUsers       = "users"               // {i}/{userId} → User
	bucketGroups      = "hierarchy-groups"    // {i}/{groupId} → HierarchyGroup
	bucketStructure   = "hierarchy-structure" // {i} → HierarchyStructure
	bucketQuick       = "quick-connects"      // {i}/{quickConnectId} → QuickConnect
	bucketContacts    = "contacts"            // {i}/{contactId} → Contact
	bucketAgentStates = "agent-states"        // {i}/{userId} → AgentState
)

// Contact search (docs/search.md#searchcontacts).
const (
	bucketTranscripts = "contact-transcripts" // {i}/{contactId} → contactTranscript
	bucketSearchKeys  = "searchable-keys"     // {i}/{key} → searchableKey; a key may hold "/"
)

// Historical metrics (docs/metrics.md#getmetricdata): 5-minute buckets and agent trackers, in the
// formats of internal/metrics (history.go):
//
//	{i}/c/{bucket}/{c|t}{layout}/{queue}/{channel}/{profile}/{agent}/{step hash} → one cell
//	{i}/a/{userId} → what the agent is doing since when
const bucketMetrics = "metrics"

// Predefined attributes (docs/predefined-attributes.md#predefined-attributes-and-user-proficiencies). Proficiencies live in their User record.
const (
	bucketAttrs = "predefined-attributes" // {i}/{name} → PredefinedAttribute; a name may hold "/", keys split at the first one
)

// Provisioning (docs/phone-numbers.md, docs/operations.md).
const (
	bucketPhones    = "phone-numbers"       // {i}/{phoneNumberId} → PhoneNumber (moves with UpdatePhoneNumber)
	bucketInstAttrs = "instance-attributes" // {i}/{attributeType} → instanceAttribute
	bucketOrigins   = "approved-origins"    // {i}/{origin} → approvedOrigin; an origin holds "/", keys split at the first one
	bucketVocabs    = "vocabularies"        // {i}/{vocabularyId} → Vocabulary
	bucketTemplates = "task-templates"      // {i}/{taskTemplateId} → TaskTemplate
	bucketViews     = "views"               // {i}/{viewId} → View (its versions inside)
	bucketRules     = "rules"               // {i}/{ruleId} → Rule
)

// Issue 16's breadth (moreresources.go).
const (
	bucketTrafficGroups = "traffic-distribution-groups" // {i}/{groupId} → TrafficDistributionGroup
	bucketIntegrations  = "integration-associations"    // {i}/{associationId} → IntegrationAssociation
	bucketUseCases      = "use-cases"                   // {i}/{useCaseId} → UseCase
	bucketSecurityKeys  = "security-keys"               // {i}/{associationId} → SecurityKey
	bucketAuthProfiles  = "authentication-profiles"     // {i}/{profileId} → AuthenticationProfile
)

const tokenSecretKey, tokenSecretLen = "token-secret", 32

// recordType is one kind of stored record.
type recordType struct {
	bucket string
	// key is the key's form, for people.
	key string
	// legacy recognises a value stored before the record envelope.
	legacy func(v []byte) bool
	// top loads a record that belongs to no instance (meta, instances);
	// child loads one of the instance its key starts with ({i}/…).
	top   func(ls *loadState, key string, payload []byte) error
	child func(st *instanceState, payload []byte) error
}

// schema lists every record type in load order: the secret, instances,
// then what lives inside an instance (contacts before their transcripts).
var schema = []recordType{
	{bucket: bucketMeta, key: `"token-secret"`, legacy: func(v []byte) bool { return len(v) == tokenSecretLen }, top: loadSecret},
	{bucket: bucketInstances, key: "{i}", legacy: isJSON, top: loadInstance},
	{bucketHours, "{i}/{hoursId}", isJSON, nil, loadInto(func(st *instanceState, r *HoursOfOperation) { st.hours[r.ID] = r })},
	{bucketQueues, "{i}/{queueId}", isJSON, nil, loadInto(func(st *instanceState, r *Queue) { st.queues[r.ID] = r })},
	{bucketProfiles, "{i}/{routingProfileId}", isJSON, nil, loadInto(func(st *instanceState, r *RoutingProfile) { st.profiles[r.ID] = r })},
	{bucketStatuses, "{i}/{agentStatusId}", isJSON, nil, loadInto(func(st *instanceState, r *AgentStatus) { st.statuses[r.ID] = r })},
	{bucketSecurity, "{i}/{securityProfileId}", isJSON, nil, loadInto(func(st *instanceState, r *SecurityProfile) { st.security[r.ID] = r })},
	{bucketFlows, "{i}/{contactFlowId}", isJSON, nil, loadInto(func(st *instanceState, r *ContactFlow) { st.flows[r.ID] = r })},
	{bucketUsers, "{i}/{userId}", isJSON, nil, loadInto(func(st *instanceState, r *User) { st.users[r.ID] = r })},
	{bucketGroups, "{i}/{groupId}", isJSON, nil, loadInto(func(st *instanceState, r *HierarchyGroup) { st.groups[r.ID] = r })},
	{bucketStructure, "{i}", isJSON, nil, loadInto(func(st *instanceState, r *HierarchyStructure) { st.structure = *r })},
	{bucketQuick, "{i}/{quickConnectId}", isJSON, nil, loadInto(func(st *instanceState, r *QuickConnect) { st.quick[r.ID] = r })},
	{bucketContacts, "{i}/{contactId}", isJSON, nil, loadInto(func(st *instanceState, r *Contact) { st.eng.Load(r) })},
	{bucketAgentStates, "{i}/{userId}", isJSON, nil, loadInto(func(st *instanceState, r *AgentState) { st.eng.LoadAgent(r) })},
	{bucketAttrs, "{i}/{name}", isJSON, nil, loadInto(func(st *instanceState, r *PredefinedAttribute) { st.attrs[r.Name] = r })},
	{bucketLambdas, "{i}/{functionArn}", isJSON, nil, loadInto(func(st *instanceState, r *lambdaAssociation) { st.lambdas[r.FunctionARN] = true })},
	{bucketTranscripts, "{i}/{contactId}", isJSON, nil, loadInto(func(st *instanceState, r *contactTranscript) {
		if c := st.eng.Contact(r.ContactID); c != nil {
			c.SetTranscript(r.Segments)
		}
	})},
	{bucketSearchKeys, "{i}/{key}", isJSON, nil, loadInto(func(st *instanceState, r *searchableKey) { st.searchKeys[r.Key] = r.Since })},
	{bucketMetrics, "{i}/c/… or {i}/a/{userId}", isJSON, nil, loadMetrics},
	{bucketPhones, "{i}/{phoneNumberId}", isJSON, nil, loadInto(func(st *instanceState, r *PhoneNumber) { st.phones[r.ID] = r })},
	{bucketInstAttrs, "{i}/{attributeType}", isJSON, nil, loadInto(func(st *instanceState, r *instanceAttribute) { st.instAttrs[r.Type] = r.Value })},
	{bucketOrigins, "{i}/{origin}", isJSON, nil, loadInto(func(st *instanceState, r *approvedOrigin) { st.origins[r.Origin] = true })},
	{bucketVocabs, "{i}/{vocabularyId}", isJSON, nil, loadInto(func(st *instanceState, r *Vocabulary) { st.vocabs[r.ID] = r })},
	{bucketTemplates, "{i}/{taskTemplateId}", isJSON, nil, loadInto(func(st *instanceState, r *TaskTemplate) { st.templates[r.ID] = r })},
	{bucketViews, "{i}/{viewId}", isJSON, nil, loadInto(func(st *instanceState, r *View) { st.views[r.ID] = r })},
	{bucketRules, "{i}/{ruleId}", isJSON, nil, loadInto(func(st *instanceState, r *Rule) { st.rules[r.ID] = r })},
	// Test cases and their executions (testcases.go); an execution
	// stored while it ran was cut short by a restart: it loads STOPPED.
	{bucketTestCases, "{i}/{testCaseId}", isJSON, nil, loadInto(func(st *instanceState, r *TestCase) { st.flowRes().testCases[r.ID] = r })},
	{bucketExecutions, "{i}/{executionId}", isJSON, nil, loadInto(loadExecution)},
	{bucketModules, "{i}/{moduleId}", isJSON, nil, loadInto(func(st *instanceState, r *FlowModule) { st.flowRes().modules[r.ID] = r })},
	// Prompts, hours overrides, Lex bots, flow and module versions, module
	// aliases and flow associations (prompts.go, hoursoverrides.go,
	// bots.go, versions.go, flowassoc.go).
	{bucketPrompts, "{i}/{promptId}", isJSON, nil, loadInto(func(st *instanceState, r *Prompt) { st.flowRes().prompts[r.ID] = r })},
	{bucketOverrides, "{i}/{overrideId}", isJSON, nil, loadInto(func(st *instanceState, r *HoursOverride) { st.flowRes().overrides[r.ID] = r })},
	{bucketBots, "{i}/{aliasArn or v1:{region}:{name}}", isJSON, nil, loadInto(func(st *instanceState, r *BotAssociation) { st.flowRes().bots[r.key()] = r })},
	{bucketVersions, "{i}/{flow|module}:{parentId}:{version}", isJSON, nil, loadInto(func(st *instanceState, r *FlowVersion) { st.flowRes().versions[r.key()] = r })},
	{bucketAliases, "{i}/{aliasId}", isJSON, nil, loadInto(func(st *instanceState, r *ModuleAlias) { st.flowRes().aliases[r.ID] = r })},
	{bucketFlowAssocs, "{i}/{resourceType}:{resourceId}", isJSON, nil, loadInto(func(st *instanceState, r *flowAssociationRecord) { st.flowRes().assocs[r.key()] = r })},
	// Streaming out (docs/events.md): storage configs, then the records
	// not yet delivered (loaded only for their sequence numbers).
	{bucketStorageConfigs, "{i}/{associationId}", isJSON, nil, loadInto(func(st *instanceState, r *StorageConfig) { st.streamState().configs[r.AssociationID] = r })},
	{bucketTrafficGroups, "{i}/{groupId}", isJSON, nil, loadInto(func(st *instanceState, r *TrafficDistributionGroup) { st.more.tdgs[r.ID] = r })},
	{bucketIntegrations, "{i}/{associationId}", isJSON, nil, loadInto(func(st *instanceState, r *IntegrationAssociation) { st.more.integrations[r.ID] = r })},
	{bucketUseCases, "{i}/{useCaseId}", isJSON, nil, loadInto(func(st *instanceState, r *UseCase) { st.more.useCases[r.ID] = r })},
	{bucketSecurityKeys, "{i}/{associationId}", isJSON, nil, loadInto(func(st *instanceState, r *SecurityKey) { st.more.keys[r.ID] = r })},
	{bucketAuthProfiles, "{i}/{profileId}", isJSON, nil, loadInto(func(st *instanceState, r *AuthenticationProfile) { st.more.authProfiles[r.ID] = r })},
	{outbox.Bucket, "{i}/{destination}/{sequence}", func([]byte) bool { return false }, nil, loadOutboxRecord},
}

func childKey(instanceID, id string) string { return instanceID + "/" + id }

// isJSON recognises a record stored as bare JSON, before the envelope:
// every such record is an object or an array.
func isJSON(v []byte) bool { return len(v) > 0 && (v[0] == '{' || v[0] == '[') }

// putRecord stores payload at bucket/key in the record envelope. Every
// write of a record goes through it (or putJSON).
func putRecord(tx storage.Tx, bucket, key string, payload []byte) error {
	return tx.Put(bucket, key, storage.SealRecord(bucket, key, payload))
}

// putJSON stores v's JSON at bucket/key in the record envelope.
func putJSON(tx storage.Tx, bucket, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return putRecord(tx, bucket, key, b)
}

// decode returns a stored value's payload, verifying its checksum;
// legacy is true for a value from before the envelope.
func (rt *recordType) decode(key string, v []byte) (payload []byte, legacy bool, err error) {
	if rt.legacy(v) {
		return v, true, nil
	}
	p, err := storage.OpenRecord(rt.bucket, key, v)
	if errors.Is(err, storage.ErrNotSealed) {
		err = errors.New("neither a checksummed record nor an old-format one")
	}
	return p, false, err
}

func loadInto[T any](put func(*instanceState, *T)) func(*instanceState, []byte) error {
	return func(st *instanceState, v []byte) error {
		r := new(T)
		if err := json.Unmarshal(v, r); err != nil {
			return err
		}
		put(st, r)
		return nil
	}
}

func loadSecret(ls *loadState, key string, p []byte) error {
	if key != tokenSecretKey {
		return fmt.Errorf("unknown key")
	}
	if len(p) != tokenSecretLen {
		return fmt.Errorf("secret of %d bytes, want %d", len(p), tokenSecretLen)
	}
	ls.secret = append([]byte(nil), p...)
	return nil
}

func loadInstance(ls *loadState, key string, p []byte) error {
	var in Instance
	if err := json.Unmarshal(p, &in); err != nil {
		return err
	}
	if in.ID != key {
		return fmt.Errorf("record holds instance %q", in.ID)
	}
	ls.instances[in.ID] = newInstanceState(in)
	return nil
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

// loadState is what a walk of the schema found.
type loadState struct {
	secret    []byte
	instances map[string]*instanceState
	records   map[string]int
	orphans   map[string]int
	problems  []RecordProblem
	legacy    []legacyRecord
}

type legacyRecord struct {
	bucket, key string
	payload     []byte
}

// walkRecords loads every record of the schema from tx into a new
// loadState. A record that does not load is a problem, and the walk goes
// on; a record under an instance that no longer exists is an orphan (a
// deleted instance's leftover) and is skipped. The error is the store's.
func walkRecords(tx storage.ReadTx) (*loadState, error) {
	ls := &loadState{instances: map[string]*instanceState{}, records: map[string]int{}, orphans: map[string]int{}}
	known := map[string]bool{}
	for i := range schema {
		rt := &schema[i]
		known[rt.bucket] = true
		err := tx.Scan(rt.bucket, "", func(k string, v []byte) error {
			if reason := ls.record(rt, k, v); reason != nil {
				ls.problems = append(ls.problems, RecordProblem{Bucket: rt.bucket, Key: k, Reason: reason.Error()})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	err := tx.Buckets(func(name string) error {
		if !known[name] {
			ls.problems = append(ls.problems, RecordProblem{Bucket: name, Reason: "no such bucket in the schema (a damaged bucket name, or a newer connect-local's data)"})
		}
		return nil
	})
	return ls, err
}

func (ls *loadState) record(rt *recordType, k string, v []byte) error {
	payload, legacy, err := rt.decode(k, v)
	if err != nil {
		return err
	}
	if rt.top != nil {
		err = rt.top(ls, k, payload)
	} else {
		iid, _, _ := strings.Cut(k, "/")
		st := ls.instances[iid]
		if st == nil {
			ls.orphans[rt.bucket]++
			return nil
		}
		err = rt.child(st, payload)
	}
	if err != nil {
		return err
	}
	ls.records[rt.bucket]++
	if legacy {
		ls.legacy = append(ls.legacy, legacyRecord{bucket: rt.bucket, key: k, payload: append([]byte(nil), payload...)})
	}
	return nil
}

// damaged is the start-up error for the problems the walk found.
func (ls *loadState) damaged() error {
	reason := "record " + ls.problems[0].String()
	if n := len(ls.problems) - 1; n > 0 {
		reason += fmt.Sprintf(" (and %d more)", n)
	}
	return &storage.DamagedError{Reason: reason}
}
