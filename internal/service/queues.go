package service

import (
	"strings"

	"github.com/connect-local/connect-local/internal/storage"
)

// QueueInput is what CreateQueue takes.
type QueueInput struct {
	Name               string
	Description        string
	HoursOfOperationID string
	MaxContacts        *int64
	OutboundCaller     *OutboundCallerConfig
	QuickConnectIDs    []string
	Tags               map[string]string
}

// CreateQueue creates a standard queue; its hours must exist.
func (s *Service) CreateQueue(sc Scope, instanceID string, in QueueInput) (*Queue, error) {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	h, err := s.hoursOf(sc, st, in.HoursOfOperationID)
	if err != nil {
		return nil, err
	}
	if err := s.checkQueueName(st, "", in.Name); err != nil {
		return nil, err
	}
	qcs, err := s.quickConnectIDs(sc, st, in.QuickConnectIDs)
	if err != nil {
		return nil, err
	}
	if in.OutboundCaller != nil {
		if err := s.checkOutboundCaller(sc, st, in.OutboundCaller); err != nil {
			return nil, err
		}
	}
	if len(st.queues) >= s.quotas.QueuesPerInstance {
		return nil, limitExceeded("The instance already has %d queues, the quota.", s.quotas.QueuesPerInstance)
	}
	q := &Queue{ID: s.newID(), Name: in.Name, Description: in.Description, HoursOfOperationID: h.ID,
		MaxContacts: in.MaxContacts, Status: "ENABLED", OutboundCaller: in.OutboundCaller,
		QuickConnectIDs: qcs, Tags: cloneTags(in.Tags), Modified: s.modified(sc)}
	q.ARN = sc.ARN("instance/" + st.ID + "/queue/" + q.ID)
	err = s.commit(st, func(tx storage.Tx) error { return putJSON(tx, bucketQueues, childKey(st.ID, q.ID), q) },
		func() { st.queues[q.ID] = q })
	if err != nil {
		return nil, err
	}
	out := *q
	return &out, nil
}

func (s *Service) checkQueueName(st *instanceState, selfID, name string) error {
	for _, q := range st.queues {
		if q.ID != selfID && strings.EqualFold(q.Name, name) {
			return duplicate("A queue named %s already exists.", name)
		}
	}
	return nil
}

func (s *Service) queueOf(sc Scope, st *instanceState, idOrARN string) (*Queue, error) {
	id, ok := resolveID(sc, st.ID, "queue", idOrARN)
	if q := st.queues[id]; ok && q != nil {
		return q, nil
	}
	return nil, notFound("Queue not found: %s", idOrARN)
}

// DescribeQueue returns one queue.
func (s *Service) DescribeQueue(sc Scope, instanceID, queueID string) (*Queue, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.mu.RUnlock()
	q, err := s.queueOf(sc, st, queueID)
	if err != nil {
		return nil, err
	}
	out := *q
	return &out, nil
}

// ListQueues pages through an instance's standard queues.
func (s *Service) ListQueues(sc Scope, instanceID string, types []string, req PageRequest) (Page[Queue], error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[Queue]{}, err
	}
	defer st.mu.RUnlock()
	wantStandard := len(types) == 0
	for _, t := range types {
		wantStandard = wantStandard || t == "STANDARD"
	}
	var all []Queue
	if wantStandard {
		for _, q := range st.queues {
			all = append(all, *q)
		}
	}
	req.Binding = "ListQueues|" + st.ID + "|" + strings.Join(types, ",")
	return paginate(s, all, func(q Queue) string { return q.ID }, req)
}

// updateQueue applies change to a copy of the queue and stores it.
func (s *Service) updateQueue(sc Scope, instanceID, queueID string, change func(st *instanceState, q *Queue) error) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.mu.Unlock()
	q, err := s.queueOf(sc, st, queueID)
	if err != nil {
		return err
	}
	n := *q
	if err := change(st, &n); err != nil {
		return err
	}
	n.Modified = s.modified(sc)
	return s.commit(st, func(tx storage.Tx) error { return putJSON(tx, bucketQueues, childKey(st.ID, n.ID), &n) },
		func() { st.queues[n.ID] = &n })
}

// UpdateQueueStatus enables or disables a queue.
func (s *Service) UpdateQueueStatus(sc Scope, instanceID, queueID, status string) error {
	return s.updateQueue(sc, instanceID, queueID, func(_ *instanceState, q *Queue) error { q.Status = status; return nil })
}

// UpdateQueueMaxContacts sets (or, with nil, clears) the queue's cap.
func (s *Service) UpdateQueueMaxContacts(sc Scope, instanceID, queueID string, max *int64) error {
	return s.updateQueue(sc, instanceID, queueID, func(_ *instanceState, q *Queue) error { q.MaxContacts = max; return nil })
}

// UpdateQueueName changes the name and/or description.
func (s *Service) UpdateQueueName(sc Scope, instanceID, queueID string, name, description *string) error {
	return s.updateQueue(sc, instanceID, queueID, func(st *instanceState, q *Queue) error {
		if name == nil && description == nil {
			return invalidParam("Either Name or Description must be provided.")
		}
		if name != nil {
			if err := s.checkQueueName(st, q.ID, *name); err != nil {
				return err
			}
			q.Name = *name
		}
		if description != nil {
			q.Description = *description
		}
		return nil
	})
}

// UpdateQueueHoursOfOperation points the queue at other (existing) hours.
func (s *Service) UpdateQueueHoursOfOperation(sc Scope, instanceID, queueID, hoursID string) error {
	return s.updateQueue(sc, instanceID, queueID, func(st *instanceState, q *Queue) error {
		h, err := s.hoursOf(sc, st, hoursID)
		if err != nil {
			return err
		}
		q.HoursOfOperationID = h.ID
		return nil
	})
}

// DeleteQueue deletes a queue that no routing profile uses.
func (s *Service) DeleteQueue(sc Scope, instanceID, queueID string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.mu.Unlock()
	q, err := s.queueOf(sc, st, queueID)
	if err != nil {
		return err
	}
	for _, p := range st.profiles {
		if p.DefaultOutboundQueueID == q.ID {
			return inUse("", q.ARN, "Queue %s is the default outbound queue of routing profile %s.", q.Name, p.Name)
		}
		for _, c := range p.QueueConfigs {
			if c.QueueID == q.ID {
				return inUse("", q.ARN, "Queue %s is used by routing profile %s.", q.Name, p.Name)
			}
		}
	}
	return s.commit(st, func(tx storage.Tx) error { return tx.Delete(bucketQueues, childKey(st.ID, q.ID)) },
		func() { delete(st.queues, q.ID) })
}
