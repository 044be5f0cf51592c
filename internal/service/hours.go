package service

import (
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/storage"
)

// HoursInput is what Create/UpdateHoursOfOperation take; nil fields are left
// unchanged on update.
type HoursInput struct {
	Name        *string
	Description *string
	TimeZone    *string
	Config      []HoursConfig
	Tags        map[string]string
}

func validateHours(in HoursInput) error {
	if in.TimeZone != nil {
		if _, err := time.LoadLocation(*in.TimeZone); err != nil {
			return invalidParam("TimeZone %q is not a valid IANA time zone.", *in.TimeZone)
		}
	}
	return nil
}

// CreateHoursOfOperation creates hours; names are unique per instance.
func (s *Service) CreateHoursOfOperation(sc Scope, instanceID string, in HoursInput) (*HoursOfOperation, error) {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.mu.Unlock()
	if err := validateHours(in); err != nil {
		return nil, err
	}
	for _, h := range st.hours {
		if strings.EqualFold(h.Name, *in.Name) {
			return nil, duplicate("Hours of operation with name %s already exists.", *in.Name)
		}
	}
	h := &HoursOfOperation{ID: s.newID(), Name: *in.Name, TimeZone: *in.TimeZone, Config: in.Config,
		Tags: cloneTags(in.Tags), Modified: s.modified(sc)}
	if in.Description != nil {
		h.Description = *in.Description
	}
	h.ARN = sc.ARN("instance/" + st.ID + "/operating-hours/" + h.ID)
	err = s.commit(st, func(tx storage.Tx) error { return putJSON(tx, bucketHours, childKey(st.ID, h.ID), h) },
		func() { st.hours[h.ID] = h })
	if err != nil {
		return nil, err
	}
	out := *h
	return &out, nil
}

func (s *Service) hoursOf(sc Scope, st *instanceState, idOrARN string) (*HoursOfOperation, error) {
	id, ok := resolveID(sc, st.ID, "operating-hours", idOrARN)
	if h := st.hours[id]; ok && h != nil {
		return h, nil
	}
	return nil, notFound("Hours of operation not found: %s", idOrARN)
}

// DescribeHoursOfOperation returns one hours of operation.
func (s *Service) DescribeHoursOfOperation(sc Scope, instanceID, hoursID string) (*HoursOfOperation, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.mu.RUnlock()
	h, err := s.hoursOf(sc, st, hoursID)
	if err != nil {
		return nil, err
	}
	out := *h
	return &out, nil
}

// ListHoursOfOperations pages through an instance's hours.
func (s *Service) ListHoursOfOperations(sc Scope, instanceID string, req PageRequest) (Page[HoursOfOperation], error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[HoursOfOperation]{}, err
	}
	defer st.mu.RUnlock()
	all := make([]HoursOfOperation, 0, len(st.hours))
	for _, h := range st.hours {
		all = append(all, *h)
	}
	req.Binding = "ListHoursOfOperations|" + st.ID
	return paginate(s, all, func(h HoursOfOperation) string { return h.ID }, req)
}

// UpdateHoursOfOperation changes the fields that are set.
func (s *Service) UpdateHoursOfOperation(sc Scope, instanceID, hoursID string, in HoursInput) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.mu.Unlock()
	h, err := s.hoursOf(sc, st, hoursID)
	if err != nil {
		return err
	}
	if err := validateHours(in); err != nil {
		return err
	}
	n := *h
	if in.Name != nil {
		for _, o := range st.hours {
			if o.ID != h.ID && strings.EqualFold(o.Name, *in.Name) {
				return duplicate("Hours of operation with name %s already exists.", *in.Name)
			}
		}
		n.Name = *in.Name
	}
	if in.Description != nil {
		n.Description = *in.Description
	}
	if in.TimeZone != nil {
		n.TimeZone = *in.TimeZone
	}
	if in.Config != nil {
		n.Config = in.Config
	}
	n.Modified = s.modified(sc)
	return s.commit(st, func(tx storage.Tx) error { return putJSON(tx, bucketHours, childKey(st.ID, n.ID), &n) },
		func() { st.hours[n.ID] = &n })
}

// DeleteHoursOfOperation deletes hours no queue uses.
func (s *Service) DeleteHoursOfOperation(sc Scope, instanceID, hoursID string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.mu.Unlock()
	h, err := s.hoursOf(sc, st, hoursID)
	if err != nil {
		return err
	}
	for _, q := range st.queues {
		if q.HoursOfOperationID == h.ID {
			return inUse("", h.ARN, "Hours of operation %s is used by queue %s.", h.Name, q.Name)
		}
	}
	return s.commit(st, func(tx storage.Tx) error { return tx.Delete(bucketHours, childKey(st.ID, h.ID)) },
		func() { delete(st.hours, h.ID) })
}
