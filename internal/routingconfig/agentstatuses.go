package routingconfig

import (
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
	"strings"

	"github.com/connect-local/connect-local/internal/storage"
)

// Agent status rules (docs/routing.md#agent-statuses). Where Connect's documentation is silent
// these are connect-local's decisions [INF]:
//
//   - Only CUSTOM statuses can be created. CreateAgentStatus has no Type
//     member, so every created status is CUSTOM; a caller of this package
//     that asks for another type gets InvalidParameterException.
//   - The system statuses (ROUTABLE "Available" and OFFLINE "Offline") may be
//     renamed, re-described and re-ordered, as in the Connect console, but
//     never disabled: agents could otherwise neither become routable nor
//     sign out. Disabling one is InvalidParameterException.
//   - Names are unique per instance, ignoring case, system statuses
//     included: DuplicateResourceException.
//   - The instance quota of 50 counts the two system statuses.
//   - Display orders are the positions of a list: the statuses that have one
//     hold 1..n without gaps or repeats. A new status without DisplayOrder
//     goes to the end. Setting DisplayOrder k moves the status to position
//     k (a k past the end means the end) and shifts the others; the
//     statuses shifted keep their LastModifiedTime, since nothing about them
//     was asked to change. ResetOrderNumber takes the status out of the list
//     (Describe then has no DisplayOrder) and closes the gap; asking for
//     both DisplayOrder and ResetOrderNumber is InvalidParameterException.

// QuotaAgentStatusesPerInstance is the agent statuses quota (docs/quotas.md#resource-quotas).
const QuotaAgentStatusesPerInstance = 50

// Agent status types and states.
const (
	AgentStatusRoutable = "ROUTABLE"
	AgentStatusCustom   = "CUSTOM"
	AgentStatusOffline  = "OFFLINE"
	StateEnabled        = "ENABLED"
	StateDisabled       = "DISABLED"
)

// AgentStatusInput is what Create/UpdateAgentStatus take; nil fields are
// left unchanged on update.
type AgentStatusInput struct {
	Name         *string
	Description  *string
	State        *string
	DisplayOrder *int64
	// ResetOrderNumber (update only) removes the status from the ordering.
	ResetOrderNumber bool
	// Type (create only) defaults to CUSTOM, the only type that can be made.
	Type string
	Tags map[string]string
}

// CreateAgentStatus creates a CUSTOM agent status.
func (s *RoutingConfig) CreateAgentStatus(sc instance.Scope, instanceID string, in AgentStatusInput) (*instance.AgentStatus, error) {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	if in.Type != "" && in.Type != AgentStatusCustom {
		return nil, instance.InvalidParam("Only CUSTOM agent statuses can be created; %s statuses are built in.", in.Type)
	}
	if in.Name == nil || in.State == nil {
		return nil, instance.InvalidParam("Name and State are required.")
	}
	if err := instance.ValidateTags(in.Tags); err != nil {
		return nil, err
	}
	if err := checkAgentStatusName(st, "", *in.Name); err != nil {
		return nil, err
	}
	if len(st.Statuses) >= QuotaAgentStatusesPerInstance {
		return nil, instance.LimitExceeded("The instance already has %d agent statuses, the quota.", QuotaAgentStatusesPerInstance)
	}
	a := &instance.AgentStatus{ID: s.core.NewID(), Name: *in.Name, Type: AgentStatusCustom, State: *in.State,
		Tags: instance.CloneTags(in.Tags), Modified: s.core.Modified(sc)}
	if in.Description != nil {
		a.Description = *in.Description
	}
	a.ARN = sc.ARN("instance/" + st.ID + "/agent-state/" + a.ID)
	pos := int64(QuotaAgentStatusesPerInstance + 1) // the end
	if in.DisplayOrder != nil {
		pos = *in.DisplayOrder
	}
	changed := reorderStatuses(st, a, &pos)
	if err := s.saveStatuses(st, changed); err != nil {
		return nil, err
	}
	out := *a
	return &out, nil
}

func checkAgentStatusName(st *instance.State, selfID, name string) error {
	for _, a := range st.Statuses {
		if a.ID != selfID && strings.EqualFold(a.Name, name) {
			return instance.Duplicate("An agent status named %s already exists.", name)
		}
	}
	return nil
}

func (s *RoutingConfig) agentStatusOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.AgentStatus, error) {
	return agentStatuses.Of(sc, st, idOrARN)
}

