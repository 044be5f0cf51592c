package flowres

import (
	"sort"

	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/storage"
)

// Linked hours of operation (AssociateHoursOfOperations,
// DisassociateHoursOfOperations, ListChildHoursOfOperations): a child
// hours inherits the overrides of its parents, so a holiday list kept on
// one hours applies to every hours linked to it
// (docs/flows.md#hours-of-operation-overrides).

const bucketHoursLinks = "hours-links" // {i}/{childId}:{parentId} → hoursLink

// maxParentsPerRequest is the model's bound on one request's parents.
const maxParentsPerRequest = 3

// hoursLink is one parent of a child hours.
type hoursLink struct {
	Child  string `json:"child"`
	Parent string `json:"parent"`
	instance.Modified
}

func (l *hoursLink) key() string { return l.Child + ":" + l.Parent }

// parentsOf are the parents' IDs of hours hoursID, sorted. The caller
// holds st.Mu.
func parentsOf(st *instance.State, hoursID string) []string {
	var out []string
	for _, l := range of(st).links {
		if l.Child == hoursID {
			out = append(out, l.Parent)
		}
	}
	sort.Strings(out)
	return out
}

// reaches reports whether from reaches to by following parent links.
func reaches(st *instance.State, from, to string) bool {
	seen := map[string]bool{}
	var walk func(id string) bool
	walk = func(id string) bool {
		if id == to {
			return true
		}
		if seen[id] {
			return false
		}
		seen[id] = true
		for _, p := range parentsOf(st, id) {
			if walk(p) {
				return true
			}
		}
		return false
	}
	return walk(from)
}

// AssociateHoursOfOperations makes each of parents a parent of hours
// hoursID. A parent already linked is left as it is.
func (s *FlowRes) AssociateHoursOfOperations(sc instance.Scope, instanceID, hoursID string, parents []string) error {
	return s.editLinks(sc, instanceID, hoursID, "ParentHoursOfOperationConfigs", parents, func(st *instance.State, child *instance.HoursOfOperation) error {
		return s.associate(sc, st, child, parents)
	})
}

// editLinks checks a request's parents count (1 to maxParentsPerRequest,
// named by member), takes the instance's write lock, finds the child
// hours and runs edit.
func (s *FlowRes) editLinks(sc instance.Scope, instanceID, hoursID, member string, parents []string, edit func(*instance.State, *instance.HoursOfOperation) error) error {
	if len(parents) == 0 || len(parents) > maxParentsPerRequest {
		return instance.InvalidParam("%s must hold 1 to %d hours of operation.", member, maxParentsPerRequest)
	}
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	child, err := s.hoursOf(sc, st, hoursID)
	if err != nil {
		return err
	}
	return edit(st, child)
}

func (s *FlowRes) associate(sc instance.Scope, st *instance.State, child *instance.HoursOfOperation, parents []string) error {
	mod := s.core.Modified(sc)
	var add []*hoursLink
	seen := map[string]bool{}
	for _, p := range parents {
		parent, err := s.hoursOf(sc, st, p)
		if err != nil {
			return err
		}
		switch {
		case parent.ID == child.ID:
			return instance.InvalidRequest("Hours of operation %s cannot be its own parent.", child.ID)
		case reaches(st, parent.ID, child.ID):
			return instance.InvalidRequest("Linking %s as a parent of %s would make a cycle.", parent.ID, child.ID)
		case seen[parent.ID] || of(st).links[child.ID+":"+parent.ID] != nil:
			continue
		}
		seen[parent.ID] = true
		add = append(add, &hoursLink{Child: child.ID, Parent: parent.ID, Modified: mod})
	}
	if len(add) == 0 {
		return nil
	}
	write, apply := putLinks(st, add)
	return s.core.CommitData(st, write, apply)
}

// putLinks is the write and the apply that store links add.
func putLinks(st *instance.State, add []*hoursLink) (func(tx storage.Tx) error, func()) {
	return func(tx storage.Tx) error {
			for _, l := range add {
				if err := instance.PutJSON(tx, bucketHoursLinks, instance.ChildKey(st.ID, l.key()), l); err != nil {
					return err
				}
			}
			return nil
		}, func() {
			for _, l := range add {
				of(st).links[l.key()] = l
			}
		}
}

// DisassociateHoursOfOperations unlinks parents from hours hoursID; a
// parent that is not linked is a ResourceNotFoundException.
func (s *FlowRes) DisassociateHoursOfOperations(sc instance.Scope, instanceID, hoursID string, parents []string) error {
	return s.editLinks(sc, instanceID, hoursID, "ParentHoursOfOperationIds", parents, func(st *instance.State, child *instance.HoursOfOperation) error {
		return s.disassociate(sc, st, child, parents)
	})
}

