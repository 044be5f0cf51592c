package handler

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/chat"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// WithChat gives the handlers the server's chats: StartChatContact opens a
// chat for its contact, and the chat operations of connect work on it.
// Without it, those operations answer as unimplemented.
func (h *Handler) WithChat(hub *chat.Hub) *Handler {
	h.chat = hub
	return h
}

func (h *Handler) chatRoutes(o *api.Operations) {
	o.StartChatContact = op(h.StartChatContact)
	o.CreateParticipant = op(h.CreateParticipant)
	o.StartContactStreaming = op(h.StartContactStreaming)
	o.StopContactStreaming = op(h.StopContactStreaming)
	o.ListRealtimeContactAnalysisSegmentsV2 = op(h.ListRealtimeContactAnalysisSegmentsV2)
}

// chatError maps the Hub's refusals to connect's exceptions.
func chatError(err error) error {
	var ce *chat.Error
	switch {
	case errors.Is(err, chat.ErrNotFound):
		return &service.Error{Kind: service.KindNotFound, Message: "Chat contact not found."}
	case errors.As(err, &ce):
		kind := service.KindInvalidParameter
		switch ce.Kind {
		case chat.KindConflict:
			kind = service.KindInvalidRequest
		case chat.KindQuota:
			kind = service.KindLimitExceeded
		case chat.KindNotFound:
			kind = service.KindNotFound
		}
		return &service.Error{Kind: kind, Message: ce.Message}
	}
	return err
}

func (h *Handler) StartChatContact(_ context.Context, sc service.Scope, in *api.StartChatContactRequest) (*api.StartChatContactResponse, error) {
	si := service.StartContactInput{Channel: "CHAT", InitiationMethod: "API",
		FlowID: api.Val(in.ContactFlowId), Attributes: in.Attributes, RelatedContact: api.Val(in.RelatedContactId)}
	var prev *chat.Ref
	fromSegment := false
	if pc := in.PersistentChat; pc != nil {
		if pc.SourceContactId == nil || pc.RehydrationType == nil {
			return nil, &service.Error{Kind: service.KindInvalidParameter, Message: "PersistentChat needs SourceContactId and RehydrationType."}
		}
		iid, err := h.svc.ResolveInstance(sc, *in.InstanceId)
		if err != nil {
			return nil, err
		}
		prev = &chat.Ref{Account: sc.Account, Region: sc.Region, InstanceID: iid, ContactID: *pc.SourceContactId}
		fromSegment = *pc.RehydrationType == "FROM_SEGMENT"
		si.PreviousContact = *pc.SourceContactId
		si.InitiationMethod = "API"
	}
	if h.chat == nil {
		return nil, wire.Errorf("NotImplementedException", 501, "connect-local was built without chat")
	}
	if in.InitialMessage != nil && api.Val(in.InitialMessage.ContentType) != "text/plain" {
		return nil, &service.Error{Kind: service.KindInvalidParameter, Message: "InitialMessage.ContentType must be text/plain."}
	}
	c, err := h.svc.StartContact(sc, *in.InstanceId, si)
	if err != nil {
		return nil, err
	}
	open := chat.OpenInput{Ref: chat.Ref{Account: sc.Account, Region: sc.Region, InstanceID: instanceOf(c), ContactID: c.ID},
		InitialContactID: c.InitialContactID, ContentTypes: in.SupportedMessagingContentTypes, Previous: prev, FromSegment: fromSegment}
	if in.ParticipantDetails != nil {
		open.CustomerName = api.Val(in.ParticipantDetails.DisplayName)
	}
	if d := api.Val(in.ChatDurationInMinutes); d > 0 {
		open.Duration = time.Duration(d) * time.Minute
	}
	if m := in.InitialMessage; m != nil {
		open.InitialMessage = &chat.Message{ContentType: api.Val(m.ContentType), Content: api.Val(m.Content)}
	}
	creds, err := h.chat.Open(open)
	if err != nil {
		_ = h.svc.StopContact(sc, open.Ref.InstanceID, c.ID, "API")
		return nil, chatError(err)
	}
	out := &api.StartChatContactResponse{ContactId: &c.ID, ParticipantId: &creds.ParticipantID, ParticipantToken: &creds.ParticipantToken}
	if prev != nil {
		out.ContinuedFromContactId = &prev.ContactID
	}
	return out, nil
}

// instanceOf is the instance ID of a contact, from its ARN
// (arn:...:instance/IID/contact/CID).
func instanceOf(c *service.Contact) string {
	if id := c.Tags["aws:connect:instanceId"]; id != "" {
		return id
	}
	return ""
}

// CreateParticipant adds a participant to a chat that has not ended;
// connect-local adds CUSTOM_BOT participants (AWS's only role here).
func (h *Handler) CreateParticipant(_ context.Context, sc service.Scope, in *api.CreateParticipantRequest) (*api.CreateParticipantResponse, error) {
	if h.chat == nil {
		return nil, wire.Errorf("NotImplementedException", 501, "connect-local was built without chat")
	}
	role := chat.RoleBot
	name := ""
	if d := in.ParticipantDetails; d != nil {
		if r := api.Val(d.ParticipantRole); r != "" && r != chat.RoleBot {
			return nil, &service.Error{Kind: service.KindInvalidParameter, Message: fmt.Sprintf("ParticipantRole %s cannot be added to a chat: use CUSTOM_BOT.", r)}
		}
		name = api.Val(d.DisplayName)
	}
	iid, err := h.svc.ResolveInstance(sc, *in.InstanceId)
	if err != nil {
		return nil, err
	}
	creds, err := h.chat.AddParticipant(chat.Ref{Account: sc.Account, Region: sc.Region, InstanceID: iid, ContactID: *in.ContactId}, role, name)
	if err != nil {
		return nil, chatError(err)
	}
	return &api.CreateParticipantResponse{ParticipantId: &creds.ParticipantID,
		ParticipantCredentials: &api.ParticipantTokenCredentials{ParticipantToken: &creds.ParticipantToken}}, nil
}

