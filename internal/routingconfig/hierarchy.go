package routingconfig

import (
	"fmt"
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
	"strings"

	"github.com/connect-local/connect-local/internal/storage"
)

// QuotaHierarchyGroupsPerInstance is the user-hierarchy-groups quota
// (docs/quotas.md#resource-quotas).
const QuotaHierarchyGroupsPerInstance = 500

// LevelNames are the wire names of the five hierarchy levels, top first.
var LevelNames = [5]string{"LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive"}

func (s *RoutingConfig) groupOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.HierarchyGroup, error) {
	return groupFamily.Of(sc, st, idOrARN)
}

func cloneGroup(g *instance.HierarchyGroup) *instance.HierarchyGroup {
	out := *g
	out.Tags = instance.CloneTags(g.Tags)
	return &out
}

// UpdateUserHierarchyStructure sets the level names: names[i] is level i+1,
// nil when the level is not defined. Levels must be defined from the top
// without gaps. A level keeps its ID across renames; removing a level that
// groups still sit on is ResourceInUseException.
func (s *RoutingConfig) UpdateUserHierarchyStructure(sc instance.Scope, instanceID string, names [5]*string) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	for i, n := range names {
		if n == nil {
			continue
		}
		if strings.TrimSpace(*n) == "" {
			return instance.InvalidParam("%s needs a non-empty Name.", LevelNames[i])
		}
		if i > 0 && names[i-1] == nil {
			return instance.InvalidParam("%s cannot be defined without %s.", LevelNames[i], LevelNames[i-1])
		}
	}
	var next instance.HierarchyStructure
	for i, n := range names {
		old := st.Structure.Levels[i]
		if n == nil {
			if old == nil {
				continue
			}
			for _, g := range st.Groups {
				if g.Level == i+1 {
					return instance.InUse("HIERARCHY_LEVEL", old.ARN, "%s (%s) still has hierarchy groups, such as %s.", LevelNames[i], old.Name, g.Name)
				}
			}
			continue
		}
		var lv instance.HierarchyLevel
		switch {
		case old == nil:
			lv = instance.HierarchyLevel{ID: s.core.NewID(), Name: *n, Modified: s.core.Modified(sc),
				ARN: sc.ARN(fmt.Sprintf("instance/%s/agent-group-level/%d", st.ID, i+1))}
		case old.Name != *n:
			lv = *old
			lv.Name, lv.Modified = *n, s.core.Modified(sc)
		default:
			lv = *old
		}
		next.Levels[i] = &lv
	}
	return s.core.Commit(st, func(tx storage.Tx) error { return instance.PutJSON(tx, instance.BucketStructure, st.ID, &next) },
		func() { st.Structure = next })
}

// DescribeUserHierarchyStructure returns the instance's hierarchy levels.
func (s *RoutingConfig) DescribeUserHierarchyStructure(sc instance.Scope, instanceID string) (*instance.HierarchyStructure, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	var out instance.HierarchyStructure
	for i, lv := range st.Structure.Levels {
		if lv != nil {
			c := *lv
			out.Levels[i] = &c
		}
	}
	return &out, nil
}

// checkGroupName keeps group names unique, ignoring case, among the
// children of one parent: the same team name may recur under different
// sites, as in real hierarchies.
func checkGroupName(st *instance.State, selfID, parentID, name string) error {
	for _, g := range st.Groups {
		if g.ID != selfID && g.ParentGroupID == parentID && strings.EqualFold(g.Name, name) {
			return instance.Duplicate("A hierarchy group named %s already exists at this place in the hierarchy.", name)
		}
	}
	return nil
}

