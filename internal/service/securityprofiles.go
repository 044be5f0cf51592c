package service

// Security profiles are read-only for now: every instance has the four
// defaults (defaults.go) and nothing creates others yet.

func (s *Service) securityProfileOf(sc Scope, st *instanceState, idOrARN string) (*SecurityProfile, error) {
	return securityProfiles.of(sc, st, idOrARN)
}

// DescribeSecurityProfile returns one security profile and the ID of the
// instance (its organization) it belongs to.
func (s *Service) DescribeSecurityProfile(sc Scope, instanceID, profileID string) (p *SecurityProfile, orgID string, err error) {
	st, err := s.lookup(sc, instanceID)
	if err != nil {
		return nil, "", err
	}
	p, err = securityProfiles.describe(s, sc, instanceID, profileID)
	if err != nil {
		return nil, "", err
	}
	return p, st.id, nil
}

// ListSecurityProfiles pages through an instance's security profiles.
func (s *Service) ListSecurityProfiles(sc Scope, instanceID string, req PageRequest) (Page[SecurityProfile], error) {
	return securityProfiles.list(s, sc, instanceID, func(id string) string { return "ListSecurityProfiles|" + id }, nil, req)
}
