package service

// Security profiles are read-only for now: every instance has the four
// defaults (defaults.go) and nothing creates others yet.

func (s *Service) securityProfileOf(sc Scope, st *instanceState, idOrARN string) (*SecurityProfile, error) {
	id, ok := resolveID(sc, st.ID, "security-profile", idOrARN)
	if p := st.security[id]; ok && p != nil {
		return p, nil
	}
	return nil, notFound("Security profile not found: %s", idOrARN)
}

// DescribeSecurityProfile returns one security profile and the ID of the
// instance (its organization) it belongs to.
func (s *Service) DescribeSecurityProfile(sc Scope, instanceID, profileID string) (p *SecurityProfile, orgID string, err error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, "", err
	}
	defer st.mu.RUnlock()
	sp, err := s.securityProfileOf(sc, st, profileID)
	if err != nil {
		return nil, "", err
	}
	out := *sp
	return &out, st.ID, nil
}

// ListSecurityProfiles pages through an instance's security profiles.
func (s *Service) ListSecurityProfiles(sc Scope, instanceID string, req PageRequest) (Page[SecurityProfile], error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[SecurityProfile]{}, err
	}
	defer st.mu.RUnlock()
	all := make([]SecurityProfile, 0, len(st.security))
	for _, p := range st.security {
		all = append(all, *p)
	}
	req.Binding = "ListSecurityProfiles|" + st.ID
	return paginate(s, all, func(p SecurityProfile) string { return p.ID }, req)
}
