package service

import (
	"github.com/connect-local/connect-local/internal/flowres"
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/storage"
	"strings"
	"time"
)

// HoursInput is what Create/UpdateHoursOfOperation take; nil fields are left
// unchanged on update.
type HoursInput struct {
	Name        *string
	Description *string
	TimeZone    *string
	Config      []HoursConfig
	Tags        map[string]string
	Parents     []string // on create only: ParentHoursOfOperationConfigs
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
	var parents flowres.NewHoursParents
	return hoursFamily.createWith(s, sc, instanceID, func(st *instanceState) (*HoursOfOperation, error) {
		if err := validateHours(in); err != nil {
			return nil, err
		}
		if err := checkHoursName(st, "", *in.Name); err != nil {
			return nil, err
		}
		var err error
		if parents, err = s.CheckNewHoursParents(sc, st.State, in.Parents); err != nil {
			return nil, err
		}
		h := &HoursOfOperation{Name: *in.Name, TimeZone: *in.TimeZone, Config: in.Config, Tags: cloneTags(in.Tags)}
		if in.Description != nil {
			h.Description = *in.Description
		}
		return h, nil
	}, func(st *instance.State, h *HoursOfOperation) (func(storage.Tx) error, func()) {
		return parents.Links(st, h.ID, h.Modified)
	})
}

func checkHoursName(st *instanceState, selfID, name string) error {
	for _, h := range st.Hours {
		if h.ID != selfID && strings.EqualFold(h.Name, name) {
			return duplicate("Hours of operation with name %s already exists.", name)
		}
	}
	return nil
}

func (s *Service) hoursOf(sc Scope, st *instanceState, idOrARN string) (*HoursOfOperation, error) {
	return hoursFamily.of(sc, st, idOrARN)
}

// DescribeHoursOfOperation returns one hours of operation.
func (s *Service) DescribeHoursOfOperation(sc Scope, instanceID, hoursID string) (*HoursOfOperation, error) {
	return s.DescribeHours(sc, instanceID, hoursID)
}

// ListHoursOfOperations pages through an instance's hours.
func (s *Service) ListHoursOfOperations(sc Scope, instanceID string, req PageRequest) (Page[HoursOfOperation], error) {
	return hoursFamily.list(s, sc, instanceID, func(id string) string { return "ListHoursOfOperations|" + id }, nil, req)
}

// UpdateHoursOfOperation changes the fields that are set.
func (s *Service) UpdateHoursOfOperation(sc Scope, instanceID, hoursID string, in HoursInput) error {
	return hoursFamily.update(s, sc, instanceID, hoursID, func(st *instanceState, n *HoursOfOperation) error {
		if err := validateHours(in); err != nil {
			return err
		}
		if in.Name != nil {
			if err := checkHoursName(st, n.ID, *in.Name); err != nil {
				return err
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
		return nil
	})
}

// DeleteHoursOfOperation deletes hours no queue uses.
func (s *Service) DeleteHoursOfOperation(sc Scope, instanceID, hoursID string) error {
	return hoursFamily.remove(s, sc, instanceID, hoursID, func(st *instanceState, h *HoursOfOperation) error {
		for _, q := range st.Queues {
			if q.HoursOfOperationID == h.ID {
				return inUse("", h.ARN, "Hours of operation %s is used by queue %s.", h.Name, q.Name)
			}
		}
		if name, ok := flowres.HoursOverridden(st.State, h.ID); ok {
			return inUse("", h.ARN, "Hours of operation %s has the override %s.", h.Name, name)
		}
		if what, ok := flowres.HoursLinked(st.State, h.ID); ok {
			return inUse("", h.ARN, "Hours of operation %s is linked to %s.", h.Name, what)
		}
		return nil
	})
}