func (s *FlowRes) disassociate(sc instance.Scope, st *instance.State, child *instance.HoursOfOperation, parents []string) error {
	var drop []string
	for _, p := range parents {
		parent, err := s.hoursOf(sc, st, p)
		if err != nil {
			return err
		}
		k := child.ID + ":" + parent.ID
		if of(st).links[k] == nil {
			return instance.NotFound("Hours of operation %s is not a parent of %s.", parent.ID, child.ID)
		}
		drop = append(drop, k)
	}
	return s.core.CommitData(st, func(tx storage.Tx) error {
		for _, k := range drop {
			if err := tx.Delete(bucketHoursLinks, instance.ChildKey(st.ID, k)); err != nil {
				return err
			}
		}
		return nil
	}, func() {
		for _, k := range drop {
			delete(of(st).links, k)
		}
	})
}

// ListChildHoursOfOperations pages through the children of hours
// hoursID, by ID, and returns the parent.
func (s *FlowRes) ListChildHoursOfOperations(sc instance.Scope, instanceID, hoursID string, req instance.PageRequest) (instance.Page[instance.HoursOfOperation], *instance.HoursOfOperation, error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return instance.Page[instance.HoursOfOperation]{}, nil, err
	}
	defer unlock()
	parent, err := s.hoursOf(sc, st, hoursID)
	if err != nil {
		return instance.Page[instance.HoursOfOperation]{}, nil, err
	}
	var kids []instance.HoursOfOperation
	for _, l := range of(st).links {
		if h := st.Hours[l.Child]; l.Parent == parent.ID && h != nil {
			kids = append(kids, *h)
		}
	}
	req.Binding = "ListChildHoursOfOperations|" + st.ID + "|" + parent.ID
	p, err := instance.Paginate(s.core, kids, func(h instance.HoursOfOperation) string { return h.ID }, req)
	out := *parent
	return p, &out, err
}

// HoursLinked reports a parent or child linked to hours hoursID, if any
// (linked hours cannot be deleted).
func HoursLinked(st *instance.State, hoursID string) (string, bool) {
	for _, l := range of(st).links {
		if l.Child == hoursID {
			return "the parent " + l.Parent, true
		}
		if l.Parent == hoursID {
			return "the child " + l.Child, true
		}
	}
	return "", false
}

// NewHoursParents are the parents CreateHoursOfOperation links the new
// hours to (ParentHoursOfOperationConfigs), checked before anything is
// stored.
type NewHoursParents []string

// CheckNewHoursParents checks the parents of hours about to be created:
// at most 3, each an hours of st (ResourceNotFoundException otherwise);
// none is fine. The caller holds st.Mu for writing.
func (s *FlowRes) CheckNewHoursParents(sc instance.Scope, st *instance.State, parents []string) (NewHoursParents, error) {
	if len(parents) > maxParentsPerRequest {
		return nil, instance.InvalidParam("ParentHoursOfOperationConfigs must hold at most %d hours of operation.", maxParentsPerRequest)
	}
	var out NewHoursParents
	seen := map[string]bool{}
	for _, p := range parents {
		parent, err := s.hoursOf(sc, st, p)
		if err != nil {
			return nil, err
		}
		if !seen[parent.ID] {
			seen[parent.ID] = true
			out = append(out, parent.ID)
		}
	}
	return out, nil
}

// Links are the write and apply of the links of the new hours childID to
// ps, for instance.Family.CreateWith: one commit stores the hours and
// its links.
func (ps NewHoursParents) Links(st *instance.State, childID string, mod instance.Modified) (func(tx storage.Tx) error, func()) {
	add := make([]*hoursLink, 0, len(ps))
	for _, p := range ps {
		add = append(add, &hoursLink{Child: childID, Parent: p, Modified: mod})
	}
	return putLinks(st, add)
}

// WithParents fills in the Parents of copies of st's hours, by parent
// ID (docs/flows.md#linked-hours). The caller holds st.Mu.
func WithParents(st *instance.State, hs []instance.HoursOfOperation) []instance.HoursOfOperation {
	byChild := map[string][]string{}
	for _, l := range of(st).links {
		byChild[l.Child] = append(byChild[l.Child], l.Parent)
	}
	for i := range hs {
		ids := byChild[hs[i].ID]
		sort.Strings(ids)
		hs[i].Parents = nil
		for _, id := range ids {
			if p := st.Hours[id]; p != nil {
				hs[i].Parents = append(hs[i].Parents, instance.HoursRef{ID: p.ID, ARN: p.ARN, Name: p.Name})
			}
		}
	}
	return hs
}

// DescribeHours returns a copy of one hours of operation with its
// parents.
func (s *FlowRes) DescribeHours(sc instance.Scope, instanceID, hoursID string) (*instance.HoursOfOperation, error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	h, err := s.hoursOf(sc, st, hoursID)
	if err != nil {
		return nil, err
	}
	out := WithParents(st, []instance.HoursOfOperation{*h})
	return &out[0], nil
}
