package chat

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/connect-local/connect-local/internal/clock"
)

// Participant roles (the participant service's ParticipantRole).
const (
	RoleCustomer = "CUSTOMER"
	RoleAgent    = "AGENT"
	RoleSystem   = "SYSTEM"
	RoleBot      = "CUSTOM_BOT"
)

// Item types (ChatItemType) and the event content types that make them.
const (
	TypeMessage    = "MESSAGE"
	TypeEvent      = "EVENT"
	TypeAttachment = "ATTACHMENT"
	TypeTyping     = "TYPING"
	TypeJoined     = "PARTICIPANT_JOINED"
	TypeLeft       = "PARTICIPANT_LEFT"
	TypeEnded      = "CHAT_ENDED"
	TypeAck        = "CONNECTION_ACK"
	TypeDelivered  = "MESSAGE_DELIVERED"
	TypeRead       = "MESSAGE_READ"

	ctEvent     = "application/vnd.amazonaws.connect.event."
	CTTyping    = ctEvent + "typing"
	CTJoined    = ctEvent + "participant.joined"
	CTLeft      = ctEvent + "participant.left"
	CTEnded     = ctEvent + "chat.ended"
	CTAck       = ctEvent + "connection.acknowledged"
	CTDelivered = ctEvent + "message.delivered"
	CTRead      = ctEvent + "message.read"
)

// Errors a Hub answers; the participant package maps them to the
// service's exceptions.
var (
	// ErrAccessDenied: a token that is unknown, expired, or belongs to a
	// participant who left (AccessDeniedException).
	ErrAccessDenied = errors.New("chat: access denied")
	// ErrNotFound: no chat contact by that ID in the instance.
	ErrNotFound = errors.New("chat: not found")
)

// Error is a refusal with the service's exception kind.
type Error struct {
	Kind    Kind
	Message string
}

// Kind is the exception a refusal maps to.
type Kind int

const (
	KindValidation   Kind = iota // ValidationException (400)
	KindConflict                 // ConflictException (409)
	KindQuota                    // ServiceQuotaExceededException (402)
	KindAccessDenied             // AccessDeniedException (403)
	KindNotFound                 // ResourceNotFoundException (404)
)

func (e *Error) Error() string { return e.Message }

func refuse(k Kind, format string, args ...any) error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// Ref names one chat contact: the caller's account and region, the
// instance and the contact.
type Ref struct {
	Account, Region, InstanceID, ContactID string
}

func (r Ref) key() string { return r.InstanceID + "/" + r.ContactID }

// Segment is what a chat says to the contact's searchable transcript.
type Segment struct {
	ParticipantID, Role, Content string
	// BeginOffsetMillis is the time since the contact began.
	BeginOffsetMillis int64
}

// Engine is what a Hub asks of the contact engine. Its methods are called
// without the Hub's lock held; they may call back into the Hub.
type Engine interface {
	// CustomerLeft ends the contact: the customer's DisconnectParticipant.
	CustomerLeft(r Ref) error
	// AgentLeft is the agent userID hanging up.
	AgentLeft(r Ref, userID string) error
	// Expire ends the contact when its ChatDurationInMinutes has passed.
	Expire(r Ref) error
	// Record appends a message to the contact's searchable transcript.
	Record(r Ref, s Segment) error
}

// Limits bound what chats hold. Zero fields take the defaults.
type Limits struct {
	// MaxAttachmentBytes is one attachment's size (AWS: 20 MB).
	MaxAttachmentBytes int64
	// MaxContactAttachmentBytes is all of one contact's attachments.
	MaxContactAttachmentBytes int64
	// MaxTotalAttachmentBytes is all attachments the server holds.
	MaxTotalAttachmentBytes int64
	// MaxItems is the transcript items of one contact.
	MaxItems int
	// TokenLifetime is how long a ConnectionToken and a WebSocket URL
	// stay valid (AWS: connection credentials last 24 hours).
	TokenLifetime time.Duration
	// MaxConnections is the WebSocket connections one participant may
	// hold at once; one more closes the oldest.
	MaxConnections int
}

