package service

// Every bucket and key format the service writes (STYLE: one schema file).
// Values are the JSON of the named record type. {i} is an instance ID; IDs
// are UUIDs, so "/" never occurs inside one.
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

// Contact search (SPEC §5).
const (
	bucketTranscripts = "contact-transcripts" // {i}/{contactId} → contactTranscript
	bucketSearchKeys  = "searchable-keys"     // {i}/{key} → searchableKey; a key may hold "/"
)

// Historical metrics (SPEC §4): 5-minute buckets and agent trackers, in the
// formats of internal/metrics (history.go):
//
//	{i}/c/{bucket}/{c|t}{layout}/{queue}/{channel}/{profile}/{agent}/{step hash} → one cell
//	{i}/a/{userId} → what the agent is doing since when
const bucketMetrics = "metrics"

// Predefined attributes (SPEC §6). Proficiencies live in their User record.
const (
	bucketAttrs = "predefined-attributes" // {i}/{name} → PredefinedAttribute; a name may hold "/", keys split at the first one
)

func childKey(instanceID, id string) string { return instanceID + "/" + id }
