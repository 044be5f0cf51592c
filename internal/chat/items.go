package chat

import (
	"encoding/json"
	"slices"
	"time"
	"unicode/utf8"
)

// Item is one transcript item, with the participant service's member
// names (the WebSocket pushes it as the JSON string in a frame's content).
type Item struct {
	ID               string          `json:"Id"`
	Time             time.Time       `json:"-"`
	AbsoluteTime     string          `json:"AbsoluteTime"`
	Type             string          `json:"Type"`
	ContentType      string          `json:"ContentType"`
	Content          string          `json:"Content,omitempty"`
	ParticipantID    string          `json:"ParticipantId,omitempty"`
	DisplayName      string          `json:"DisplayName,omitempty"`
	Role             string          `json:"ParticipantRole,omitempty"`
	ContactID        string          `json:"ContactId"`
	InitialContactID string          `json:"InitialContactId"`
	Attachments      []AttachmentRef `json:"Attachments,omitempty"`
	Metadata         *Metadata       `json:"MessageMetadata,omitempty"`
}

// AttachmentRef is an attachment as an item lists it.
type AttachmentRef struct {
	ContentType    string `json:"ContentType"`
	AttachmentID   string `json:"AttachmentId"`
	AttachmentName string `json:"AttachmentName"`
	Status         string `json:"Status"`
}

// Metadata is a message's receipts, or the message a receipt event is about.
type Metadata struct {
	MessageID string    `json:"MessageId"`
	Receipts  []Receipt `json:"Receipts,omitempty"`
}

// Receipt says when a participant got and read a message.
type Receipt struct {
	DeliveredTimestamp string `json:"DeliveredTimestamp,omitempty"`
	ReadTimestamp      string `json:"ReadTimestamp,omitempty"`
	RecipientID        string `json:"RecipientParticipantId"`
}