// Defaults.
const (
	DefaultMaxAttachmentBytes        = 20 << 20
	DefaultMaxContactAttachmentBytes = 100 << 20
	DefaultMaxTotalAttachmentBytes   = 512 << 20
	DefaultMaxItems                  = 10000
	DefaultTokenLifetime             = 24 * time.Hour
	DefaultMaxConnections            = 4
)

func (l Limits) withDefaults() Limits {
	if l.MaxAttachmentBytes <= 0 {
		l.MaxAttachmentBytes = DefaultMaxAttachmentBytes
	}
	if l.MaxContactAttachmentBytes <= 0 {
		l.MaxContactAttachmentBytes = DefaultMaxContactAttachmentBytes
	}
	if l.MaxTotalAttachmentBytes <= 0 {
		l.MaxTotalAttachmentBytes = DefaultMaxTotalAttachmentBytes
	}
	if l.MaxItems <= 0 {
		l.MaxItems = DefaultMaxItems
	}
	if l.TokenLifetime <= 0 {
		l.TokenLifetime = DefaultTokenLifetime
	}
	if l.MaxConnections <= 0 {
		l.MaxConnections = DefaultMaxConnections
	}
	return l
}

// Options configures a Hub.
type Options struct {
	Clock  clock.Clock
	Logger *slog.Logger
	Limits Limits
}

// Hub holds every chat of the server.
type Hub struct {
	clock  clock.Clock
	log    *slog.Logger
	limits Limits

	mu     sync.Mutex
	engine Engine
	convs  map[string]*conversation // by Ref.key
	tokens map[string]tokenRef      // participant, connection and WebSocket tokens
	atts   map[string]*attachment   // every attachment, by ID
	// early is what the engine said of a contact before its chat opened
	// (an agent connected, or the contact ended, while StartChatContact
	// ran its flow); Open takes it. Bounded by maxEarly.
	early map[string]early
	// attachmentBytes is what every attachment holds (MaxTotalAttachmentBytes).
	attachmentBytes int64
}

type tokenKind int

const (
	participantToken tokenKind = iota
	connectionToken
	socketTicket
)

type tokenRef struct {
	kind tokenKind
	conv *conversation
	p    *participant
}

// NewHub returns an empty Hub.
func NewHub(opts Options) *Hub {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Hub{clock: opts.Clock, log: opts.Logger, limits: opts.Limits.withDefaults(),
		convs: map[string]*conversation{}, tokens: map[string]tokenRef{}, atts: map[string]*attachment{}, early: map[string]early{}}
}

// SetEngine gives the Hub its engine; it must be called before the Hub
// serves anything.
func (h *Hub) SetEngine(e Engine) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.engine = e
}

type early struct {
	agentUser string
	ended     bool
	said      []string // the flow's messages (FlowMessage)
}

// maxEarly bounds Hub.early: contacts of the CHAT channel the engine
// started without StartChatContact (a simulation) never open a chat.
const maxEarly = 10000

func (h *Hub) noteEarly(key string, f func(*early)) {
	if len(h.early) >= maxEarly {
		clear(h.early)
	}
	e := h.early[key]
	f(&e)
	h.early[key] = e
}

type participant struct {
	id, role, name, userID string
	partToken              string
	connToken, ticket      string
	connExpiry             time.Time
	joined                 time.Time
	left                   bool
	socks                  []*socket
	// caughtUp: the participant's first WebSocket has had the items
	// posted before it subscribed (the flow's greeting among them).
	caughtUp bool
}

type conversation struct {
	ref          Ref
	initialID    string        // the first contact of the chain
	previous     *conversation // the source of a persistent chat
	fromSegment  bool          // rehydrated FROM_SEGMENT: only previous, not its chain
	started      time.Time
	ended        time.Time
	participants []*participant
	items        []*Item
	byID         map[string]*Item
	contentTypes []string
	clientTokens map[string]*Item // participant ID + client token
	attachments  map[string]*attachment
	attBytes     int64
	expiry       clock.Timer
	agentUser    string            // the agent connected, from the engine
	streams      map[string]string // StartContactStreaming: streaming ID -> endpoint ARN
}