// DescribeAgentStatus returns one agent status.
func (s *RoutingConfig) DescribeAgentStatus(sc instance.Scope, instanceID, statusID string) (*instance.AgentStatus, error) {
	return agentStatuses.Describe(s.core, sc, instanceID, statusID)
}

// ListAgentStatuses pages through an instance's statuses, keeping only the
// given types when any are given.
func (s *RoutingConfig) ListAgentStatuses(sc instance.Scope, instanceID string, types []string, req instance.PageRequest) (instance.Page[instance.AgentStatus], error) {
	key := slices.Clone(types)
	slices.Sort(key)
	return agentStatuses.List(s.core, sc, instanceID, func(id string) string {
		return "ListAgentStatuses|" + id + "|" + strings.Join(slices.Compact(key), ",")
	}, func(a *instance.AgentStatus) bool { return len(types) == 0 || slices.Contains(types, a.Type) }, req)
}

// UpdateAgentStatus changes the fields that are set.
func (s *RoutingConfig) UpdateAgentStatus(sc instance.Scope, instanceID, statusID string, in AgentStatusInput) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	a, err := s.agentStatusOf(sc, st, statusID)
	if err != nil {
		return err
	}
	if in.Name == nil && in.Description == nil && in.State == nil && in.DisplayOrder == nil && !in.ResetOrderNumber {
		return instance.InvalidParam("Nothing to update: set at least one of Name, Description, State, DisplayOrder or ResetOrderNumber.")
	}
	if in.DisplayOrder != nil && in.ResetOrderNumber {
		return instance.InvalidParam("DisplayOrder and ResetOrderNumber cannot be used together.")
	}
	n := *a
	if in.Name != nil {
		if err := checkAgentStatusName(st, a.ID, *in.Name); err != nil {
			return err
		}
		n.Name = *in.Name
	}
	if in.Description != nil {
		n.Description = *in.Description
	}
	if in.State != nil {
		if *in.State == StateDisabled && n.Type != AgentStatusCustom {
			return instance.InvalidParam("The %s status %s is built in and cannot be disabled.", n.Type, n.Name)
		}
		n.State = *in.State
	}
	n.Modified = s.core.Modified(sc)
	changed := []*instance.AgentStatus{&n}
	switch {
	case in.ResetOrderNumber:
		changed = reorderStatuses(st, &n, nil)
	case in.DisplayOrder != nil:
		changed = reorderStatuses(st, &n, in.DisplayOrder)
	}
	return s.saveStatuses(st, changed)
}

// reorderStatuses places self (a fresh copy, not yet in st) at position pos
// of the display order, or takes it out of the order when pos is nil, and
// renumbers the others to keep 1..n. It returns self and copies of every
// other status whose order changed; st is not modified.
func reorderStatuses(st *instance.State, self *instance.AgentStatus, pos *int64) []*instance.AgentStatus {
	var list []*instance.AgentStatus
	for _, a := range st.Statuses {
		if a.ID != self.ID && a.DisplayOrder != nil {
			list = append(list, a)
		}
	}
	slices.SortFunc(list, func(x, y *instance.AgentStatus) int {
		if *x.DisplayOrder != *y.DisplayOrder {
			return int(*x.DisplayOrder - *y.DisplayOrder)
		}
		return strings.Compare(x.ID, y.ID)
	})
	self.DisplayOrder = nil
	if pos != nil {
		k := int(min(max(*pos, 1), int64(len(list)+1)))
		list = slices.Insert(list, k-1, self)
	}
	changed := []*instance.AgentStatus{self}
	for i, a := range list {
		order := int64(i + 1)
		if a == self {
			self.DisplayOrder = &order
			continue
		}
		if *a.DisplayOrder != order {
			c := *a
			c.DisplayOrder = &order
			changed = append(changed, &c)
		}
	}
	return changed
}

// saveStatuses stores the given status records in one transaction, then
// puts them in memory.
func (s *RoutingConfig) saveStatuses(st *instance.State, recs []*instance.AgentStatus) error {
	return s.core.Commit(st, func(tx storage.Tx) error {
		for _, a := range recs {
			if err := instance.PutJSON(tx, instance.BucketStatuses, instance.ChildKey(st.ID, a.ID), a); err != nil {
				return err
			}
		}
		return nil
	}, func() {
		for _, a := range recs {
			st.Statuses[a.ID] = a
		}
	})
}
