package routingconfig

import (
	"github.com/connect-local/connect-local/internal/instance"
	"math"
	"slices"
	"sort"

	"github.com/connect-local/connect-local/internal/storage"
)

// User proficiencies (docs/predefined-attributes.md#concepts, docs/predefined-attributes.md#operations). A user's proficiencies are stored in
// its User record; each instance also keeps a proficiencyIndex so that
// routing can find the agents with a proficiency without scanning them all.

// proficiencyIndex maps attribute name → value → the users holding that
// value, highest level first, then by user ID. It is derived state: rebuilt
// on load and changed with every proficiency change and user deletion.
type proficiencyIndex map[string]map[string][]holder

// holder is one user's level in one (attribute, value).
type holder struct {
	UserID string
	Level  float64
}

func holderLess(a, b holder) bool {
	if a.Level != b.Level {
		return a.Level > b.Level
	}
	return a.UserID < b.UserID
}

func (x proficiencyIndex) add(userID string, p instance.Proficiency) {
	byValue := x[p.AttributeName]
	if byValue == nil {
		byValue = map[string][]holder{}
		x[p.AttributeName] = byValue
	}
	h := holder{UserID: userID, Level: p.Level}
	hs := byValue[p.AttributeValue]
	i := sort.Search(len(hs), func(i int) bool { return !holderLess(hs[i], h) })
	byValue[p.AttributeValue] = slices.Insert(hs, i, h)
}

func (x proficiencyIndex) remove(userID string, p instance.Proficiency) {
	byValue := x[p.AttributeName]
	hs := slices.DeleteFunc(byValue[p.AttributeValue], func(h holder) bool { return h.UserID == userID })
	if len(hs) > 0 {
		byValue[p.AttributeValue] = hs
		return
	}
	delete(byValue, p.AttributeValue)
	if len(byValue) == 0 {
		delete(x, p.AttributeName)
	}
}

func (x proficiencyIndex) addUser(u *instance.User) {
	for _, p := range u.Proficiencies {
		x.add(u.ID, p)
	}
}

func (x proficiencyIndex) removeUser(u *instance.User) {
	for _, p := range u.Proficiencies {
		x.remove(u.ID, p)
	}
}

// attributeHolders returns the IDs of the users holding any value of name,
// sorted.
func (x proficiencyIndex) attributeHolders(name string) []string {
	var ids []string
	for _, hs := range x[name] {
		for _, h := range hs {
			ids = append(ids, h.UserID)
		}
	}
	sort.Strings(ids)
	return slices.Compact(ids)
}

// reindexProficiencies rebuilds the index from the users (after load).
func reindexProficiencies(st *instance.State) {
	of(st).profIndex = proficiencyIndex{}
	for _, u := range st.Users {
		of(st).profIndex.addUser(u)
	}
}

// forgetUserProficiencies drops a deleted user from the index; DeleteUser
// calls it when it removes the user from st.Users.
func forgetUserProficiencies(st *instance.State, u *instance.User) { of(st).profIndex.removeUser(u) }

// AgentsWithProficiency returns the IDs of the instance's users that hold
// value of attribute name at minLevel or above, highest level first, then
// by ID. It reads the index: the cost grows with the number of matches, not
// with the number of agents. An unknown attribute or value matches nobody.
func (s *RoutingConfig) AgentsWithProficiency(sc instance.Scope, instanceID, name, value string, minLevel float64) ([]string, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	hs := of(st).profIndex[name][value]
	n := sort.Search(len(hs), func(i int) bool { return hs[i].Level < minLevel })
	ids := make([]string, n)
	for i, h := range hs[:n] {
		ids[i] = h.UserID
	}
	return ids, nil
}

// profKey identifies a proficiency within one user.
type profKey struct{ name, value string }

func keyOf(p instance.Proficiency) profKey { return profKey{p.AttributeName, p.AttributeValue} }

// checkProficiencyList checks what needs no state: a non-empty list without
// repeats and, when withLevels, levels that are whole numbers 1–5.
func checkProficiencyList(ps []instance.Proficiency, withLevels bool) error {
	if len(ps) == 0 {
		return instance.InvalidParam("1 validation error detected: Value at 'userProficiencies' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	seen := make(map[profKey]bool, len(ps))
	for _, p := range ps {
		if withLevels && (p.Level < 1 || p.Level > 5 || p.Level != math.Trunc(p.Level)) {
			return instance.InvalidParam("The proficiency level %v of %s:%s is not valid: levels are 1.0, 2.0, 3.0, 4.0 or 5.0.", p.Level, p.AttributeName, p.AttributeValue)
		}
		k := keyOf(p)
		if seen[k] {
			return instance.InvalidParam("The proficiency %s:%s appears more than once in the request.", p.AttributeName, p.AttributeValue)
		}
		seen[k] = true
	}
	return nil
}

// checkPredefined answers InvalidRequestException unless (name, value) is a
// value of an existing attribute.
func checkPredefined(st *instance.State, p instance.Proficiency) error {
	a := of(st).attrs[p.AttributeName]
	if a == nil {
		return instance.InvalidRequest("Predefined attribute %s does not exist.", p.AttributeName)
	}
	if !slices.Contains(a.Values, p.AttributeValue) {
		return instance.InvalidRequest("%s is not a value of predefined attribute %s.", p.AttributeValue, p.AttributeName)
	}
	return nil
}

// changeProficiencies computes a user's new proficiency list with change,
// then stores it and updates the index; an error from change stores nothing,
// so every multi-item request is all-or-nothing.
func (s *RoutingConfig) changeProficiencies(sc instance.Scope, instanceID, userID string, change func(st *instance.State, held []instance.Proficiency) ([]instance.Proficiency, error)) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	u, err := s.userOf(sc, st, userID)
	if err != nil {
		return err
	}
	ps, err := change(st, slices.Clone(u.Proficiencies))
	if err != nil {
		return err
	}
	n := *u
	n.Proficiencies = ps
	n.ProficienciesModified = s.core.Modified(sc)
	return s.core.Commit(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, instance.BucketUsers, instance.ChildKey(st.ID, n.ID), &n)
	},
		func() {
			of(st).profIndex.removeUser(u)
			st.Users[n.ID] = &n
			of(st).profIndex.addUser(&n)
		})
}

