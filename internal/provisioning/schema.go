package provisioning

import "github.com/connect-local/connect-local/internal/instance"

// The families' records (instance.Register) and taggable types
// (instance.RegisterTagKind). {i} is an instance ID.
const (
	bucketInstAttrs     = "instance-attributes"         // {i}/{attributeType} → instanceAttribute
	bucketOrigins       = "approved-origins"            // {i}/{origin} → approvedOrigin; an origin holds "/", keys split at the first one
	bucketVocabs        = "vocabularies"                // {i}/{vocabularyId} → Vocabulary
	bucketTemplates     = "task-templates"              // {i}/{taskTemplateId} → TaskTemplate
	bucketPhones        = "phone-numbers"               // {i}/{phoneNumberId} → PhoneNumber (moves with UpdatePhoneNumber)
	bucketViews         = "views"                       // {i}/{viewId} → View (its versions inside)
	bucketRules         = "rules"                       // {i}/{ruleId} → Rule
	bucketTrafficGroups = "traffic-distribution-groups" // {i}/{groupId} → TrafficDistributionGroup
	bucketIntegrations  = "integration-associations"    // {i}/{associationId} → IntegrationAssociation
	bucketUseCases      = "use-cases"                   // {i}/{useCaseId} → UseCase
	bucketSecurityKeys  = "security-keys"               // {i}/{associationId} → SecurityKey
	bucketAuthProfiles  = "authentication-profiles"     // {i}/{profileId} → AuthenticationProfile
)

// Buckets are the families' per-instance buckets, which deleting an
// instance empties of its records.
var Buckets = []string{bucketPhones, bucketTemplates, bucketInstAttrs, bucketOrigins, bucketVocabs, bucketViews, bucketRules,
	bucketTrafficGroups, bucketIntegrations, bucketUseCases, bucketSecurityKeys, bucketAuthProfiles}

func rec(bucket, key string, load func(*instance.State, []byte) error) instance.RecordType {
	return instance.RecordType{Bucket: bucket, Key: key, Legacy: instance.IsJSON, Child: load}
}

func init() {
	instance.Register(
		rec(bucketInstAttrs, "{i}/{attributeType}", instance.LoadInto(func(st *instance.State, r *instanceAttribute) { of(st).instAttrs[r.Type] = r.Value })),
		rec(bucketOrigins, "{i}/{origin}", instance.LoadInto(func(st *instance.State, r *approvedOrigin) { of(st).origins[r.Origin] = true })),
		rec(bucketPhones, "{i}/{phoneNumberId}", instance.LoadInto(func(st *instance.State, r *PhoneNumber) { of(st).phones[r.ID] = r })),
		rec(bucketTemplates, "{i}/{taskTemplateId}", instance.LoadInto(func(st *instance.State, r *TaskTemplate) { of(st).templates[r.ID] = r })),
		rec(bucketVocabs, "{i}/{vocabularyId}", instance.LoadInto(func(st *instance.State, r *Vocabulary) { of(st).vocabs[r.ID] = r })),
		rec(bucketViews, "{i}/{viewId}", instance.LoadInto(func(st *instance.State, r *View) { of(st).views[r.ID] = r })),
		rec(bucketRules, "{i}/{ruleId}", instance.LoadInto(func(st *instance.State, r *Rule) { of(st).rules[r.ID] = r })),
		rec(bucketTrafficGroups, "{i}/{groupId}", instance.LoadInto(func(st *instance.State, r *TrafficDistributionGroup) { of(st).tdgs[r.ID] = r })),
		rec(bucketIntegrations, "{i}/{associationId}", instance.LoadInto(func(st *instance.State, r *IntegrationAssociation) { of(st).integrations[r.ID] = r })),
		rec(bucketUseCases, "{i}/{useCaseId}", instance.LoadInto(func(st *instance.State, r *UseCase) { of(st).useCases[r.ID] = r })),
		rec(bucketSecurityKeys, "{i}/{associationId}", instance.LoadInto(func(st *instance.State, r *SecurityKey) { of(st).keys[r.ID] = r })),
		rec(bucketAuthProfiles, "{i}/{profileId}", instance.LoadInto(func(st *instance.State, r *AuthenticationProfile) { of(st).authProfiles[r.ID] = r })),
	)
	instance.RegisterTagKind("task-template", instance.ChildKind(bucketTemplates, TaskTemplates,
		func(r *TaskTemplate) (*string, *map[string]string) { return &r.ARN, &r.Tags }))
	instance.RegisterTagKind("view", instance.ChildKind(bucketViews, func(st *instance.State) map[string]*View { return of(st).views },
		func(r *View) (*string, *map[string]string) { return &r.ARN, &r.Tags }))
	instance.RegisterTagKind("rule", instance.ChildKind(bucketRules, func(st *instance.State) map[string]*Rule { return of(st).rules },
		func(r *Rule) (*string, *map[string]string) { return &r.ARN, &r.Tags }))
	instance.RegisterTagKind("vocabulary", instance.ChildKind(bucketVocabs, func(st *instance.State) map[string]*Vocabulary { return of(st).vocabs },
		func(r *Vocabulary) (*string, *map[string]string) { return &r.ARN, &r.Tags }))
}

// BucketPhones holds the claimed numbers (the façade tags them).
const BucketPhones = bucketPhones
