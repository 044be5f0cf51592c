package service

import (
	"maps"

	"github.com/connect-local/connect-local/internal/engine"
)

// Contact tags and task pauses (docs/provisioning.md#contact-tags-and-pauses).
//
// TagContact and UntagContact change the tags DescribeContact returns and
// SearchContacts' ContactTags criterion matches. The system tag
// aws:connect:instanceId stays: keys starting with "aws:" cannot be set or
// removed (the model's key pattern says the same).
//
// PauseContact and ResumeContact record the pause on the contact, as the
// API reference documents for tasks: LastPausedTimestamp,
// LastResumedTimestamp, TotalPauseCount and TotalPauseDurationInSeconds in
// DescribeContact. Decisions [INF]: only TASK contacts pause (a voice,
// chat or email contact is InvalidRequestException, as the Resume contact
// block sends them down its Error branch); an ended contact is
// InvalidRequestException; pausing a paused task or resuming one that is
// not paused is a conflict. A pause does not free the agent's slot or take
// the task out of its queue in connect-local: the routing engine does not
// know pauses (docs/routing.md).

// TagContact adds or replaces tags on a contact.
func (s *Service) TagContact(sc Scope, instanceID, contactID string, tags map[string]string) error {
	if err := validateTags(tags); err != nil {
		return err
	}
	return s.withContact(sc, instanceID, contactID, func(st *instanceState, c *Contact) error {
		merged := make(map[string]string, len(c.Tags)+len(tags))
		maps.Copy(merged, c.Tags)
		maps.Copy(merged, tags)
		if len(merged) > QuotaTagsPerResource {
			return invalidParam("A contact can have at most %d tags; this request would give it %d.", QuotaTagsPerResource, len(merged))
		}
		c.Tags = merged // replaced, never changed in place: the default map is shared
		st.Eng.Touch(c, false)
		return nil
	})
}

// UntagContact removes tag keys from a contact; absent keys are ignored.
func (s *Service) UntagContact(sc Scope, instanceID, contactID string, keys []string) error {
	if err := validateTagKeys(keys); err != nil {
		return err
	}
	return s.withContact(sc, instanceID, contactID, func(st *instanceState, c *Contact) error {
		left := maps.Clone(c.Tags)
		for _, k := range keys {
			delete(left, k)
		}
		c.Tags = left
		st.Eng.Touch(c, false)
		return nil
	})
}

// PauseContact pauses a task (pause=true) or resumes it; flowID, when
// given, must name a flow of the instance. A refusal of the contact's
// state is KindConflict (the handler answers ConflictException, which
// these two operations model instead of ResourceConflictException).
func (s *Service) PauseContact(sc Scope, instanceID, contactID, flowID string, pause bool) error {
	return s.withContact(sc, instanceID, contactID, func(st *instanceState, c *Contact) error {
		if flowID != "" {
			if _, err := flows.of(sc, st, flowID); err != nil {
				return err
			}
		}
		if c.Channel != "TASK" {
			return invalidRequest("Contact %s is a %s contact; only tasks can be paused and resumed.", c.ID, c.Channel)
		}
		if !c.DisconnectTimestamp.IsZero() || c.State == StateEnded || c.State == StateCompleted {
			return invalidRequest("Contact %s has ended.", c.ID)
		}
		var p engine.Pause
		if c.Extra().Pause != nil {
			p = *c.Extra().Pause
		}
		now := s.clock.Now()
		switch {
		case pause && p.Paused:
			return &Error{Kind: KindConflict, Message: "Contact " + c.ID + " is already paused."}
		case !pause && !p.Paused:
			return &Error{Kind: KindConflict, Message: "Contact " + c.ID + " is not paused."}
		case pause:
			p.Paused, p.LastPaused = true, now
			p.Count++
		default:
			p.Paused, p.LastResume = false, now
			p.Total += now.Sub(p.LastPaused)
		}
		c.EditExtra().Pause = &p
		st.Eng.Touch(c, false)
		return nil
	})
}
