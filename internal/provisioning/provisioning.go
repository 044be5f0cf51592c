package provisioning

import (
	"sync"

	"github.com/connect-local/connect-local/internal/instance"
)

// Provisioning is the instance-configuration families below the service
// façade: phone numbers (phonenumbers.go), instance attributes and approved origins (instanceattrs.go),
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
	// phones are the claimed numbers (docs/phone-numbers.md).
	phones map[string]*PhoneNumber
	// Issue 16's breadth.
	tdgs         map[string]*TrafficDistributionGroup
	integrations map[string]*IntegrationAssociation
	useCases     map[string]*UseCase
	keys         map[string]*SecurityKey
	authProfiles map[string]*AuthenticationProfile
}

var slot = instance.NewSlot(func(st *instance.State) *data {
	d := &data{instAttrs: defaultInstanceAttributes(st.Instance), origins: map[string]bool{},
		vocabs: map[string]*Vocabulary{}, phones: map[string]*PhoneNumber{}, views: map[string]*View{}, rules: map[string]*Rule{},
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
