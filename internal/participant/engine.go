package participant

import (
	"log/slog"
	"unicode/utf8"

	"github.com/connect-local/connect-local/internal/chat"
	"github.com/connect-local/connect-local/internal/service"
)

// Bind connects hub and svc both ways: svc's events tell hub when an
// agent connects to a chat and when a chat contact ends, and hub ends
// contacts and records messages through svc's public methods. The
// returned function stops the events.
func Bind(svc *service.Service, hub *chat.Hub) (stop func()) {
	hub.SetEngine(engine{svc})
	stopSaid := svc.OnFlowMessage(func(m service.FlowMessage) {
		switch {
		case m.Channel != "CHAT":
		case m.Ended:
			hub.Ended(m.InstanceID, m.ContactID)
		default:
			hub.FlowMessage(m.InstanceID, m.ContactID, m.Text)
		}
	})
	stopEvents := svc.Observe(func(ev service.Event) {
		if ev.Channel != "CHAT" {
			return
		}
		// Under the service's lock: the Hub calls nothing back.
		switch ev.Type {
		case service.EvConnected:
			hub.AgentConnected(ev.InstanceID, ev.ContactID, ev.AgentID)
		case service.EvDisconnected:
			// An agent who leaves first may leave the customer in the
			// contact's disconnect flow: the chat stays open until it
			// ends (a FlowMessage with Ended).
			if !svc.CustomerRemains(ev.InstanceID, ev.ContactID) {
				hub.Ended(ev.InstanceID, ev.ContactID)
			}
		}
	})
	return func() { stopEvents(); stopSaid() }
}

// engine is chat.Engine over the service's public methods.
type engine struct{ svc *service.Service }

func scope(r chat.Ref) service.Scope { return service.Scope{Account: r.Account, Region: r.Region} }

func (e engine) CustomerLeft(r chat.Ref) error {
	return e.svc.EndCustomer(scope(r), r.InstanceID, r.ContactID)
}

func (e engine) AgentLeft(r chat.Ref, userID string) error {
	return e.svc.AgentAction(scope(r), r.InstanceID, userID, r.ContactID, service.ActHangUp)
}

// CustomerMessage answers the contact's flow when it waits for the
// customer (docs/flows.md#chat).
func (e engine) CustomerMessage(r chat.Ref, content string) {
	if err := e.svc.ChatMessage(scope(r), r.InstanceID, r.ContactID, content); err != nil {
		slog.Default().Warn("chat message not given to the contact's flow", "contact", r.ContactID, "error", err)
	}
}

func (e engine) Expire(r chat.Ref) error {
	return e.svc.StopContact(scope(r), r.InstanceID, r.ContactID, "EXPIRED")
}

// Record feeds a message to the contact's transcript, which SearchContacts
// searches once the contact is complete (docs/search.md#criteria).
func (e engine) Record(r chat.Ref, s chat.Segment) error {
	content := s.Content
	if utf8.RuneCountInString(content) > service.MaxSegmentChars {
		content = string([]rune(content)[:service.MaxSegmentChars])
	}
	_, err := e.svc.AddTranscript(scope(r), r.InstanceID, r.ContactID, []service.TranscriptSegment{{
		ParticipantID: s.ParticipantID, ParticipantRole: s.Role, Content: content,
		BeginOffsetMillis: s.BeginOffsetMillis, EndOffsetMillis: s.BeginOffsetMillis}}, false)
	return err
}
