package routingconfig

import (
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
	"strings"

	"github.com/connect-local/connect-local/internal/storage"
)

// Security profiles (docs/provisioning.md#security-profiles): every instance
// has the four defaults (defaults.go); CreateSecurityProfile adds others.
// Permissions are checked against the catalog (permissions.go) and
// stored; connect-local authorises no request by them.

func (s *RoutingConfig) securityProfileOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.SecurityProfile, error) {
	return securityProfiles.Of(sc, st, idOrARN)
}

// SecurityProfileInput is what CreateSecurityProfile and
// UpdateSecurityProfile take; a nil field is left as it is on update.
type SecurityProfileInput struct {
	Name                         string
	Description                  *string
	Permissions                  []string
	AllowedAccessControlTags     map[string]string
	TagRestrictedResources       []string
	HierarchyRestrictedResources []string
	AllowedHierarchyGroupID      *string
	Applications                 []instance.Application
	Tags                         map[string]string
}

// applyTo checks in and applies it to p.
func (s *RoutingConfig) applySecurityProfile(sc instance.Scope, st *instance.State, in SecurityProfileInput, p *instance.SecurityProfile) error {
	if in.Description != nil {
		p.Description = *in.Description
	}
	if in.Permissions != nil {
		perms, err := checkPermissions(in.Permissions)
		if err != nil {
			return err
		}
		p.Permissions = perms
	}
	if in.AllowedAccessControlTags != nil {
		p.AllowedAccessControlTags = instance.CloneTags(in.AllowedAccessControlTags)
	}
	if in.TagRestrictedResources != nil {
		p.TagRestrictedResources = slices.Clone(in.TagRestrictedResources)
	}
	if in.HierarchyRestrictedResources != nil {
		p.HierarchyRestrictedResources = slices.Clone(in.HierarchyRestrictedResources)
	}
	if in.AllowedHierarchyGroupID != nil {
		p.AllowedHierarchyGroupID = ""
		if *in.AllowedHierarchyGroupID != "" {
			g, err := s.groupOf(sc, st, *in.AllowedHierarchyGroupID)
			if err != nil {
				return err
			}
			p.AllowedHierarchyGroupID = g.ID
		}
	}
	if in.Applications != nil {
		seen := map[string]bool{}
		for _, a := range in.Applications {
			if a.Namespace == "" || len(a.Permissions) == 0 {
				return instance.InvalidParam("Every application needs a Namespace and ApplicationPermissions.")
			}
			if seen[a.Namespace] {
				return instance.InvalidParam("Application %s is listed twice.", a.Namespace)
			}
			seen[a.Namespace] = true
		}
		p.Applications = slices.Clone(in.Applications)
	}
	return nil
}

// CreateSecurityProfile creates a security profile; its name is unique in
// the instance (case-insensitive).
func (s *RoutingConfig) CreateSecurityProfile(sc instance.Scope, instanceID string, in SecurityProfileInput) (*instance.SecurityProfile, error) {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	for _, o := range st.Security {
		if strings.EqualFold(o.Name, in.Name) {
			return nil, instance.Duplicate("A security profile named %s already exists.", in.Name)
		}
	}
	p := &instance.SecurityProfile{ID: s.core.NewID(), Name: in.Name, Tags: instance.CloneTags(in.Tags), Modified: s.core.Modified(sc)}
	p.ARN = sc.ARN("instance/" + st.ID + "/security-profile/" + p.ID)
	if err := s.applySecurityProfile(sc, st, in, p); err != nil {
		return nil, err
	}
	err = s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, instance.BucketSecurity, instance.ChildKey(st.ID, p.ID), p)
	},
		func() { st.Security[p.ID] = p })
	if err != nil {
		return nil, err
	}
	out := *p
	return &out, nil
}

// UpdateSecurityProfile changes the fields given; Permissions, when given,
// replace the profile's.
func (s *RoutingConfig) UpdateSecurityProfile(sc instance.Scope, instanceID, profileID string, in SecurityProfileInput) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	p, err := s.securityProfileOf(sc, st, profileID)
	if err != nil {
		return err
	}
	n := *p
	if err := s.applySecurityProfile(sc, st, in, &n); err != nil {
		return err
	}
	n.Modified = s.core.Modified(sc)
	return s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, instance.BucketSecurity, instance.ChildKey(st.ID, n.ID), &n)
	},
		func() { st.Security[n.ID] = &n })
}

// DeleteSecurityProfile deletes a security profile no user holds
// (ResourceInUseException names one that does).
func (s *RoutingConfig) DeleteSecurityProfile(sc instance.Scope, instanceID, profileID string) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	p, err := s.securityProfileOf(sc, st, profileID)
	if err != nil {
		return err
	}
	for _, u := range st.Users {
		if slices.Contains(u.SecurityProfileIDs, p.ID) {
			return instance.InUse("USER", u.ARN, "Security profile %s is assigned to user %s.", p.Name, u.Username)
		}
	}
	return s.core.CommitData(st, func(tx storage.Tx) error { return tx.Delete(instance.BucketSecurity, instance.ChildKey(st.ID, p.ID)) },
		func() { delete(st.Security, p.ID) })
}

// DescribeSecurityProfile returns one security profile and the ID of the
// instance (its organization) it belongs to.
func (s *RoutingConfig) DescribeSecurityProfile(sc instance.Scope, instanceID, profileID string) (p *instance.SecurityProfile, orgID string, err error) {
	st, err := s.core.Lookup(sc, instanceID)
	if err != nil {
		return nil, "", err
	}
	p, err = securityProfiles.Describe(s.core, sc, instanceID, profileID)
	if err != nil {
		return nil, "", err
	}
	return p, st.FixedID, nil
}

// ListSecurityProfiles pages through an instance's security profiles.
func (s *RoutingConfig) ListSecurityProfiles(sc instance.Scope, instanceID string, req instance.PageRequest) (instance.Page[instance.SecurityProfile], error) {
	return securityProfiles.List(s.core, sc, instanceID, func(id string) string { return "ListSecurityProfiles|" + id }, nil, req)
}

// ListSecurityProfilePermissions pages through a profile's permissions
// (sorted by name) and returns the profile for its last-modified stamp.
func (s *RoutingConfig) ListSecurityProfilePermissions(sc instance.Scope, instanceID, profileID string, req instance.PageRequest) (instance.Page[string], *instance.SecurityProfile, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[string]{}, nil, err
	}
	defer st.Mu.RUnlock()
	p, err := s.securityProfileOf(sc, st, profileID)
	if err != nil {
		return instance.Page[string]{}, nil, err
	}
	req.Binding = "ListSecurityProfilePermissions|" + st.ID + "|" + p.ID
	page, err := instance.Paginate(s.core, slices.Clone(p.Permissions), func(n string) string { return n }, req)
	out := *p
	return page, &out, err
}

// ListSecurityProfileApplications pages through a profile's applications.
func (s *RoutingConfig) ListSecurityProfileApplications(sc instance.Scope, instanceID, profileID string, req instance.PageRequest) (instance.Page[instance.Application], *instance.SecurityProfile, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[instance.Application]{}, nil, err
	}
	defer st.Mu.RUnlock()
	p, err := s.securityProfileOf(sc, st, profileID)
	if err != nil {
		return instance.Page[instance.Application]{}, nil, err
	}
	req.Binding = "ListSecurityProfileApplications|" + st.ID + "|" + p.ID
	page, err := instance.Paginate(s.core, slices.Clone(p.Applications), func(a instance.Application) string { return a.Namespace }, req)
	out := *p
	return page, &out, err
}
