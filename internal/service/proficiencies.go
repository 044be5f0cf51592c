package service

import (
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

func (x proficiencyIndex) add(userID string, p Proficiency) {
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

func (x proficiencyIndex) remove(userID string, p Proficiency) {
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

func (x proficiencyIndex) addUser(u *User) {
	for _, p := range u.Proficiencies {
		x.add(u.ID, p)
	}
}

func (x proficiencyIndex) removeUser(u *User) {
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
func (st *instanceState) reindexProficiencies() {
	st.profIndex = proficiencyIndex{}
	for _, u := range st.Users {
		st.profIndex.addUser(u)
	}
}

// forgetUserProficiencies drops a deleted user from the index; DeleteUser
// calls it when it removes the user from st.Users.
func (st *instanceState) forgetUserProficiencies(u *User) { st.profIndex.removeUser(u) }

// AgentsWithProficiency returns the IDs of the instance's users that hold
// value of attribute name at minLevel or above, highest level first, then
// by ID. It reads the index: the cost grows with the number of matches, not
// with the number of agents. An unknown attribute or value matches nobody.
func (s *Service) AgentsWithProficiency(sc Scope, instanceID, name, value string, minLevel float64) ([]string, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	hs := st.profIndex[name][value]
	n := sort.Search(len(hs), func(i int) bool { return hs[i].Level < minLevel })
	ids := make([]string, n)
	for i, h := range hs[:n] {
		ids[i] = h.UserID
	}
	return ids, nil
}

// profKey identifies a proficiency within one user.
type profKey struct{ name, value string }

func keyOf(p Proficiency) profKey { return profKey{p.AttributeName, p.AttributeValue} }

// checkProficiencyList checks what needs no state: a non-empty list without
// repeats and, when withLevels, levels that are whole numbers 1–5.
func checkProficiencyList(ps []Proficiency, withLevels bool) error {
	if len(ps) == 0 {
		return invalidParam("1 validation error detected: Value at 'userProficiencies' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	seen := make(map[profKey]bool, len(ps))
	for _, p := range ps {
		if withLevels && (p.Level < 1 || p.Level > 5 || p.Level != math.Trunc(p.Level)) {
			return invalidParam("The proficiency level %v of %s:%s is not valid: levels are 1.0, 2.0, 3.0, 4.0 or 5.0.", p.Level, p.AttributeName, p.AttributeValue)
		}
		k := keyOf(p)
		if seen[k] {
			return invalidParam("The proficiency %s:%s appears more than once in the request.", p.AttributeName, p.AttributeValue)
		}
		seen[k] = true
	}
	return nil
}

// checkPredefined answers InvalidRequestException unless (name, value) is a
// value of an existing attribute.
func checkPredefined(st *instanceState, p Proficiency) error {
	a := st.attrs[p.AttributeName]
	if a == nil {
		return invalidRequest("Predefined attribute %s does not exist.", p.AttributeName)
	}
	if !slices.Contains(a.Values, p.AttributeValue) {
		return invalidRequest("%s is not a value of predefined attribute %s.", p.AttributeValue, p.AttributeName)
	}
	return nil
}

// changeProficiencies computes a user's new proficiency list with change,
// then stores it and updates the index; an error from change stores nothing,
// so every multi-item request is all-or-nothing.
func (s *Service) changeProficiencies(sc Scope, instanceID, userID string, change func(st *instanceState, held []Proficiency) ([]Proficiency, error)) error {
	st, err := s.lockInstance(sc, instanceID)
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
	n.ProficienciesModified = s.modified(sc)
	return s.commit(st, func(tx storage.Tx) error { return putJSON(tx, bucketUsers, childKey(st.ID, n.ID), &n) },
		func() {
			st.profIndex.removeUser(u)
			st.Users[n.ID] = &n
			st.profIndex.addUser(&n)
		})
}

// AssociateUserProficiencies adds proficiencies the user does not hold yet
// (docs/predefined-attributes.md#operations).
func (s *Service) AssociateUserProficiencies(sc Scope, instanceID, userID string, ps []Proficiency) error {
	if err := checkProficiencyList(ps, true); err != nil {
		return err
	}
	return s.changeProficiencies(sc, instanceID, userID, func(st *instanceState, held []Proficiency) ([]Proficiency, error) {
		for _, p := range ps {
			if err := checkPredefined(st, p); err != nil {
				return nil, err
			}
			if slices.ContainsFunc(held, func(h Proficiency) bool { return keyOf(h) == keyOf(p) }) {
				return nil, invalidRequest("The user already has proficiency %s:%s; change its level with UpdateUserProficiencies.", p.AttributeName, p.AttributeValue)
			}
		}
		if max := s.quotas.ProficienciesPerUser; len(held)+len(ps) > max {
			return nil, invalidRequest("A user can have at most %d proficiencies; this user has %d and the request adds %d.", max, len(held), len(ps))
		}
		return append(held, ps...), nil
	})
}

// UpdateUserProficiencies changes the levels of proficiencies the user
// holds (docs/predefined-attributes.md#operations).
func (s *Service) UpdateUserProficiencies(sc Scope, instanceID, userID string, ps []Proficiency) error {
	if err := checkProficiencyList(ps, true); err != nil {
		return err
	}
	return s.changeProficiencies(sc, instanceID, userID, func(st *instanceState, held []Proficiency) ([]Proficiency, error) {
		for _, p := range ps {
			if err := checkPredefined(st, p); err != nil {
				return nil, err
			}
			i := slices.IndexFunc(held, func(h Proficiency) bool { return keyOf(h) == keyOf(p) })
			if i < 0 {
				return nil, invalidRequest("The user has no proficiency %s:%s to update; add it with AssociateUserProficiencies.", p.AttributeName, p.AttributeValue)
			}
			held[i].Level = p.Level
		}
		return held, nil
	})
}

// DisassociateUserProficiencies removes proficiencies the user holds; their
// levels are ignored (docs/predefined-attributes.md#operations).
func (s *Service) DisassociateUserProficiencies(sc Scope, instanceID, userID string, ps []Proficiency) error {
	if err := checkProficiencyList(ps, false); err != nil {
		return err
	}
	return s.changeProficiencies(sc, instanceID, userID, func(st *instanceState, held []Proficiency) ([]Proficiency, error) {
		for _, p := range ps {
			i := slices.IndexFunc(held, func(h Proficiency) bool { return keyOf(h) == keyOf(p) })
			if i < 0 {
				return nil, invalidRequest("The user has no proficiency %s:%s to remove.", p.AttributeName, p.AttributeValue)
			}
			held = slices.Delete(held, i, i+1)
		}
		return held, nil
	})
}

// ListUserProficiencies pages through a user's proficiencies by attribute
// name, then value, and returns the stamp of its last proficiency change
// (zero when it never had one).
func (s *Service) ListUserProficiencies(sc Scope, instanceID, userID string, req PageRequest) (Page[Proficiency], Modified, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[Proficiency]{}, Modified{}, err
	}
	defer st.Mu.RUnlock()
	u, err := s.userOf(sc, st, userID)
	if err != nil {
		return Page[Proficiency]{}, Modified{}, err
	}
	req.Binding = "ListUserProficiencies|" + st.ID + "|" + u.ID
	page, err := paginate(s, slices.Clone(u.Proficiencies), func(p Proficiency) string {
		return p.AttributeName + "\x00" + p.AttributeValue
	}, req)
	return page, u.ProficienciesModified, err
}
