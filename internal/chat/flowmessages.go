package chat

// A chat contact's flow speaks in the chat and listens to it
// (docs/flows.md#chat): what the flow says (MessageParticipant, the
// customer queue flow's loop, a prompt of GetParticipantInput) arrives as
// a SYSTEM message, even after the chat opened; what the customer writes
// is handed to the flow, which takes it when it waits for input.

// InputEngine is an Engine that also hears the customer's messages: the
// service answers a flow that waits for chat input with them. The Hub
// calls it outside its lock, after the message is posted.
type InputEngine interface {
	CustomerMessage(r Ref, content string)
}

// FlowMessage posts text the contact's flow said as a SYSTEM message.
// Before the chat is open (StartChatContact still running the flow) the
// text is kept and posted when it opens, after the customer's join. It is
// called under the service's lock, so the transcript record is made on
// another goroutine.
func (h *Hub) FlowMessage(instanceID, contactID, text string) {
	if text == "" {
		return
	}
	h.mu.Lock()
	key := instanceID + "/" + contactID
	c := h.convs[key]
	if c == nil {
		h.noteEarly(key, func(e *early) { e.said = append(e.said, text) })
		h.mu.Unlock()
		return
	}
	if !c.ended.IsZero() || len(c.items) >= h.limits.MaxItems {
		h.mu.Unlock()
		return
	}
	it := h.post(c, &Item{Type: TypeMessage, ContentType: "text/plain", Content: text}, systemParticipant)
	seg, engine, ref := segmentOf(c, it), h.engine, c.ref
	h.mu.Unlock()
	go h.record(engine, ref, []Segment{seg})
}

// systemParticipant posts the flow's messages.
var systemParticipant = &participant{id: "SYSTEM", role: RoleSystem, name: "SYSTEM_MESSAGE"}

// customerSaid hands a customer's text message to the engine's flow.
func (h *Hub) customerSaid(engine Engine, r Ref, role, contentType, content string) {
	ie, ok := engine.(InputEngine)
	if !ok || role != RoleCustomer || contentType != "text/plain" {
		return
	}
	ie.CustomerMessage(r, content)
}
