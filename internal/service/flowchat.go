package service

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
)

// A chat contact's flow talks over its chat (docs/flows.md#chat): what the
// flow says goes to the listeners registered with OnFlowMessage (the chat
// hub posts it as a SYSTEM message); the customer's chat messages come back
// through ChatMessage and answer the block that waits for input.

// FlowMessage is one thing a contact's flow said.
type FlowMessage struct {
	InstanceID, ContactID, Channel string
	Text                           string
	// PromptID is the prompt said (MessageParticipant PromptId), "" for text.
	PromptID string
	// Ended: the customer's side ended after its disconnect flow
	// (CustomerRemains was true until now); close the chat. Text is empty.
	Ended bool
}

// sayers is a copy-on-write list of OnFlowMessage listeners.
type sayers struct {
	mu   sync.Mutex
	seq  int
	list atomic.Pointer[[]sayer]
}

type sayer struct {
	id int
	fn func(FlowMessage)
}

// OnFlowMessage registers fn to hear what contacts' flows say; the
// returned function stops it. fn is called under the contact's instance
// lock and must not call the Service.
func (s *Service) OnFlowMessage(fn func(FlowMessage)) (stop func()) {
	o := &s.flowSaid
	o.mu.Lock()
	defer o.mu.Unlock()
	o.seq++
	id := o.seq
	var next []sayer
	if p := o.list.Load(); p != nil {
		next = append(next, *p...)
	}
	next = append(next, sayer{id, fn})
	o.list.Store(&next)
	return func() {
		o.mu.Lock()
		defer o.mu.Unlock()
		var keep []sayer
		for _, x := range *o.list.Load() {
			if x.id != id {
				keep = append(keep, x)
			}
		}
		o.list.Store(&keep)
	}
}

// tellSaid hands what a flow said to the listeners; st.Mu held.
func (s *Service) tellSaid(cf *contactFlow, text, prompt string) {
	p := s.flowSaid.list.Load()
	if p == nil {
		return
	}
	cd := cf.exec().Contact
	_, iid, _ := strings.Cut(cd.InstanceARN, ":instance/")
	m := FlowMessage{InstanceID: iid, ContactID: cd.ContactID, Channel: cd.Channel, Text: text, PromptID: prompt}
	for _, x := range *p {
		x.fn(m)
	}
}

// ChatMessage is a chat customer's text message: it answers the contact's
// flow when it waits for input (GetParticipantInput, a Lex bot, a Wait's
// CustomerReturned), and is otherwise only part of the chat.
func (s *Service) ChatMessage(sc Scope, instanceID, contactID, text string) error {
	err := s.CustomerInput(sc, instanceID, contactID, "", text)
	var e *Error
	if errors.As(err, &e) && e.Kind == KindInvalidRequest {
		return nil // the flow does not wait for the customer
	}
	return err
}

// tellEnded tells the listeners that c's remaining customer is gone; st.Mu
// held.
func (s *Service) tellEnded(instanceID string, c *Contact) {
	if p := s.flowSaid.list.Load(); p != nil {
		for _, x := range *p {
			x.fn(FlowMessage{InstanceID: instanceID, ContactID: c.ID, Channel: c.Channel, Ended: true})
		}
	}
}
