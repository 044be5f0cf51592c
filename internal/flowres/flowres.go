package flowres

import (
	"time"

	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/storage"
)

// FlowRes is the contact flows' operations (flows.go; their records are
// the instance's core map) and the resources flows use: prompts
// (prompts.go), flow modules (modules.go), hours-of-operation overrides
// (hoursoverrides.go), Lex bot associations (bots.go), flow and module
// versions and module aliases (versions.go) and flow associations
// (flowassoc.go). internal/service embeds it, so the handlers call its
// methods by their names on the Service; the façade's flow runtime reads
// them through PromptName, ModuleContent, BotAssociated and HoursOpenAt.
type FlowRes struct {
	core *instance.Core
	// phoneARN finds a phone number claimed into st by ID or ARN (flow
	// associations of SMS numbers); the façade owns phone numbers.
	phoneARN func(st *instance.State, idOrARN string) (arn string, ok bool)
}

// New is the flow resources over core (the façade's); phoneARN answers
// for the phone numbers the façade owns.
func New(core *instance.Core, phoneARN func(st *instance.State, idOrARN string) (string, bool)) *FlowRes {
	return &FlowRes{core: core, phoneARN: phoneARN}
}

// data is what the families keep inside one instance (its slot).
type data struct {
	modules map[string]*FlowModule
	// prompts, overrides (by override ID), bots (by bot key), versions
	// (flow and module versions by their ARN), aliases (module aliases by
	// ID) and flow associations (by resource type and ID).
	prompts   map[string]*Prompt
	overrides map[string]*HoursOverride
	bots      map[string]*BotAssociation
	versions  map[string]*FlowVersion
	aliases   map[string]*ModuleAlias
	assocs    map[string]*flowAssociationRecord
	// lambdas are the associated Lambda functions' ARNs (lambdas.go).
	lambdas map[string]bool
	// links are the hours' parent links by child:parent (hourslinks.go).
	links map[string]*hoursLink
}

var slot = instance.NewSlot(func(*instance.State) *data {
	return &data{modules: map[string]*FlowModule{},
		prompts: map[string]*Prompt{}, overrides: map[string]*HoursOverride{}, bots: map[string]*BotAssociation{},
		versions: map[string]*FlowVersion{}, aliases: map[string]*ModuleAlias{}, assocs: map[string]*flowAssociationRecord{},
		lambdas: map[string]bool{}, links: map[string]*hoursLink{}}
})

// of is st's data. The caller holds st.Mu.
func of(st *instance.State) *data { return slot.Of(st) }

// Buckets are the families' per-instance buckets, which deleting an
// instance empties of its records.
var Buckets = []string{bucketModules, bucketPrompts, bucketOverrides, bucketBots, bucketVersions, bucketAliases, bucketFlowAssocs, bucketLambdas, bucketHoursLinks}

func rec(bucket, key string, load func(*instance.State, []byte) error) instance.RecordType {
	return instance.RecordType{Bucket: bucket, Key: key, Legacy: instance.IsJSON, Child: load}
}

func init() {
	instance.Register(
		rec(bucketModules, "{i}/{moduleId}", instance.LoadInto(func(st *instance.State, r *FlowModule) { of(st).modules[r.ID] = r })),
		rec(bucketPrompts, "{i}/{promptId}", instance.LoadInto(func(st *instance.State, r *Prompt) { of(st).prompts[r.ID] = r })),
		rec(bucketOverrides, "{i}/{overrideId}", instance.LoadInto(func(st *instance.State, r *HoursOverride) { of(st).overrides[r.ID] = r })),
		rec(bucketBots, "{i}/{aliasArn or v1:{region}:{name}}", instance.LoadInto(func(st *instance.State, r *BotAssociation) { of(st).bots[r.key()] = r })),
		rec(bucketVersions, "{i}/{flow|module}:{parentId}:{version}", instance.LoadInto(func(st *instance.State, r *FlowVersion) { of(st).versions[r.key()] = r })),
		rec(bucketAliases, "{i}/{aliasId}", instance.LoadInto(func(st *instance.State, r *ModuleAlias) { of(st).aliases[r.ID] = r })),
		rec(bucketFlowAssocs, "{i}/{resourceType}:{resourceId}", instance.LoadInto(func(st *instance.State, r *flowAssociationRecord) { of(st).assocs[r.key()] = r })),
		rec(bucketLambdas, "{i}/{functionArn}", instance.LoadInto(func(st *instance.State, r *lambdaAssociation) { of(st).lambdas[r.FunctionARN] = true })),
		rec(bucketHoursLinks, "{i}/{childId}:{parentId}", instance.LoadInto(func(st *instance.State, r *hoursLink) { of(st).links[r.key()] = r })),
	)
}

// writeInstance locks one instance for a change and returns it with the
// unlock; readInstance is the same for reading.
func (s *FlowRes) writeInstance(sc instance.Scope, instanceID string) (*instance.State, func(), error) {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return nil, nil, err
	}
	return st, st.Mu.Unlock, nil
}

func (s *FlowRes) readInstance(sc instance.Scope, instanceID string) (*instance.State, func(), error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, nil, err
	}
	return st, st.Mu.RUnlock, nil
}

// hours is the façade's family; the flow resources only find its
// records (contact flows: flows.go).
var (
	hoursFamily = instance.Family[instance.HoursOfOperation]{Kind: "operating-hours", Noun: "Hours of operation",
		Records: func(st *instance.State) map[string]*instance.HoursOfOperation { return st.Hours },
		Clone:   func(r *instance.HoursOfOperation) *instance.HoursOfOperation { out := *r; return &out }}
)

func (s *FlowRes) hoursOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.HoursOfOperation, error) {
	return hoursFamily.Of(sc, st, idOrARN)
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// The façade reads the flow resources through these; the caller holds
// st.Mu (for writing where the instance changes).

// PromptName is the name of a prompt of st, by ID or ARN.
func PromptName(r *FlowRes, st *instance.State, idOrARN string) (string, bool) {
	return r.promptName(st, idOrARN)
}

// ModuleContent is a flow module's content and ID, by ID, ARN or
// versioned reference.
func ModuleContent(r *FlowRes, st *instance.State, idOrARN string) (content, id string, err error) {
	return r.moduleContent(st, idOrARN)
}

// BotAssociated reports whether a Lex bot alias is associated with st
// (logged against c when not).
func BotAssociated(r *FlowRes, st *instance.State, c *engine.Contact, aliasARN string) bool {
	return r.botAssociated(st, c, aliasARN)
}

// HoursOpenAt reports whether h is open at t, its overrides applied.
func HoursOpenAt(r *FlowRes, st *instance.State, h *instance.HoursOfOperation, t time.Time) bool {
	return r.hoursOpenAt(st, h, t)
}

// StoredFlowAssociations are st's flow associations of a resource type.
func StoredFlowAssociations(st *instance.State, resourceType string) []FlowAssociation {
	return storedFlowAssociations(st, resourceType)
}

// AddDefaultPrompts adds the prompts a new instance has; WritePrompts
// records every prompt of st (CreateInstance).
func AddDefaultPrompts(r *FlowRes, st *instance.State, mod instance.Modified) {
	r.addDefaultPrompts(st, mod)
}

func WritePrompts(tx storage.Tx, st *instance.State) error { return writePrompts(tx, st) }

// HoursOverridden reports the name of an override of hours hoursID, if
// any (hours with overrides cannot be deleted).
func HoursOverridden(st *instance.State, hoursID string) (string, bool) {
	for _, o := range of(st).overrides {
		if o.HoursID == hoursID {
			return o.Name, true
		}
	}
	return "", false
}
