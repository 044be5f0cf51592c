package routingconfig

import (
	"github.com/connect-local/connect-local/internal/instance"
	"strings"
)

// QueueInput is what CreateQueue takes.
type QueueInput struct {
	Name               string
	Description        string
	HoursOfOperationID string
	MaxContacts        *int64
	OutboundCaller     *instance.OutboundCallerConfig
	QuickConnectIDs    []string
	Tags               map[string]string
}

// CreateQueue creates a standard queue; its hours must exist.
func (s *RoutingConfig) CreateQueue(sc instance.Scope, instanceID string, in QueueInput) (*instance.Queue, error) {
	return queues.Create(s.core, sc, instanceID, func(st *instance.State) (*instance.Queue, error) {
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
			return nil, instance.LimitExceeded("The instance already has %d queues, the quota.", s.quotas.QueuesPerInstance)
		}
		return &instance.Queue{Name: in.Name, Description: in.Description, HoursOfOperationID: h.ID,
			MaxContacts: in.MaxContacts, Status: "ENABLED", OutboundCaller: in.OutboundCaller,
			QuickConnectIDs: qcs, Tags: instance.CloneTags(in.Tags)}, nil
	})
}

func (s *RoutingConfig) checkQueueName(st *instance.State, selfID, name string) error {
	for _, q := range st.Queues {
		if q.ID != selfID && strings.EqualFold(q.Name, name) {
			return instance.Duplicate("A queue named %s already exists.", name)
		}
	}
	return nil
}

func (s *RoutingConfig) queueOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.Queue, error) {
	return queues.Of(sc, st, idOrARN)
}

// DescribeQueue returns one queue.
func (s *RoutingConfig) DescribeQueue(sc instance.Scope, instanceID, queueID string) (*instance.Queue, error) {
	return queues.Describe(s.core, sc, instanceID, queueID)
}

// ListQueues pages through an instance's standard queues.
func (s *RoutingConfig) ListQueues(sc instance.Scope, instanceID string, types []string, req instance.PageRequest) (instance.Page[instance.Queue], error) {
	wantStandard := len(types) == 0
	for _, t := range types {
		wantStandard = wantStandard || t == "STANDARD"
	}
	return queues.List(s.core, sc, instanceID, func(id string) string { return "ListQueues|" + id + "|" + strings.Join(types, ",") },
		func(*instance.Queue) bool { return wantStandard }, req)
}

// updateQueue applies change to a copy of the queue and stores it.
func (s *RoutingConfig) updateQueue(sc instance.Scope, instanceID, queueID string, change func(st *instance.State, q *instance.Queue) error) error {
	return queues.Update(s.core, sc, instanceID, queueID, change)
}

// UpdateQueueStatus enables or disables a queue.
func (s *RoutingConfig) UpdateQueueStatus(sc instance.Scope, instanceID, queueID, status string) error {
	return s.updateQueue(sc, instanceID, queueID, func(_ *instance.State, q *instance.Queue) error { q.Status = status; return nil })
}

// UpdateQueueMaxContacts sets (or, with nil, clears) the queue's cap.
func (s *RoutingConfig) UpdateQueueMaxContacts(sc instance.Scope, instanceID, queueID string, max *int64) error {
	return s.updateQueue(sc, instanceID, queueID, func(_ *instance.State, q *instance.Queue) error { q.MaxContacts = max; return nil })
}

// UpdateQueueName changes the name and/or description.
func (s *RoutingConfig) UpdateQueueName(sc instance.Scope, instanceID, queueID string, name, description *string) error {
	return s.updateQueue(sc, instanceID, queueID, func(st *instance.State, q *instance.Queue) error {
		if name == nil && description == nil {
			return instance.InvalidParam("Either Name or Description must be provided.")
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
func (s *RoutingConfig) UpdateQueueHoursOfOperation(sc instance.Scope, instanceID, queueID, hoursID string) error {
	return s.updateQueue(sc, instanceID, queueID, func(st *instance.State, q *instance.Queue) error {
		h, err := s.hoursOf(sc, st, hoursID)
		if err != nil {
			return err
		}
		q.HoursOfOperationID = h.ID
		return nil
	})
}

// DeleteQueue deletes a queue that no routing profile uses.
func (s *RoutingConfig) DeleteQueue(sc instance.Scope, instanceID, queueID string) error {
	return queues.Remove(s.core, sc, instanceID, queueID, func(st *instance.State, q *instance.Queue) error {
		for _, p := range st.Profiles {
			if p.DefaultOutboundQueueID == q.ID {
				return instance.InUse("", q.ARN, "Queue %s is the default outbound queue of routing profile %s.", q.Name, p.Name)
			}
			for _, c := range p.QueueConfigs {
				if c.QueueID == q.ID {
					return instance.InUse("", q.ARN, "Queue %s is used by routing profile %s.", q.Name, p.Name)
				}
			}
		}
		return nil
	})
}
