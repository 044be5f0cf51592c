package provisioning

import (
	"strings"
	"sync"

	"github.com/connect-local/connect-local/internal/instance"
)

// Provisioning is the instance-configuration families below the service
// façade: phone numbers (phonenumbers.go), task templates
// (tasktemplates.go), instance attributes and approved origins (instanceattrs.go),
// custom vocabularies (vocabularies.go), views (views.go), rules
// (rules.go), traffic distribution groups (trafficdist.go), integration
// associations and use cases (integrations.go), security keys and
// authentication profiles (authprofiles.go). internal/service embeds it,
// so the handlers call its methods by their names on the Service.
type Provisioning struct {
	core *instance.Core
	// phoneMu serialises the phone-number operations, which span the
	// instances of an account (phonenumbers.go).
	phoneMu sync.Mutex
}

// New is the families over core (the façade's).
func New(core *instance.Core) *Provisioning { return &Provisioning{core: core} }

// data is what the families keep inside one instance (its slot): made
// with the instance, so a reload after a failed write makes it afresh.
type data struct {
	// instAttrs are the instance attributes by type, origins the
	// approved origins, vocabs the custom vocabularies.
	instAttrs map[string]string
	origins   map[string]bool
	vocabs    map[string]*Vocabulary
	views     map[string]*View
	rules     map[string]*Rule
	// phones are the claimed numbers (docs/phone-numbers.md), templates
	// the task templates (tasktemplates.go).
	phones    map[string]*PhoneNumber
	templates map[string]*TaskTemplate
	// Issue 16's breadth.
	tdgs         map[string]*TrafficDistributionGroup
	integrations map[string]*IntegrationAssociation
	useCases     map[string]*UseCase
	keys         map[string]*SecurityKey
	authProfiles map[string]*AuthenticationProfile
}

var slot = instance.NewSlot(func(st *instance.State) *data {
	d := &data{instAttrs: defaultInstanceAttributes(st.Instance), origins: map[string]bool{},
		vocabs: map[string]*Vocabulary{}, phones: map[string]*PhoneNumber{}, templates: map[string]*TaskTemplate{}, views: map[string]*View{}, rules: map[string]*Rule{},
		tdgs: map[string]*TrafficDistributionGroup{}, integrations: map[string]*IntegrationAssociation{},
		useCases: map[string]*UseCase{}, keys: map[string]*SecurityKey{}, authProfiles: map[string]*AuthenticationProfile{}}
	p := defaultAuthProfile(st)
	d.authProfiles[p.ID] = p
	return d
})

// of is st's data. The caller holds st.Mu.
func of(st *instance.State) *data { return slot.Of(st) }

// Phones are st's claimed numbers by ID (the façade's flow associations,
// tags and the other families' phone checks read them). The caller holds
// st.Mu.
func Phones(st *instance.State) map[string]*PhoneNumber { return of(st).phones }

// PhoneMu serialises the phone-number operations; the façade holds it
// while it tags a number or places a call to one.
func PhoneMu(r *Provisioning) *sync.Mutex { return &r.phoneMu }

// PhoneOf finds a number of the caller's account and region by ID or ARN,
// with the instance holding it (unlocked). The caller holds PhoneMu.
func PhoneOf(r *Provisioning, sc instance.Scope, idOrARN string) (*instance.State, *PhoneNumber, error) {
	return r.phoneOf(sc, idOrARN)
}

// ClaimedIn is the number of the caller's account and region that holds
// number (nil: none). The caller holds PhoneMu.
func ClaimedIn(r *Provisioning, sc instance.Scope, number string) *PhoneNumber {
	return r.claimedIn(sc, number)
}

// TaskTemplates are st's task templates by ID (the façade applies them to
// tasks). The caller holds st.Mu.
func TaskTemplates(st *instance.State) map[string]*TaskTemplate { return of(st).templates }

// TaskTemplateOf finds a task template of st by ID or ARN.
func TaskTemplateOf(r *Provisioning, sc instance.Scope, st *instance.State, idOrARN string) (*TaskTemplate, error) {
	return r.taskTemplateOf(sc, st, idOrARN)
}

// flows are the façade's family; task templates only find their records.
var flows = instance.Family[instance.ContactFlow]{Kind: "contact-flow", Noun: "Flow",
	Records:  func(st *instance.State) map[string]*instance.ContactFlow { return st.Flows },
	LookupID: func(v string) string { return strings.TrimSuffix(v, ":$SAVED") }}

func (s *Provisioning) flowOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.ContactFlow, error) {
	return flows.Of(sc, st, idOrARN)
}