// newToken returns an unguessable token: 32 random bytes. A token is
// never begun with "-", which the AWS CLI would read as an option
// (`--participant-token -abc…` fails); the draw is repeated instead.
func newToken() string {
	b := make([]byte, 32)
	for {
		if _, err := rand.Read(b); err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		if t := base64.RawURLEncoding.EncodeToString(b); t[0] != '-' {
			return t
		}
	}
}

// Credentials are a new participant's.
type Credentials struct {
	ParticipantID    string
	ParticipantToken string
}

// OpenInput is a new chat contact's.
type OpenInput struct {
	Ref Ref
	// InitialContactID is the chain's first contact ("" for this one).
	InitialContactID string
	CustomerName     string
	// ContentTypes are the SupportedMessagingContentTypes (text/plain
	// always included).
	ContentTypes []string
	// Duration is ChatDurationInMinutes (0: AWS's default of 25 hours).
	Duration time.Duration
	// Previous is the source contact of a persistent chat; FromSegment
	// rehydrates only that contact, not its whole chain.
	Previous    *Ref
	FromSegment bool
	// Greeting are the flow's MessageParticipant texts at start.
	Greeting []string
	// InitialMessage is the customer's first message (nil for none).
	InitialMessage *Message
}

// Message is a message's content.
type Message struct{ ContentType, Content string }

// DefaultDuration is ChatDurationInMinutes' default (1,500 minutes).
const DefaultDuration = 1500 * time.Minute

// Open starts the chat of a new contact and returns its customer's
// credentials.
func (h *Hub) Open(in OpenInput) (Credentials, error) {
	h.mu.Lock()
	now := h.clock.Now()
	c := &conversation{ref: in.Ref, initialID: in.InitialContactID, started: now, byID: map[string]*Item{},
		clientTokens: map[string]*Item{}, attachments: map[string]*attachment{}}
	if c.initialID == "" {
		c.initialID = in.Ref.ContactID
	}
	c.contentTypes = append([]string{"text/plain"}, in.ContentTypes...)
	slices.Sort(c.contentTypes)
	c.contentTypes = slices.Compact(c.contentTypes)
	if in.Previous != nil {
		prev := h.convs[in.Previous.key()]
		if prev == nil {
			h.mu.Unlock()
			return Credentials{}, refuse(KindValidation, "SourceContactId %s is not a chat contact of this instance.", in.Previous.ContactID)
		}
		if prev.ended.IsZero() {
			h.mu.Unlock()
			return Credentials{}, refuse(KindValidation, "SourceContactId %s has not ended; a persistent chat continues an ended chat.", in.Previous.ContactID)
		}
		c.previous, c.fromSegment = prev, in.FromSegment
		c.initialID = prev.initialID
	}
	h.convs[in.Ref.key()] = c
	name := in.CustomerName
	if name == "" {
		name = "Customer"
	}
	cust := h.addParticipant(c, RoleCustomer, name, "")
	h.post(c, &Item{Type: TypeJoined, ContentType: CTJoined}, cust)
	var record []Segment
	greeting := in.Greeting
	e, hasEarly := h.early[in.Ref.key()]
	if hasEarly {
		greeting = append(slices.Clone(greeting), e.said...)
	}
	for _, text := range greeting {
		it := h.post(c, &Item{Type: TypeMessage, ContentType: "text/plain", Content: text}, systemParticipant)
		record = append(record, segmentOf(c, it))
	}
	if m := in.InitialMessage; m != nil {
		it := h.post(c, &Item{Type: TypeMessage, ContentType: m.ContentType, Content: m.Content}, cust)
		record = append(record, segmentOf(c, it))
	}
	d := in.Duration
	if d <= 0 {
		d = DefaultDuration
	}
	ref := in.Ref
	c.expiry = h.clock.AfterFunc(d, func() { h.expire(ref) })
	creds := Credentials{ParticipantID: cust.id, ParticipantToken: cust.partToken}
	engine := h.engine
	if hasEarly {
		delete(h.early, in.Ref.key())
		c.agentUser = e.agentUser
		if e.ended {
			h.end(c)
		}
	}
	h.mu.Unlock()
	h.record(engine, ref, record)
	return creds, nil
}