// Instant formats a time as the participant service does: ISO 8601 in
// UTC with milliseconds.
func Instant(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func (it *Item) clone() Item {
	out := *it
	out.AbsoluteTime = Instant(it.Time)
	out.Attachments = slices.Clone(it.Attachments)
	if it.Metadata != nil {
		m := *it.Metadata
		m.Receipts = slices.Clone(m.Receipts)
		out.Metadata = &m
	}
	return out
}

// JSON is the item as a WebSocket frame's content carries it.
func (it *Item) JSON() string {
	c := it.clone()
	b, _ := json.Marshal(c)
	return string(b)
}

// Message content types a participant may send, and their length limits
// (characters), as the participant service documents them.
var messageTypes = map[string]int{
	"text/plain":       1024,
	"text/markdown":    1024,
	"application/json": 12000,
	"application/vnd.amazonaws.connect.message.interactive":          16384,
	"application/vnd.amazonaws.connect.message.interactive.response": 12288,
}

// Session is a participant's authenticated view of its chat.
type Session struct {
	h    *Hub
	conv *conversation
	p    *participant
}

// ParticipantID is the session's participant.
func (s Session) ParticipantID() string { return s.p.id }

// Ref is the session's contact.
func (s Session) Ref() Ref { return s.conv.ref }

// Use says what a token is used for: only reading the transcript outlives
// the participant's stay.
type Use int

const (
	UseActive     Use = iota // every call but GetTranscript
	UseTranscript            // GetTranscript: allowed after the participant left
)

// Authenticate resolves a ConnectionToken. A token is refused when it is
// unknown or expired, and for UseActive when its participant left.
func (h *Hub) Authenticate(token string, use Use) (Session, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.authenticate(token, use)
}

func (h *Hub) authenticate(token string, use Use) (Session, error) {
	t, ok := h.tokens[token]
	if !ok || t.kind != connectionToken || h.clock.Now().After(t.p.connExpiry) {
		return Session{}, ErrAccessDenied
	}
	if use == UseActive && (t.p.left || !t.conv.ended.IsZero()) {
		return Session{}, ErrAccessDenied
	}
	return Session{h: h, conv: t.conv, p: t.p}, nil
}

// Connection is what CreateParticipantConnection answers.
type Connection struct {
	Session
	ConnectionToken string
	Expiry          time.Time
	// Ticket authenticates the WebSocket URL.
	Ticket string
}

// Connect exchanges a ParticipantToken for the participant's connection:
// the same ConnectionToken on every call (a reconnect), its expiry moved
// on. ack records the CONNECTION_ACK (ConnectParticipant).
func (h *Hub) Connect(partToken string, ack bool) (Connection, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	t, ok := h.tokens[partToken]
	if !ok || t.kind != participantToken || t.p.left || !t.conv.ended.IsZero() {
		return Connection{}, ErrAccessDenied
	}
	p := t.p
	now := h.clock.Now()
	if p.connToken == "" {
		p.connToken, p.ticket = newToken(), newToken()
		h.tokens[p.connToken] = tokenRef{kind: connectionToken, conv: t.conv, p: p}
		h.tokens[p.ticket] = tokenRef{kind: socketTicket, conv: t.conv, p: p}
	}
	p.connExpiry = now.Add(h.limits.TokenLifetime)
	if ack {
		h.post(t.conv, &Item{Type: TypeAck, ContentType: CTAck}, p)
	}
	return Connection{Session: Session{h: h, conv: t.conv, p: p}, ConnectionToken: p.connToken, Expiry: p.connExpiry, Ticket: p.ticket}, nil
}

// Sent is what SendMessage and SendEvent answer.
type Sent struct {
	ID   string
	Time time.Time
}

// SendMessage posts a message. clientToken makes a retry answer the first
// message instead of posting another.
func (h *Hub) SendMessage(token, contentType, content, clientToken string) (Sent, error) {
	h.mu.Lock()
	s, err := h.authenticate(token, UseActive)
	if err != nil {
		h.mu.Unlock()
		return Sent{}, err
	}
	c := s.conv
	max, known := messageTypes[contentType]
	if !known {
		h.mu.Unlock()
		return Sent{}, refuse(KindValidation, "ContentType %q is not a message content type: use text/plain, text/markdown, application/json or an interactive message type.", contentType)
	}
	if contentType != "text/plain" && !slices.Contains(c.contentTypes, contentType) && contentType != "application/vnd.amazonaws.connect.message.interactive.response" {
		h.mu.Unlock()
		return Sent{}, refuse(KindValidation, "ContentType %s is not among this chat's SupportedMessagingContentTypes %v.", contentType, c.contentTypes)
	}
	if n := utf8.RuneCountInString(content); n > max {
		h.mu.Unlock()
		return Sent{}, refuse(KindValidation, "Content of type %s may have at most %d characters; it has %d.", contentType, max, n)
	}
	if contentType == "application/json" || contentType == "application/vnd.amazonaws.connect.message.interactive" || contentType == "application/vnd.amazonaws.connect.message.interactive.response" {
		if !json.Valid([]byte(content)) {
			h.mu.Unlock()
			return Sent{}, refuse(KindValidation, "Content of type %s must be JSON.", contentType)
		}
	}
	if clientToken != "" {
		if prev := c.clientTokens[s.p.id+"\x00"+clientToken]; prev != nil {
			h.mu.Unlock()
			return Sent{ID: prev.ID, Time: prev.Time}, nil
		}
	}
	if len(c.items) >= h.limits.MaxItems {
		h.mu.Unlock()
		return Sent{}, refuse(KindQuota, "A chat holds at most %d transcript items.", h.limits.MaxItems)
	}
	it := h.post(c, &Item{Type: TypeMessage, ContentType: contentType, Content: content}, s.p)
	if clientToken != "" {
		c.clientTokens[s.p.id+"\x00"+clientToken] = it
	}
	seg, engine, ref, role := segmentOf(c, it), h.engine, c.ref, s.p.role
	out := Sent{ID: it.ID, Time: it.Time}
	h.mu.Unlock()
	h.record(engine, ref, []Segment{seg})
	h.customerSaid(engine, ref, role, contentType, content)
	return out, nil
}

// SendEvent posts an event: typing, a delivered or read receipt
// (Content {"messageId": ID}), or a connection acknowledgement.
func (h *Hub) SendEvent(token, contentType, content string) (Sent, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, err := h.authenticate(token, UseActive)
	if err != nil {
		return Sent{}, err
	}
	c := s.conv
	it := &Item{Type: TypeEvent, ContentType: contentType, Content: content}
	switch contentType {
	case CTTyping:
		it.Type = TypeTyping
	case CTAck:
		it.Type = TypeAck
	case CTDelivered, CTRead:
		var body struct {
			MessageID string `json:"messageId"`
		}
		if err := json.Unmarshal([]byte(content), &body); err != nil || body.MessageID == "" {
			return Sent{}, refuse(KindValidation, "A receipt's Content must be {\"messageId\": \"...\"}.")
		}
		msg := c.byID[body.MessageID]
		if msg == nil || msg.Type != TypeMessage {
			return Sent{}, refuse(KindValidation, "No message %s in this chat.", body.MessageID)
		}
		if msg.ParticipantID == s.p.id {
			return Sent{}, refuse(KindConflict, "A participant sends no receipt for its own message.")
		}
		now := Instant(h.clock.Now())
		if msg.Metadata == nil {
			msg.Metadata = &Metadata{MessageID: msg.ID}
		}
		i := slices.IndexFunc(msg.Metadata.Receipts, func(r Receipt) bool { return r.RecipientID == s.p.id })
		if i < 0 {
			msg.Metadata.Receipts = append(msg.Metadata.Receipts, Receipt{RecipientID: s.p.id})
			i = len(msg.Metadata.Receipts) - 1
		}
		r := &msg.Metadata.Receipts[i]
		it.Type = TypeDelivered
		if r.DeliveredTimestamp == "" {
			r.DeliveredTimestamp = now
		}
		if contentType == CTRead {
			it.Type = TypeRead
			if r.ReadTimestamp == "" {
				r.ReadTimestamp = now
			}
		}
		it.Metadata = &Metadata{MessageID: msg.ID, Receipts: []Receipt{*r}}
	default:
		return Sent{}, refuse(KindValidation, "ContentType %q is not an event this chat accepts: use %s, %s, %s or %s.", contentType, CTTyping, CTDelivered, CTRead, CTAck)
	}
	if len(content) > 16384 {
		return Sent{}, refuse(KindValidation, "Content is too long.")
	}
	it = h.post(c, it, s.p)
	return Sent{ID: it.ID, Time: it.Time}, nil
}

// Disconnect is a participant leaving. A customer or an agent leaving
// ends the contact through the engine, which ends the chat.
func (h *Hub) Disconnect(token string) error {
	h.mu.Lock()
	s, err := h.authenticate(token, UseActive)
	if err != nil {
		h.mu.Unlock()
		return err
	}
	p, c, engine := s.p, s.conv, h.engine
	p.left = true
	h.post(c, &Item{Type: TypeLeft, ContentType: CTLeft}, p)
	h.mu.Unlock()
	if engine == nil {
		return nil
	}
	switch p.role {
	case RoleCustomer:
		return engine.CustomerLeft(c.ref)
	case RoleAgent:
		return engine.AgentLeft(c.ref, p.userID)
	}
	return nil
}
