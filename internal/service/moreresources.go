package service

// The resources of issue 16's breadth, each in its own file: traffic
// distribution groups (trafficdist.go), integration associations and use
// cases (integrations.go), security keys and authentication profiles
// (authprofiles.go). Their records live in the schema (schema.go); in
// memory they hang off the instance in one moreResources, made with the
// instance (so a reload after a failed write makes it afresh).
type moreResources struct {
	tdgs         map[string]*TrafficDistributionGroup
	integrations map[string]*IntegrationAssociation
	useCases     map[string]*UseCase
	keys         map[string]*SecurityKey
	authProfiles map[string]*AuthenticationProfile
}

func newMoreResources(st *instanceState) *moreResources {
	m := &moreResources{tdgs: map[string]*TrafficDistributionGroup{}, integrations: map[string]*IntegrationAssociation{},
		useCases: map[string]*UseCase{}, keys: map[string]*SecurityKey{}, authProfiles: map[string]*AuthenticationProfile{}}
	d := defaultAuthProfile(st)
	m.authProfiles[d.ID] = d
	return m
}