func (h *Hub) expire(r Ref) {
	h.mu.Lock()
	c, engine := h.convs[r.key()], h.engine
	h.mu.Unlock()
	if c == nil || engine == nil {
		return
	}
	if err := engine.Expire(r); err != nil {
		h.log.Warn("chat duration: the contact could not be ended", "contact", r.ContactID, "error", err)
	}
}

func (h *Hub) record(engine Engine, r Ref, segs []Segment) {
	if engine == nil {
		return
	}
	for _, s := range segs {
		if err := engine.Record(r, s); err != nil {
			h.log.Warn("chat message not added to the contact's transcript", "contact", r.ContactID, "error", err)
		}
	}
}

func segmentOf(c *conversation, it *Item) Segment {
	return Segment{ParticipantID: it.ParticipantID, Role: it.Role, Content: it.Content,
		BeginOffsetMillis: it.Time.Sub(c.started).Milliseconds()}
}

// addParticipant makes a participant with its ParticipantToken; h.mu held.
func (h *Hub) addParticipant(c *conversation, role, name, userID string) *participant {
	p := &participant{id: uuid.NewString(), role: role, name: name, userID: userID, partToken: newToken()}
	c.participants = append(c.participants, p)
	h.tokens[p.partToken] = tokenRef{kind: participantToken, conv: c, p: p}
	return p
}

// post appends an item from p and pushes it to every subscriber; h.mu
// held. Typing events and receipts are pushed but kept out of the
// transcript.
func (h *Hub) post(c *conversation, it *Item, p *participant) *Item {
	it.ID = uuid.NewString()
	it.Time = h.clock.Now()
	it.ContactID = c.ref.ContactID
	it.InitialContactID = c.initialID
	if p != nil {
		it.ParticipantID, it.Role, it.DisplayName = p.id, p.role, p.name
	}
	switch it.Type {
	case TypeTyping, TypeDelivered, TypeRead, TypeAck:
	default:
		c.items = append(c.items, it)
		c.byID[it.ID] = it
	}
	h.push(c, it)
	return it
}

// AgentJoined adds the agent userID to the chat when the engine connects
// it (idempotent) and returns its credentials. name is its display name.
func (h *Hub) AgentJoined(instanceID, contactID, userID, name string) (Credentials, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.convs[instanceID+"/"+contactID]
	if c == nil {
		return Credentials{}, ErrNotFound
	}
	for _, p := range c.participants {
		if p.role == RoleAgent && p.userID == userID && !p.left {
			return Credentials{ParticipantID: p.id, ParticipantToken: p.partToken}, nil
		}
	}
	if !c.ended.IsZero() {
		return Credentials{}, refuse(KindConflict, "The chat %s has ended.", contactID)
	}
	if c.agentUser != userID {
		return Credentials{}, refuse(KindConflict, "Agent %s is not connected to chat %s.", userID, contactID)
	}
	if name == "" {
		name = userID
	}
	p := h.addParticipant(c, RoleAgent, name, userID)
	h.post(c, &Item{Type: TypeJoined, ContentType: CTJoined}, p)
	return Credentials{ParticipantID: p.id, ParticipantToken: p.partToken}, nil
}

// AgentConnected tells the Hub that the engine connected agent userID to
// the contact; safe under the engine's lock (it calls nothing back).
func (h *Hub) AgentConnected(instanceID, contactID, userID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	key := instanceID + "/" + contactID
	if c := h.convs[key]; c != nil {
		c.agentUser = userID
		return
	}
	h.noteEarly(key, func(e *early) { e.agentUser = userID })
}

