package service

import "github.com/connect-local/connect-local/internal/engine"

// Contact recording (docs/provisioning.md#contact-recording): Start, Stop, Suspend and
// Resume move the state of the contact's voice recording, which is kept
// on the contact (engine.Contact.Recording) and survives a restart.
// DescribeContact shows the recording in Recordings (AVAILABLE, with its
// start and, once stopped, its stop time); connect-local records no
// audio. Only voice contacts that are not ended can be recorded
// (InvalidRequestException otherwise); suspending a recording that is
// not ACTIVE, or resuming one that is not SUSPENDED, is
// InvalidRequestException [INF].

// RecordingState returns the contact's recording, nil when none started.
func (s *Service) RecordingState(sc Scope, instanceID, contactID string) (*engine.Recording, error) {
	var out *engine.Recording
	err := s.readContact(sc, instanceID, contactID, func(_ *instanceState, c *Contact) {
		if c.Extra().Recording != nil {
			r := *c.Extra().Recording
			out = &r
		}
	})
	return out, err
}

// ChangeRecording applies action (start, stop, suspend, resume) to the
// recording of a contact; initialID must be the contact's initial
// contact (or the contact itself).
func (s *Service) ChangeRecording(sc Scope, instanceID, contactID, initialID, action, track string) error {
	return s.withContact(sc, instanceID, contactID, func(st *instanceState, c *Contact) error {
		if initialID != c.ID && initialID != c.InitialContactID {
			return invalidRequest("InitialContactId %s is not the initial contact of %s.", initialID, c.ID)
		}
		if c.Channel != "VOICE" {
			return invalidRequest("Contact %s is a %s contact; only voice contacts are recorded.", c.ID, c.Channel)
		}
		if !c.DisconnectTimestamp.IsZero() {
			return invalidRequest("Contact %s has ended.", c.ID)
		}
		now := s.clock.Now()
		var n engine.Recording
		if c.Extra().Recording != nil {
			n = *c.Extra().Recording
		}
		switch {
		case action == "start" && (c.Extra().Recording == nil || n.Status == "STOPPED"):
			n = engine.Recording{Status: "ACTIVE", Track: track, Start: now}
		case action == "start":
			return invalidRequest("The recording of contact %s is already %s.", c.ID, n.Status)
		case c.Extra().Recording == nil:
			return invalidRequest("Contact %s is not being recorded.", c.ID)
		case action == "stop" && n.Status != "STOPPED":
			n.Status, n.Stop = "STOPPED", now
		case action == "suspend" && n.Status == "ACTIVE":
			n.Status = "SUSPENDED"
		case action == "resume" && n.Status == "SUSPENDED":
			n.Status = "ACTIVE"
		default:
			return invalidRequest("Cannot %s a recording that is %s.", action, n.Status)
		}
		c.EditExtra().Recording = &n
		st.Eng.Touch(c, false)
		return nil
	})
}

// ContactReferences pages through a contact's references of the given
// types, by name.
func (s *Service) ContactReferences(sc Scope, instanceID, contactID string, types []string, req PageRequest) (Page[NamedRef], error) {
	var all []NamedRef
	var id string
	err := s.readContact(sc, instanceID, contactID, func(st *instanceState, c *Contact) {
		id = st.ID + "|" + c.ID
		for name, r := range c.Extra().References {
			for _, t := range types {
				if r.Type == t {
					all = append(all, NamedRef{Name: name, Ref: r})
				}
			}
		}
	})
	if err != nil {
		return Page[NamedRef]{}, err
	}
	req.Binding = "ListContactReferences|" + id
	return paginate(s, all, func(r NamedRef) string { return r.Name }, req)
}

// NamedRef is a contact reference with its name.
type NamedRef struct {
	Name string
	Ref
}
