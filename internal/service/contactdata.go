package service

import (
	"time"

	"github.com/connect-local/connect-local/internal/provisioning"
)

// MaxAttributeBytes is the size limit of a contact's user-defined
// attributes (docs/routing.md#contacts-segments-and-connection-states: 32 KB).
const MaxAttributeBytes = 32 * 1024

// UpdateContactAttributes merges attributes into the contact's; an empty
// value is stored as given, as Connect does.
func (s *Service) UpdateContactAttributes(sc Scope, instanceID, contactID string, attrs map[string]string) error {
	return s.withContact(sc, instanceID, contactID, func(st *instanceState, c *Contact) error {
		merged := copyAttrs(c.Attributes)
		if merged == nil {
			merged = map[string]string{}
		}
		size := 0
		for k, v := range attrs {
			merged[k] = v
		}
		for k, v := range merged {
			size += len(k) + len(v)
		}
		if size > MaxAttributeBytes {
			return invalidParam("Contact attributes would total %d bytes; the limit is %d.", size, MaxAttributeBytes)
		}
		c.Attributes = merged
		st.Eng.Touch(c, true)
		return nil
	})
}

// GetContactAttributes returns the contact's attributes.
func (s *Service) GetContactAttributes(sc Scope, instanceID, contactID string) (map[string]string, error) {
	out := map[string]string{}
	err := s.readContact(sc, instanceID, contactID, func(_ *instanceState, c *Contact) {
		for k, v := range c.Attributes {
			out[k] = v
		}
	})
	return out, err
}

// ContactUpdate is UpdateContact's input; nil fields stay unchanged.
type ContactUpdate struct {
	Name        *string
	Description *string
	References  map[string]Ref
}

// UpdateContact changes a contact's name, description or references.
func (s *Service) UpdateContact(sc Scope, instanceID, contactID string, in ContactUpdate) error {
	return s.withContact(sc, instanceID, contactID, func(st *instanceState, c *Contact) error {
		if t := provisioning.TaskTemplates(st.State)[c.Extra().TaskTemplateID]; t != nil {
			if err := checkTaskUpdate(t, c, in); err != nil {
				return err
			}
		}
		if in.Name != nil {
			c.Name = *in.Name
		}
		if in.Description != nil {
			c.EditExtra().Description = *in.Description
		}
		if in.References != nil {
			x := c.EditExtra()
			if x.References == nil {
				x.References = map[string]Ref{}
			}
			for k, r := range in.References {
				x.References[k] = r
			}
		}
		st.Eng.Touch(c, true)
		return nil
	})
}

// UpdateContactSchedule moves a scheduled task to another time.
func (s *Service) UpdateContactSchedule(sc Scope, instanceID, contactID string, at time.Time) error {
	return s.withContact(sc, instanceID, contactID, func(st *instanceState, c *Contact) error {
		if c.State != StateScheduled {
			return invalidRequest("Contact %s is not a scheduled task waiting to start.", c.ID)
		}
		now := s.clock.Now()
		if at.Before(now) || at.After(now.Add(MaxScheduleAhead)) {
			return invalidParam("ScheduledTime must be in the future and at most 6 days ahead.")
		}
		st.Eng.Reschedule(c, at)
		return nil
	})
}