// Ref returns the Ref of a chat contact by instance and contact ID.
func (h *Hub) Ref(instanceID, contactID string) (Ref, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.convs[instanceID+"/"+contactID]
	if c == nil {
		return Ref{}, false
	}
	return c.ref, true
}

// AddParticipant adds a participant of role (CreateParticipant: a
// CUSTOM_BOT) to a chat that has not ended.
func (h *Hub) AddParticipant(r Ref, role, name string) (Credentials, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.convs[r.key()]
	if c == nil || c.ref.Account != r.Account || c.ref.Region != r.Region {
		return Credentials{}, ErrNotFound
	}
	if !c.ended.IsZero() {
		return Credentials{}, refuse(KindConflict, "The chat %s has ended.", r.ContactID)
	}
	if name == "" {
		name = role
	}
	p := h.addParticipant(c, role, name, "")
	h.post(c, &Item{Type: TypeJoined, ContentType: CTJoined}, p)
	return Credentials{ParticipantID: p.id, ParticipantToken: p.partToken}, nil
}

// Ended tells the Hub the engine ended the contact: everyone still in the
// chat leaves and the chat ends. Safe under the engine's lock.
func (h *Hub) Ended(instanceID, contactID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	key := instanceID + "/" + contactID
	c := h.convs[key]
	if c == nil {
		h.noteEarly(key, func(e *early) { e.ended = true })
		return
	}
	h.end(c)
}

// end ends c; h.mu held.
func (h *Hub) end(c *conversation) {
	if !c.ended.IsZero() {
		return
	}
	for _, p := range c.participants {
		if !p.left {
			p.left = true
			h.post(c, &Item{Type: TypeLeft, ContentType: CTLeft}, p)
		}
	}
	h.post(c, &Item{Type: TypeEnded, ContentType: CTEnded}, nil)
	c.ended = h.clock.Now()
	if c.expiry != nil {
		c.expiry.Stop()
	}
}

// Items returns a contact's transcript items, oldest first, for the
// connect API (ListRealtimeContactAnalysisSegmentsV2).
func (h *Hub) Items(r Ref) ([]Item, bool, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.convs[r.key()]
	if c == nil || c.ref.Account != r.Account || c.ref.Region != r.Region {
		return nil, false, ErrNotFound
	}
	out := make([]Item, len(c.items))
	for i, it := range c.items {
		out[i] = it.clone()
	}
	return out, !c.ended.IsZero(), nil
}

// MaxStreams bounds a chat's streaming endpoints (StartContactStreaming).
const MaxStreams = 10

// StartStreaming records a streaming endpoint for a chat that has not
// ended and returns its streaming ID; the same endpoint again answers the
// same ID. connect-local delivers nothing to it.
func (h *Hub) StartStreaming(r Ref, endpointARN string) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.convs[r.key()]
	if c == nil || c.ref.Account != r.Account || c.ref.Region != r.Region {
		return "", ErrNotFound
	}
	if !c.ended.IsZero() {
		return "", refuse(KindConflict, "The chat %s has ended.", r.ContactID)
	}
	for id, arn := range c.streams {
		if arn == endpointARN {
			return id, nil
		}
	}
	if len(c.streams) >= MaxStreams {
		return "", refuse(KindQuota, "A chat streams to at most %d endpoints.", MaxStreams)
	}
	if c.streams == nil {
		c.streams = map[string]string{}
	}
	id := uuid.NewString()
	c.streams[id] = endpointARN
	return id, nil
}

// StopStreaming forgets a streaming endpoint.
func (h *Hub) StopStreaming(r Ref, streamingID string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.convs[r.key()]
	if c == nil || c.ref.Account != r.Account || c.ref.Region != r.Region {
		return ErrNotFound
	}
	if _, ok := c.streams[streamingID]; !ok {
		return refuse(KindNotFound, "No streaming %s on chat %s.", streamingID, r.ContactID)
	}
	delete(c.streams, streamingID)
	return nil
}
