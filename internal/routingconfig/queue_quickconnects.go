package routingconfig

import (
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
	"strings"

	"github.com/connect-local/connect-local/internal/storage"
)

// A queue's quick connects (what its agents see to transfer to) and its
// outbound caller ID; quick connect updates and deletes.

// quickConnectIDs resolves IDs or ARNs of existing quick connects to bare
// IDs, dropping repeats.
func (s *RoutingConfig) quickConnectIDs(sc instance.Scope, st *instance.State, ids []string) ([]string, error) {
	out := make([]string, 0, len(ids))
	for _, v := range ids {
		q, err := s.quickConnectOf(sc, st, v)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, q.ID) {
			out = append(out, q.ID)
		}
	}
	return out, nil
}

// AssociateQueueQuickConnects adds quick connects to a queue's list.
func (s *RoutingConfig) AssociateQueueQuickConnects(sc instance.Scope, instanceID, queueID string, ids []string) error {
	return s.updateQueue(sc, instanceID, queueID, func(st *instance.State, q *instance.Queue) error {
		add, err := s.quickConnectIDs(sc, st, ids)
		if err != nil {
			return err
		}
		q.QuickConnectIDs = slices.Clone(q.QuickConnectIDs)
		for _, id := range add {
			if !slices.Contains(q.QuickConnectIDs, id) {
				q.QuickConnectIDs = append(q.QuickConnectIDs, id)
			}
		}
		return nil
	})
}

// DisassociateQueueQuickConnects removes quick connects from a queue's
// list; each must exist (one not on the list is no error).
func (s *RoutingConfig) DisassociateQueueQuickConnects(sc instance.Scope, instanceID, queueID string, ids []string) error {
	return s.updateQueue(sc, instanceID, queueID, func(st *instance.State, q *instance.Queue) error {
		drop, err := s.quickConnectIDs(sc, st, ids)
		if err != nil {
			return err
		}
		q.QuickConnectIDs = slices.DeleteFunc(slices.Clone(q.QuickConnectIDs), func(id string) bool { return slices.Contains(drop, id) })
		return nil
	})
}

// ListQueueQuickConnects pages through the quick connects on a queue's list.
func (s *RoutingConfig) ListQueueQuickConnects(sc instance.Scope, instanceID, queueID string, req instance.PageRequest) (instance.Page[instance.QuickConnect], error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[instance.QuickConnect]{}, err
	}
	defer st.Mu.RUnlock()
	q, err := s.queueOf(sc, st, queueID)
	if err != nil {
		return instance.Page[instance.QuickConnect]{}, err
	}
	var all []instance.QuickConnect
	for _, id := range q.QuickConnectIDs {
		if qc := st.Quick[id]; qc != nil {
			all = append(all, *qc)
		}
	}
	req.Binding = "ListQueueQuickConnects|" + st.ID + "|" + q.ID
	return instance.Paginate(s.core, all, func(q instance.QuickConnect) string { return q.ID }, req)
}

// UpdateQueueOutboundCallerConfig replaces the queue's outbound caller
// settings; the caller ID number must be a phone number claimed to the
// instance and the outbound flow a flow of the instance.
func (s *RoutingConfig) UpdateQueueOutboundCallerConfig(sc instance.Scope, instanceID, queueID string, c instance.OutboundCallerConfig) error {
	return s.updateQueue(sc, instanceID, queueID, func(st *instance.State, q *instance.Queue) error {
		if err := s.checkOutboundCaller(sc, st, &c); err != nil {
			return err
		}
		q.OutboundCaller = &c
		return nil
	})
}

func (s *RoutingConfig) checkOutboundCaller(sc instance.Scope, st *instance.State, c *instance.OutboundCallerConfig) error {
	if c.CallerIDNumberID != "" {
		id, ok := resolvePhoneID(sc, c.CallerIDNumberID)
		if !ok || !s.phoneClaimed(st, id) {
			return instance.NotFound("Phone number not found in this instance: %s", c.CallerIDNumberID)
		}
		c.CallerIDNumberID = id
	}
	if c.OutboundFlowID != "" {
		f, err := s.flowOf(sc, st, c.OutboundFlowID)
		if err != nil {
			return err
		}
		c.OutboundFlowID = f.ID
	}
	return nil
}

// QuickConnectUpdate is what UpdateQuickConnectName and
// UpdateQuickConnectConfig change; nil fields stay.
type QuickConnectUpdate struct {
	Name, Description *string
	// Config, when set, replaces the type and its target.
	Config *instance.QuickConnect
}

// UpdateQuickConnect changes a quick connect's name, description or
// configuration; the new target must exist, as on create.
func (s *RoutingConfig) UpdateQuickConnect(sc instance.Scope, instanceID, id string, u QuickConnectUpdate) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	q, err := s.quickConnectOf(sc, st, id)
	if err != nil {
		return err
	}
	n := *q
	if u.Name == nil && u.Description == nil && u.Config == nil {
		return instance.InvalidParam("Either Name or Description must be provided.")
	}
	if u.Name != nil {
		if err := checkQuickConnectName(st, n.ID, *u.Name); err != nil {
			return err
		}
		n.Name = *u.Name
	}
	if u.Description != nil {
		n.Description = *u.Description
	}
	if c := u.Config; c != nil {
		t := *c
		if err := s.resolveQuickConnectTarget(sc, st, &t); err != nil {
			return err
		}
		n.Type, n.QueueID, n.UserID, n.FlowID, n.PhoneNumber = t.Type, t.QueueID, t.UserID, t.FlowID, t.PhoneNumber
	}
	n.Modified = s.core.Modified(sc)
	return s.core.Commit(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, instance.BucketQuick, instance.ChildKey(st.ID, n.ID), &n)
	},
		func() { st.Quick[n.ID] = &n })
}

// DeleteQuickConnect deletes a quick connect and takes it off every
// queue's list [INF: Connect's documentation names no in-use error].
func (s *RoutingConfig) DeleteQuickConnect(sc instance.Scope, instanceID, id string) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	q, err := s.quickConnectOf(sc, st, id)
	if err != nil {
		return err
	}
	var queues []*instance.Queue
	for _, o := range st.Queues {
		if slices.Contains(o.QuickConnectIDs, q.ID) {
			n := *o
			n.QuickConnectIDs = slices.DeleteFunc(slices.Clone(o.QuickConnectIDs), func(x string) bool { return x == q.ID })
			queues = append(queues, &n)
		}
	}
	return s.core.Commit(st, func(tx storage.Tx) error {
		for _, n := range queues {
			if err := instance.PutJSON(tx, instance.BucketQueues, instance.ChildKey(st.ID, n.ID), n); err != nil {
				return err
			}
		}
		return tx.Delete(instance.BucketQuick, instance.ChildKey(st.ID, q.ID))
	}, func() {
		for _, n := range queues {
			st.Queues[n.ID] = n
		}
		delete(st.Quick, q.ID)
	})
}

// resolvePhoneID turns a phone number's ID or ARN into its ID.
func resolvePhoneID(sc instance.Scope, v string) (string, bool) {
	if !strings.HasPrefix(v, "arn:") {
		return v, true
	}
	a, ok := instance.ParseARN(v)
	rest, isPhone := strings.CutPrefix(a.Resource, "phone-number/")
	return rest, ok && isPhone && a.Scope == sc
}