// StartContactStreaming records a streaming endpoint for a chat; connect-
// local delivers nothing to it (there is no SNS here), but the calls
// answer as AWS does.
func (h *Handler) StartContactStreaming(_ context.Context, sc service.Scope, in *api.StartContactStreamingRequest) (*api.StartContactStreamingResponse, error) {
	r, err := h.chatRef(sc, *in.InstanceId, *in.ContactId)
	if err != nil {
		return nil, err
	}
	id, err := h.chat.StartStreaming(r, api.Val(in.ChatStreamingConfiguration.StreamingEndpointArn))
	if err != nil {
		return nil, chatError(err)
	}
	return &api.StartContactStreamingResponse{StreamingId: &id}, nil
}

func (h *Handler) StopContactStreaming(_ context.Context, sc service.Scope, in *api.StopContactStreamingRequest) (*api.StopContactStreamingResponse, error) {
	r, err := h.chatRef(sc, *in.InstanceId, *in.ContactId)
	if err != nil {
		return nil, err
	}
	if err := h.chat.StopStreaming(r, *in.StreamingId); err != nil {
		return nil, chatError(err)
	}
	return &api.StopContactStreamingResponse{}, nil
}

func (h *Handler) chatRef(sc service.Scope, instanceID, contactID string) (chat.Ref, error) {
	if h.chat == nil {
		return chat.Ref{}, wire.Errorf("NotImplementedException", 501, "connect-local was built without chat")
	}
	iid, err := h.svc.ResolveInstance(sc, instanceID)
	if err != nil {
		return chat.Ref{}, err
	}
	return chat.Ref{Account: sc.Account, Region: sc.Region, InstanceID: iid, ContactID: contactID}, nil
}

// ListRealtimeContactAnalysisSegmentsV2 answers a chat's transcript as
// real-time analysis segments: messages as Transcript, attachments as
// Attachments, joins, leaves and the end as Event.
func (h *Handler) ListRealtimeContactAnalysisSegmentsV2(_ context.Context, sc service.Scope, in *api.ListRealtimeContactAnalysisSegmentsV2Request) (*api.ListRealtimeContactAnalysisSegmentsV2Response, error) {
	r, err := h.chatRef(sc, *in.InstanceId, *in.ContactId)
	if err != nil {
		return nil, err
	}
	items, ended, err := h.chat.Items(r)
	if err != nil {
		return nil, chatError(err)
	}
	want := map[string]bool{}
	for _, t := range in.SegmentTypes {
		want[t] = true
	}
	var segs []*api.RealtimeContactAnalysisSegment
	for _, it := range items {
		at := &api.RealTimeContactAnalysisTimeData{AbsoluteTime: api.NewTime(it.Time)}
		id, pid, role, name := api.Ptr(it.ID), strp(it.ParticipantID), strp(it.Role), strp(it.DisplayName)
		switch {
		case it.Type == chat.TypeMessage && want["Transcript"]:
			segs = append(segs, &api.RealtimeContactAnalysisSegment{Transcript: &api.RealTimeContactAnalysisSegmentTranscript{
				Id: id, ParticipantId: pid, ParticipantRole: role, DisplayName: name, Content: api.Ptr(it.Content), ContentType: api.Ptr(it.ContentType), Time: at}})
		case it.Type == chat.TypeAttachment && want["Attachments"]:
			s := &api.RealTimeContactAnalysisSegmentAttachments{Id: id, ParticipantId: pid, ParticipantRole: role, DisplayName: name, Time: at}
			for _, a := range it.Attachments {
				s.Attachments = append(s.Attachments, &api.RealTimeContactAnalysisAttachment{AttachmentId: api.Ptr(a.AttachmentID),
					AttachmentName: api.Ptr(a.AttachmentName), ContentType: api.Ptr(a.ContentType), Status: api.Ptr(a.Status)})
			}
			segs = append(segs, &api.RealtimeContactAnalysisSegment{Attachments: s})
		case (it.Type == chat.TypeJoined || it.Type == chat.TypeLeft || it.Type == chat.TypeEnded) && want["Event"]:
			segs = append(segs, &api.RealtimeContactAnalysisSegment{Event: &api.RealTimeContactAnalysisSegmentEvent{
				Id: id, ParticipantId: pid, ParticipantRole: role, DisplayName: name, EventType: api.Ptr(it.ContentType), Time: at}})
		}
	}
	start := 0
	if t := api.Val(in.NextToken); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 || n > len(segs) {
			return nil, &service.Error{Kind: service.KindInvalidParameter, Message: "NextToken is not a token this operation gave."}
		}
		start = n
	}
	max := int(api.Val(in.MaxResults))
	if max <= 0 {
		max = 100
	}
	end := min(start+max, len(segs))
	status := "IN_PROGRESS"
	if ended {
		status = "COMPLETED"
	}
	out := &api.ListRealtimeContactAnalysisSegmentsV2Response{Channel: api.Ptr("CHAT"), Status: &status, Segments: segs[start:end]}
	if end < len(segs) {
		out.NextToken = api.Ptr(strconv.Itoa(end))
	}
	return out, nil
}