// AssociateUserProficiencies adds proficiencies the user does not hold yet
// (docs/predefined-attributes.md#operations).
func (s *RoutingConfig) AssociateUserProficiencies(sc instance.Scope, instanceID, userID string, ps []instance.Proficiency) error {
	if err := checkProficiencyList(ps, true); err != nil {
		return err
	}
	return s.changeProficiencies(sc, instanceID, userID, func(st *instance.State, held []instance.Proficiency) ([]instance.Proficiency, error) {
		for _, p := range ps {
			if err := checkPredefined(st, p); err != nil {
				return nil, err
			}
			if slices.ContainsFunc(held, func(h instance.Proficiency) bool { return keyOf(h) == keyOf(p) }) {
				return nil, instance.InvalidRequest("The user already has proficiency %s:%s; change its level with UpdateUserProficiencies.", p.AttributeName, p.AttributeValue)
			}
		}
		if max := s.quotas.ProficienciesPerUser; len(held)+len(ps) > max {
			return nil, instance.InvalidRequest("A user can have at most %d proficiencies; this user has %d and the request adds %d.", max, len(held), len(ps))
		}
		return append(held, ps...), nil
	})
}

// UpdateUserProficiencies changes the levels of proficiencies the user
// holds (docs/predefined-attributes.md#operations).
func (s *RoutingConfig) UpdateUserProficiencies(sc instance.Scope, instanceID, userID string, ps []instance.Proficiency) error {
	if err := checkProficiencyList(ps, true); err != nil {
		return err
	}
	return s.changeProficiencies(sc, instanceID, userID, func(st *instance.State, held []instance.Proficiency) ([]instance.Proficiency, error) {
		for _, p := range ps {
			if err := checkPredefined(st, p); err != nil {
				return nil, err
			}
			i := slices.IndexFunc(held, func(h instance.Proficiency) bool { return keyOf(h) == keyOf(p) })
			if i < 0 {
				return nil, instance.InvalidRequest("The user has no proficiency %s:%s to update; add it with AssociateUserProficiencies.", p.AttributeName, p.AttributeValue)
			}
			held[i].Level = p.Level
		}
		return held, nil
	})
}

// DisassociateUserProficiencies removes proficiencies the user holds; their
// levels are ignored (docs/predefined-attributes.md#operations).
func (s *RoutingConfig) DisassociateUserProficiencies(sc instance.Scope, instanceID, userID string, ps []instance.Proficiency) error {
	if err := checkProficiencyList(ps, false); err != nil {
		return err
	}
	return s.changeProficiencies(sc, instanceID, userID, func(st *instance.State, held []instance.Proficiency) ([]instance.Proficiency, error) {
		for _, p := range ps {
			i := slices.IndexFunc(held, func(h instance.Proficiency) bool { return keyOf(h) == keyOf(p) })
			if i < 0 {
				return nil, instance.InvalidRequest("The user has no proficiency %s:%s to remove.", p.AttributeName, p.AttributeValue)
			}
			held = slices.Delete(held, i, i+1)
		}
		return held, nil
	})
}

// ListUserProficiencies pages through a user's proficiencies by attribute
// name, then value, and returns the stamp of its last proficiency change
// (zero when it never had one).
func (s *RoutingConfig) ListUserProficiencies(sc instance.Scope, instanceID, userID string, req instance.PageRequest) (instance.Page[instance.Proficiency], instance.Modified, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[instance.Proficiency]{}, instance.Modified{}, err
	}
	defer st.Mu.RUnlock()
	u, err := s.userOf(sc, st, userID)
	if err != nil {
		return instance.Page[instance.Proficiency]{}, instance.Modified{}, err
	}
	req.Binding = "ListUserProficiencies|" + st.ID + "|" + u.ID
	page, err := instance.Paginate(s.core, slices.Clone(u.Proficiencies), func(p instance.Proficiency) string {
		return p.AttributeName + "\x00" + p.AttributeValue
	}, req)
	return page, u.ProficienciesModified, err
}
