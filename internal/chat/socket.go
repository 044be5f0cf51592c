package chat

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/coder/websocket"
)

// The WebSocket protocol of amazon-connect-chatjs (its websocket manager):
// the client sends {"topic": "aws/subscribe", "content": {"topics":
// ["aws/chat"]}} and gets {"topic": "aws/subscribe", "content": {"status":
// "success", "topics": [...]}}; it sends "aws/heartbeat" every 10 s and
// "aws/ping", and reconnects when they go unanswered; every transcript
// item comes as {"topic": "aws/chat", "contentType": "application/json",
// "content": "<the item as a JSON string>"}.
const (
	topicSubscribe = "aws/subscribe"
	topicHeartbeat = "aws/heartbeat"
	topicPing      = "aws/ping"
	topicChat      = "aws/chat"
)

// socketBuffer is the frames a connection may fall behind by; a client
// further behind is disconnected (it reconnects and reads the transcript).
const socketBuffer = 256

type socket struct {
	send       chan []byte
	subscribed bool
	done       bool
	cancel     context.CancelFunc
}

// push sends it to every subscribed connection of the chat; h.mu held.
func (h *Hub) push(c *conversation, it *Item) {
	frame, _ := json.Marshal(map[string]string{"topic": topicChat, "contentType": "application/json", "content": it.JSON()})
	for _, p := range c.participants {
		for _, s := range p.socks {
			if !s.subscribed || s.done {
				continue
			}
			select {
			case s.send <- frame:
			default:
				h.log.Info("chat websocket too slow; disconnected", "contact", c.ref.ContactID, "participant", p.id)
				s.done = true
				s.cancel()
			}
		}
	}
}

// backlog returns, once per participant, the frames of the items posted
// before its first subscription, so that a client that connects after the
// flow greeted it still gets the greeting over the WebSocket; h.mu held.
func (h *Hub) backlog(c *conversation, p *participant) [][]byte {
	if p.caughtUp {
		return nil
	}
	p.caughtUp = true
	var out [][]byte
	for _, it := range c.items {
		f, _ := json.Marshal(map[string]string{"topic": topicChat, "contentType": "application/json", "content": it.JSON()})
		out = append(out, f)
		if len(out) == socketBuffer/2 {
			break
		}
	}
	return out
}

// ValidTicket reports whether ticket opens a WebSocket now: the ticket of
// a participant's connection, unexpired, of a participant still in the chat.
func (h *Hub) ValidTicket(ticket string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	t, ok := h.tokens[ticket]
	return ok && t.kind == socketTicket && !t.p.left && !h.clock.Now().After(t.p.connExpiry)
}

// ServeSocket upgrades r to the participant's WebSocket (ticket, checked
// with ValidTicket first) and speaks the chat protocol on it until either
// side closes. The caller has vetted the request's Origin.
func (h *Hub) ServeSocket(w http.ResponseWriter, r *http.Request, ticket string) {
	// The server's read and write timeouts are for requests; a WebSocket
	// lives as long as the chat.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return // Accept has answered
	}
	conn.SetReadLimit(64 << 10)
	ctx, cancel := context.WithCancel(context.Background())
	s := &socket{send: make(chan []byte, socketBuffer), cancel: cancel}
	h.mu.Lock()
	t, ok := h.tokens[ticket]
	if !ok || t.kind != socketTicket {
		h.mu.Unlock()
		cancel()
		conn.Close(websocket.StatusPolicyViolation, "invalid token")
		return
	}
	p := t.p
	p.socks = append(p.socks, s)
	if len(p.socks) > h.limits.MaxConnections {
		old := p.socks[0]
		old.done = true
		old.cancel()
		p.socks = p.socks[1:]
	}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		s.done = true
		p.socks = slices.DeleteFunc(p.socks, func(x *socket) bool { return x == s })
		h.mu.Unlock()
		cancel()
		conn.Close(websocket.StatusNormalClosure, "")
	}()
	go func() {
		for {
			select {
			case <-ctx.Done():
				conn.Close(websocket.StatusGoingAway, "")
				return
			case f := <-s.send:
				if err := write(ctx, conn, f); err != nil {
					cancel()
					return
				}
			}
		}
	}()
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			return
		}
		var msg struct {
			Topic   string `json:"topic"`
			Content struct {
				Topics []string `json:"topics"`
			} `json:"content"`
		}
		if json.Unmarshal(data, &msg) != nil {
			continue
		}
		var reply any
		var backlog [][]byte
		switch msg.Topic {
		case topicSubscribe:
			ok := len(msg.Content.Topics) > 0
			for _, tp := range msg.Content.Topics {
				ok = ok && tp == topicChat
			}
			status := "failure"
			if ok {
				status = "success"
				h.mu.Lock()
				s.subscribed = true
				backlog = h.backlog(t.conv, p)
				h.mu.Unlock()
			}
			reply = map[string]any{"topic": topicSubscribe, "content": map[string]any{"status": status, "topics": msg.Content.Topics}}
		case topicHeartbeat:
			reply = map[string]any{"topic": topicHeartbeat}
		case topicPing:
			reply = map[string]any{"topic": topicPing, "statusCode": 200}
		default:
			continue
		}
		b, _ := json.Marshal(reply)
		if err := write(ctx, conn, b); err != nil {
			return
		}
		for _, f := range backlog {
			if err := write(ctx, conn, f); err != nil {
				return
			}
		}
	}
}

func write(ctx context.Context, conn *websocket.Conn, b []byte) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return conn.Write(ctx, websocket.MessageText, b)
}