// CreateUserHierarchyGroup creates a group one level below its parent (at
// level one without a parent). The level must be defined in the hierarchy
// structure, else InvalidRequestException: the request is well formed but
// the instance's current structure does not allow it.
func (s *RoutingConfig) CreateUserHierarchyGroup(sc instance.Scope, instanceID, name, parentID string, tags map[string]string) (*instance.HierarchyGroup, error) {
	return groupFamily.Create(s.core, sc, instanceID, func(st *instance.State) (*instance.HierarchyGroup, error) {
		if strings.TrimSpace(name) == "" {
			return nil, instance.InvalidParam("Name must not be empty.")
		}
		g := &instance.HierarchyGroup{Name: name, Level: 1, Tags: instance.CloneTags(tags)}
		if parentID != "" {
			p, err := s.groupOf(sc, st, parentID)
			if err != nil {
				return nil, err
			}
			g.Level, g.ParentGroupID = p.Level+1, p.ID
		}
		if g.Level > len(LevelNames) {
			return nil, instance.InvalidRequest("The parent group is on %s, the lowest level; it cannot have child groups.", LevelNames[len(LevelNames)-1])
		}
		if st.Structure.Levels[g.Level-1] == nil {
			return nil, instance.InvalidRequest("%s is not defined in the hierarchy structure.", LevelNames[g.Level-1])
		}
		if err := checkGroupName(st, "", g.ParentGroupID, name); err != nil {
			return nil, err
		}
		if len(st.Groups) >= QuotaHierarchyGroupsPerInstance {
			return nil, instance.LimitExceeded("The instance already has %d hierarchy groups, the quota.", QuotaHierarchyGroupsPerInstance)
		}
		return g, nil
	})
}

// DescribeUserHierarchyGroup returns a group and its path from level one
// down to the group itself.
func (s *RoutingConfig) DescribeUserHierarchyGroup(sc instance.Scope, instanceID, groupID string) (*instance.HierarchyGroup, []instance.HierarchyGroup, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, nil, err
	}
	defer st.Mu.RUnlock()
	g, err := s.groupOf(sc, st, groupID)
	if err != nil {
		return nil, nil, err
	}
	return cloneGroup(g), groupPath(st, g), nil
}

// groupPath is g's ancestors and g, top first.
func groupPath(st *instance.State, g *instance.HierarchyGroup) []instance.HierarchyGroup {
	var path []instance.HierarchyGroup
	for c := g; c != nil && len(path) < len(LevelNames); c = st.Groups[c.ParentGroupID] {
		path = append(path, *c)
	}
	slices.Reverse(path)
	return path
}

// ListUserHierarchyGroups pages through an instance's hierarchy groups.
func (s *RoutingConfig) ListUserHierarchyGroups(sc instance.Scope, instanceID string, req instance.PageRequest) (instance.Page[instance.HierarchyGroup], error) {
	return groupFamily.List(s.core, sc, instanceID, func(id string) string { return "ListUserHierarchyGroups|" + id }, nil, req)
}

// UpdateUserHierarchyGroupName renames a group.
func (s *RoutingConfig) UpdateUserHierarchyGroupName(sc instance.Scope, instanceID, groupID, name string) error {
	return groupFamily.Update(s.core, sc, instanceID, groupID, func(st *instance.State, g *instance.HierarchyGroup) error {
		if strings.TrimSpace(name) == "" {
			return instance.InvalidParam("Name must not be empty.")
		}
		if err := checkGroupName(st, g.ID, g.ParentGroupID, name); err != nil {
			return err
		}
		g.Name = name
		return nil
	})
}

// DeleteUserHierarchyGroup deletes a group that has no child groups and no
// users; otherwise ResourceInUseException names the group.
func (s *RoutingConfig) DeleteUserHierarchyGroup(sc instance.Scope, instanceID, groupID string) error {
	return groupFamily.Remove(s.core, sc, instanceID, groupID, func(st *instance.State, g *instance.HierarchyGroup) error {
		for _, c := range st.Groups {
			if c.ParentGroupID == g.ID {
				return instance.InUse("HIERARCHY_GROUP", g.ARN, "Hierarchy group %s has child group %s.", g.Name, c.Name)
			}
		}
		for _, u := range st.Users {
			if u.HierarchyGroupID == g.ID {
				return instance.InUse("HIERARCHY_GROUP", g.ARN, "Hierarchy group %s has user %s.", g.Name, u.Username)
			}
		}
		return nil
	})
}
