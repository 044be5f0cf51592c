package routingconfig

import (
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
)

// Security profiles of an entity (AssociateSecurityProfiles,
// DisassociateSecurityProfiles, ListEntitySecurityProfiles). The entity is
// a user, by ARN: the same list UpdateUserSecurityProfiles replaces and
// DescribeUser returns. connect-local keeps no AI agents, so an AI_AGENT
// entity is not found [INF]. A user keeps at least one security profile
// (CreateUser and UpdateUserSecurityProfiles require one): removing the
// last is InvalidRequestException [INF].

// QuotaUserSecurityProfiles is the most security profiles one user holds
// (the model's SecurityProfileIds list allows 10).
const QuotaUserSecurityProfiles = 10

func checkEntityType(entityType string) error {
	if entityType != "USER" {
		return instance.NotFound("connect-local keeps no %s entities.", entityType)
	}
	return nil
}

// AssociateEntitySecurityProfiles adds security profiles to a user.
func (s *RoutingConfig) AssociateEntitySecurityProfiles(sc instance.Scope, instanceID, entityType, entityARN string, ids []string) error {
	if err := checkEntityType(entityType); err != nil {
		return err
	}
	return s.updateUser(sc, instanceID, entityARN, func(st *instance.State, u *instance.User) error {
		add, err := s.securityProfileIDs(sc, st, ids)
		if err != nil {
			return err
		}
		out := slices.Clone(u.SecurityProfileIDs)
		for _, id := range add {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		if len(out) > QuotaUserSecurityProfiles {
			return instance.InvalidRequest("A user can hold at most %d security profiles; this request would give it %d.", QuotaUserSecurityProfiles, len(out))
		}
		u.SecurityProfileIDs = out
		return nil
	})
}

// DisassociateEntitySecurityProfiles removes security profiles from a user.
func (s *RoutingConfig) DisassociateEntitySecurityProfiles(sc instance.Scope, instanceID, entityType, entityARN string, ids []string) error {
	if err := checkEntityType(entityType); err != nil {
		return err
	}
	return s.updateUser(sc, instanceID, entityARN, func(st *instance.State, u *instance.User) error {
		drop, err := s.securityProfileIDs(sc, st, ids)
		if err != nil {
			return err
		}
		out := slices.DeleteFunc(slices.Clone(u.SecurityProfileIDs), func(id string) bool { return slices.Contains(drop, id) })
		if len(out) == 0 {
			return instance.InvalidRequest("A user keeps at least one security profile.")
		}
		u.SecurityProfileIDs = out
		return nil
	})
}

// EntitySecurityProfiles pages through a user's security profile IDs.
func (s *RoutingConfig) EntitySecurityProfiles(sc instance.Scope, instanceID, entityType, entityARN string, req instance.PageRequest) (instance.Page[string], error) {
	if err := checkEntityType(entityType); err != nil {
		return instance.Page[string]{}, err
	}
	u, err := userFamily.Describe(s.core, sc, instanceID, entityARN)
	if err != nil {
		return instance.Page[string]{}, err
	}
	req.Binding = "ListEntitySecurityProfiles|" + u.ARN
	return instance.Paginate(s.core, slices.Clone(u.SecurityProfileIDs), func(id string) string { return id }, req)
}
