package routingconfig

import (
	"strings"

	"github.com/connect-local/connect-local/internal/instance"
)

// RoutingConfig is the routing configuration of an instance below the
// service façade: queues and their quick connects (queues.go,
// queue_quickconnects.go), quick connects, agent statuses, security
// profiles and their permissions, the agent hierarchy, users and their
// entity profiles, routing profiles, predefined attributes and
// proficiencies. Its records are the core maps of instance.State, which
// the contact engine reads; internal/service embeds it, so the handlers
// call its methods by their names on the Service.
type RoutingConfig struct {
	core   *instance.Core
	quotas Quotas
	// phoneClaimed reports whether phone number id is claimed into st
	// (a queue's outbound caller ID); the façade owns phone numbers.
	phoneClaimed func(st *instance.State, id string) bool
}

// New is the routing configuration over core (the façade's), enforcing
// quotas (zero fields take their defaults); phoneClaimed answers for the
// phone numbers the façade owns.
func New(core *instance.Core, quotas Quotas, phoneClaimed func(st *instance.State, id string) bool) *RoutingConfig {
	return &RoutingConfig{core: core, quotas: quotas.WithDefaults(), phoneClaimed: phoneClaimed}
}

// data is what the families keep inside one instance beside the core
// maps (its slot): the predefined attributes by exact name,
// connect:Language included, and the index that finds users by
// proficiency (proficiencies.go).
type data struct {
	attrs     map[string]*instance.PredefinedAttribute
	profIndex proficiencyIndex
}

var slot = instance.NewSlot(func(st *instance.State) *data {
	return &data{attrs: systemAttributes(st.Instance), profIndex: proficiencyIndex{}}
})

// of is st's data. The caller holds st.Mu.
func of(st *instance.State) *data { return slot.Of(st) }

// bucketAttrs holds the predefined attributes
// (docs/predefined-attributes.md); proficiencies live in their User
// record.
const bucketAttrs = "predefined-attributes" // {i}/{name} → PredefinedAttribute; a name may hold "/", keys split at the first one

// Buckets are the families' own per-instance buckets (beside the core
// maps'), which deleting an instance empties of its records.
var Buckets = []string{bucketAttrs}

func init() {
	instance.Register(instance.RecordType{Bucket: bucketAttrs, Key: "{i}/{name}", Legacy: instance.IsJSON,
		Child: instance.LoadInto(func(st *instance.State, r *instance.PredefinedAttribute) { of(st).attrs[r.Name] = r })})
}

// ReindexProficiencies rebuilds the proficiency index of an instance
// from its users (after a load). The caller holds st.Mu for writing.
func ReindexProficiencies(st *instance.State) { reindexProficiencies(st) }

// hours and flows are the façade's families; the routing configuration
// only finds their records.
var (
	hoursFamily = instance.Family[instance.HoursOfOperation]{Kind: "operating-hours", Noun: "Hours of operation",
		Records: func(st *instance.State) map[string]*instance.HoursOfOperation { return st.Hours }}
	flowFamily = instance.Family[instance.ContactFlow]{Kind: "contact-flow", Noun: "Flow",
		Records:  func(st *instance.State) map[string]*instance.ContactFlow { return st.Flows },
		LookupID: func(v string) string { return strings.TrimSuffix(v, ":$SAVED") }}
)

func (s *RoutingConfig) hoursOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.HoursOfOperation, error) {
	return hoursFamily.Of(sc, st, idOrARN)
}

func (s *RoutingConfig) flowOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.ContactFlow, error) {
	return flowFamily.Of(sc, st, idOrARN)
}

// UserOf, QueueOf and QuickConnectOf find a record of the caller's
// instance by ID or ARN (the façade's contact operations and flows use
// them). The caller holds st.Mu.
func UserOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.User, error) {
	return userFamily.Of(sc, st, idOrARN)
}

func QueueOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.Queue, error) {
	return queues.Of(sc, st, idOrARN)
}

func QuickConnectOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.QuickConnect, error) {
	return quickConnects.Of(sc, st, idOrARN)
}

// GroupPath is g's ancestors and g, top first.
func GroupPath(st *instance.State, g *instance.HierarchyGroup) []instance.HierarchyGroup {
	return groupPath(st, g)
}

// DefaultPermissions are the permissions of the security profiles a new
// instance gets, by profile name.
func DefaultPermissions(name string) []string { return defaultPermissions[name] }
