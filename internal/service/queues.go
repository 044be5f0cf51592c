package service

import (
	"strings"
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
	return queues.create(s, sc, instanceID, func(st *instanceState) (*Queue, error) {
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
		if len(st.Queues) >= s.quotas.QueuesPerInstance {
			return nil, limitExceeded("The instance already has %d queues, the quota.", s.quotas.QueuesPerInstance)
		}
		return &Queue{Name: in.Name, Description: in.Description, HoursOfOperationID: h.ID,
			MaxContacts: in.MaxContacts, Status: "ENABLED", OutboundCaller: in.OutboundCaller,
			QuickConnectIDs: qcs, Tags: cloneTags(in.Tags)}, nil
	})
}

func (s *Service) checkQueueName(st *instanceState, selfID, name string) error {
	for _, q := range st.Queues {
		if q.ID != selfID && strings.EqualFold(q.Name, name) {
			return duplicate("A queue named %s already exists.", name)
		}
	}
	return nil
}

func (s *Service) queueOf(sc Scope, st *instanceState, idOrARN string) (*Queue, error) {
	return queues.of(sc, st, idOrARN)
}

// DescribeQueue returns one queue.
func (s *Service) DescribeQueue(sc Scope, instanceID, queueID string) (*Queue, error) {
	return queues.describe(s, sc, instanceID, queueID)
}

// ListQueues pages through an instance's standard queues.
func (s *Service) ListQueues(sc Scope, instanceID string, types []string, req PageRequest) (Page[Queue], error) {
	wantStandard := len(types) == 0
	for _, t := range types {
		wantStandard = wantStandard || t == "STANDARD"
	}
	return queues.list(s, sc, instanceID, func(id string) string { return "ListQueues|" + id + "|" + strings.Join(types, ",") },
		func(*Queue) bool { return wantStandard }, req)
}

// updateQueue applies change to a copy of the queue and stores it.
func (s *Service) updateQueue(sc Scope, instanceID, queueID string, change func(st *instanceState, q *Queue) error) error {
	return queues.update(s, sc, instanceID, queueID, change)
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
	return queues.remove(s, sc, instanceID, queueID, func(st *instanceState, q *Queue) error {
		for _, p := range st.Profiles {
			if p.DefaultOutboundQueueID == q.ID {
				return inUse("", q.ARN, "Queue %s is the default outbound queue of routing profile %s.", q.Name, p.Name)
			}
			for _, c := range p.QueueConfigs {
				if c.QueueID == q.ID {
					return inUse("", q.ARN, "Queue %s is used by routing profile %s.", q.Name, p.Name)
				}
			}
		}
		return nil
	})
}
