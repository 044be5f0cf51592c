package local

import (
	"errors"
	"net/http"
	"strings"

	"github.com/connect-local/connect-local/internal/chat"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// chatRoutes adds the agent's side of a chat (docs/chat.md#a-chat-end-to-end): the
// participant credentials of an agent connected to a chat contact, so that
// a test, a bot or a demo plays the agent through the participant API.
func chatRoutes(add func(Route)) {
	add(instanceRoute("POST /_local/instances/{instance}/agents/{user}/contacts/{contact}/participant", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		if e.opts.Chat == nil {
			wire.WriteError(w, wire.Errorf("NotImplementedException", http.StatusNotImplemented, "This server has no chat."))
			return
		}
		userID, contactID := r.PathValue("user"), r.PathValue("contact")
		c, err := e.svc.DescribeContact(t.scope, t.instance, contactID)
		if err != nil {
			reply(w, nil, err)
			return
		}
		if c.Channel != "CHAT" {
			reply(w, nil, &service.Error{Kind: service.KindInvalidRequest, Message: "Contact " + contactID + " is not a chat."})
			return
		}
		if c.AgentID != userID || c.State != service.StateConnected {
			reply(w, nil, &service.Error{Kind: service.KindConflict, Message: "Agent " + userID + " is not connected to chat " + contactID + "."})
			return
		}
		u, err := e.svc.DescribeUser(t.scope, t.instance, userID)
		if err != nil {
			reply(w, nil, err)
			return
		}
		name := strings.TrimSpace(u.IdentityInfo.FirstName + " " + u.IdentityInfo.LastName)
		if name == "" {
			name = u.Username
		}
		e.opts.Chat.AgentConnected(t.instance, contactID, userID)
		creds, err := e.opts.Chat.AgentJoined(t.instance, contactID, userID, name)
		if err != nil {
			var ce *chat.Error
			switch {
			case errors.Is(err, chat.ErrNotFound):
				err = &service.Error{Kind: service.KindNotFound, Message: "Contact " + contactID + " has no chat: it was not started by StartChatContact."}
			case errors.As(err, &ce):
				err = &service.Error{Kind: service.KindConflict, Message: ce.Message}
			}
			reply(w, nil, err)
			return
		}
		reply(w, map[string]any{"ParticipantId": creds.ParticipantID, "ParticipantToken": creds.ParticipantToken}, nil)
	}))
}
