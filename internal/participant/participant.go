package participant

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/chat"
	"github.com/connect-local/connect-local/internal/model"
	"github.com/connect-local/connect-local/internal/papi"
	"github.com/connect-local/connect-local/internal/wire"
)

// Paths of the endpoints the participant service's answers point to.
const (
	Prefix         = "/participant/"
	SocketPath     = "/participant/connect-local/websocket"
	AttachmentPath = "/participant/connect-local/attachments/"
)

// Service implements the participant service's operations over a Hub.
type Service struct {
	hub *chat.Hub
}

// New returns the participant service of hub.
func New(hub *chat.Hub) *Service { return &Service{hub: hub} }

// API is the participant service as the wire layer serves it.
func (s *Service) API() (wire.API, error) {
	m, err := model.LoadParticipant()
	if err != nil {
		return wire.API{}, err
	}
	handlers := map[string]wire.Handler{}
	for name, fn := range s.Operations().ByName() {
		handlers[name] = fn
	}
	return wire.API{Model: m, Handlers: handlers, NewInput: papi.NewInput, PathPrefix: Prefix,
		InvalidInput: "ValidationException", InternalError: "InternalServerException", TokenAuth: true,
		Open: map[string]http.Handler{SocketPath: http.HandlerFunc(s.serveSocket), AttachmentPath: http.HandlerFunc(s.serveAttachment)}}, nil
}

// Operations returns the 11 operations, typed.
func (s *Service) Operations() *papi.Operations {
	return &papi.Operations{
		CreateParticipantConnection:     s.CreateParticipantConnection,
		SendMessage:                     s.SendMessage,
		SendEvent:                       s.SendEvent,
		GetTranscript:                   s.GetTranscript,
		DisconnectParticipant:           s.DisconnectParticipant,
		StartAttachmentUpload:           s.StartAttachmentUpload,
		CompleteAttachmentUpload:        s.CompleteAttachmentUpload,
		GetAttachment:                   s.GetAttachment,
		DescribeView:                    s.DescribeView,
		GetAuthenticationUrl:            s.GetAuthenticationUrl,
		CancelParticipantAuthentication: s.CancelParticipantAuthentication,
	}
}

// translate maps the Hub's refusals to the participant service's errors.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, chat.ErrAccessDenied) {
		return wire.Errorf("AccessDeniedException", http.StatusForbidden,
			"The token is not valid: it is unknown, has expired, or its participant has left the chat.")
	}
	if errors.Is(err, chat.ErrNotFound) {
		return wire.Errorf("ResourceNotFoundException", http.StatusNotFound, "The chat was not found.")
	}
	var ce *chat.Error
	if errors.As(err, &ce) {
		switch ce.Kind {
		case chat.KindConflict:
			return wire.Errorf("ConflictException", http.StatusConflict, "%s", ce.Message)
		case chat.KindQuota:
			return wire.Errorf("ServiceQuotaExceededException", http.StatusPaymentRequired, "%s", ce.Message)
		case chat.KindAccessDenied:
			return wire.Errorf("AccessDeniedException", http.StatusForbidden, "%s", ce.Message)
		case chat.KindNotFound:
			return wire.Errorf("ResourceNotFoundException", http.StatusNotFound, "%s", ce.Message)
		}
		return wire.Errorf("ValidationException", http.StatusBadRequest, "%s", ce.Message)
	}
	return err
}

func validation(format string, args ...any) error {
	return wire.Errorf("ValidationException", http.StatusBadRequest, format, args...)
}

// base is the http(s) and ws(s) origin of this server as the caller
// reached it. A loopback caller gets 127.0.0.1, whatever name it used:
// amazon-connect-chatjs accepts only wss:// and ws://127.0.0.1: URLs.
func base(ctx context.Context) (httpBase, wsBase string) {
	host := wire.CallerFrom(ctx).Host
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		h, port = host, "80"
	}
	h = strings.Trim(h, "[]")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		h = "127.0.0.1"
	} else if ip := net.ParseIP(h); ip != nil && ip.IsLoopback() {
		h = "127.0.0.1"
	}
	hp := net.JoinHostPort(h, port)
	return "http://" + hp, "ws://" + hp
}

func (s *Service) CreateParticipantConnection(ctx context.Context, in *papi.CreateParticipantConnectionRequest) (*papi.CreateParticipantConnectionResponse, error) {
	var ws, creds bool
	for _, t := range in.Type_ {
		switch t {
		case "WEBSOCKET":
			ws = true
		case "CONNECTION_CREDENTIALS":
			creds = true
		case "WEBRTC_CONNECTION":
			return nil, validation("connect-local has no WebRTC: ask for WEBSOCKET and CONNECTION_CREDENTIALS.")
		}
	}
	ack := api.Val(in.ConnectParticipant)
	if !ws && !creds && !ack {
		return nil, validation("Type must name WEBSOCKET or CONNECTION_CREDENTIALS, or ConnectParticipant must be true.")
	}
	conn, err := s.hub.Connect(*in.ParticipantToken, ack)
	if err != nil {
		return nil, translate(err)
	}
	out := &papi.CreateParticipantConnectionResponse{}
	expiry := chat.Instant(conn.Expiry)
	if ws {
		_, wsBase := base(ctx)
		u := wsBase + SocketPath + "?token=" + url.QueryEscape(conn.Ticket)
		out.Websocket = &papi.Websocket{Url: &u, ConnectionExpiry: &expiry}
	}
	if creds {
		out.ConnectionCredentials = &papi.ConnectionCredentials{ConnectionToken: &conn.ConnectionToken, Expiry: &expiry}
	}
	return out, nil
}

func (s *Service) SendMessage(_ context.Context, in *papi.SendMessageRequest) (*papi.SendMessageResponse, error) {
	sent, err := s.hub.SendMessage(*in.ConnectionToken, *in.ContentType, *in.Content, api.Val(in.ClientToken))
	if err != nil {
		return nil, translate(err)
	}
	return &papi.SendMessageResponse{Id: &sent.ID, AbsoluteTime: api.Ptr(chat.Instant(sent.Time))}, nil
}

func (s *Service) SendEvent(_ context.Context, in *papi.SendEventRequest) (*papi.SendEventResponse, error) {
	sent, err := s.hub.SendEvent(*in.ConnectionToken, *in.ContentType, api.Val(in.Content))
	if err != nil {
		return nil, translate(err)
	}
	return &papi.SendEventResponse{Id: &sent.ID, AbsoluteTime: api.Ptr(chat.Instant(sent.Time))}, nil
}

func (s *Service) DisconnectParticipant(_ context.Context, in *papi.DisconnectParticipantRequest) (*papi.DisconnectParticipantResponse, error) {
	if err := s.hub.Disconnect(*in.ConnectionToken); err != nil {
		return nil, translate(err)
	}
	return &papi.DisconnectParticipantResponse{}, nil
}

func (s *Service) GetTranscript(_ context.Context, in *papi.GetTranscriptRequest) (*papi.GetTranscriptResponse, error) {
	ti := chat.TranscriptInput{ContactID: api.Val(in.ContactId), MaxResults: int(api.Val(in.MaxResults)), NextToken: api.Val(in.NextToken)}
	if in.ScanDirection != nil {
		b := *in.ScanDirection == "BACKWARD"
		ti.Backward = &b
	}
	if in.SortOrder != nil {
		d := *in.SortOrder == "DESCENDING"
		ti.Descending = &d
	}
	if p := in.StartPosition; p != nil {
		n := 0
		for _, set := range []bool{p.Id != nil, p.AbsoluteTime != nil, p.MostRecent != nil} {
			if set {
				n++
			}
		}
		if n > 1 {
			return nil, validation("StartPosition takes one of Id, AbsoluteTime and MostRecent.")
		}
		ti.StartID, ti.StartTime = api.Val(p.Id), api.Val(p.AbsoluteTime)
		if p.MostRecent != nil {
			m := int(*p.MostRecent)
			ti.MostRecent = &m
		}
	}
	page, err := s.hub.Transcript(*in.ConnectionToken, ti)
	if err != nil {
		return nil, translate(err)
	}
	out := &papi.GetTranscriptResponse{InitialContactId: &page.InitialContactID, Transcript: []*papi.Item{}}
	if page.NextToken != "" {
		out.NextToken = &page.NextToken
	}
	for _, it := range page.Items {
		out.Transcript = append(out.Transcript, itemOut(it))
	}
	return out, nil
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func itemOut(it chat.Item) *papi.Item {
	o := &papi.Item{Id: &it.ID, AbsoluteTime: &it.AbsoluteTime, Type_: &it.Type, ContentType: &it.ContentType,
		Content: strp(it.Content), ParticipantId: strp(it.ParticipantID), DisplayName: strp(it.DisplayName),
		ParticipantRole: strp(it.Role), ContactId: &it.ContactID}
	for _, a := range it.Attachments {
		o.Attachments = append(o.Attachments, &papi.AttachmentItem{ContentType: &a.ContentType, AttachmentId: &a.AttachmentID,
			AttachmentName: &a.AttachmentName, Status: &a.Status})
	}
	if m := it.Metadata; m != nil {
		md := &papi.MessageMetadata{MessageId: &m.MessageID}
		for _, r := range m.Receipts {
			md.Receipts = append(md.Receipts, &papi.Receipt{DeliveredTimestamp: strp(r.DeliveredTimestamp),
				ReadTimestamp: strp(r.ReadTimestamp), RecipientParticipantId: strp(r.RecipientID)})
		}
		o.MessageMetadata = md
	}
	return o
}

func (s *Service) StartAttachmentUpload(ctx context.Context, in *papi.StartAttachmentUploadRequest) (*papi.StartAttachmentUploadResponse, error) {
	up, err := s.hub.StartUpload(*in.ConnectionToken, *in.AttachmentName, *in.ContentType, *in.AttachmentSizeInBytes, *in.ClientToken)
	if err != nil {
		return nil, translate(err)
	}
	httpBase, _ := base(ctx)
	u := httpBase + AttachmentPath + url.PathEscape(up.AttachmentID) + "?upload=" + url.QueryEscape(up.Ticket)
	return &papi.StartAttachmentUploadResponse{AttachmentId: &up.AttachmentID, UploadMetadata: &papi.UploadMetadata{
		Url: &u, UrlExpiry: api.Ptr(chat.Instant(up.Expiry)), HeadersToInclude: map[string]string{"Content-Type": *in.ContentType}}}, nil
}

func (s *Service) CompleteAttachmentUpload(_ context.Context, in *papi.CompleteAttachmentUploadRequest) (*papi.CompleteAttachmentUploadResponse, error) {
	if err := s.hub.CompleteUpload(*in.ConnectionToken, in.AttachmentIds); err != nil {
		return nil, translate(err)
	}
	return &papi.CompleteAttachmentUploadResponse{}, nil
}

func (s *Service) GetAttachment(ctx context.Context, in *papi.GetAttachmentRequest) (*papi.GetAttachmentResponse, error) {
	d, err := s.hub.GetAttachment(*in.ConnectionToken, *in.AttachmentId, time.Duration(api.Val(in.UrlExpiryInSeconds))*time.Second)
	if err != nil {
		return nil, translate(err)
	}
	httpBase, _ := base(ctx)
	u := httpBase + AttachmentPath + url.PathEscape(*in.AttachmentId) + "?download=" + url.QueryEscape(d.Ticket)
	return &papi.GetAttachmentResponse{Url: &u, UrlExpiry: api.Ptr(chat.Instant(d.Expiry)), AttachmentSizeInBytes: &d.Size}, nil
}

// DescribeView: connect-local has no views (step-by-step guides), so no
// ViewToken names one.
func (s *Service) DescribeView(_ context.Context, in *papi.DescribeViewRequest) (*papi.DescribeViewResponse, error) {
	if _, err := s.hub.Authenticate(*in.ConnectionToken, chat.UseActive); err != nil {
		return nil, translate(err)
	}
	return nil, wire.Errorf("ResourceNotFoundException", http.StatusNotFound, "No view matches the ViewToken: connect-local has no views.")
}

// GetAuthenticationUrl and CancelParticipantAuthentication need an
// authentication session started by a flow's Authenticate Customer
// block, which connect-local's flows do not run: no SessionId names one.
func (s *Service) GetAuthenticationUrl(_ context.Context, in *papi.GetAuthenticationUrlRequest) (*papi.GetAuthenticationUrlResponse, error) {
	if _, err := s.hub.Authenticate(*in.ConnectionToken, chat.UseActive); err != nil {
		return nil, translate(err)
	}
	return nil, validation("SessionId %s names no authentication session of this participant: connect-local's flows start none.", *in.SessionId)
}

func (s *Service) CancelParticipantAuthentication(_ context.Context, in *papi.CancelParticipantAuthenticationRequest) (*papi.CancelParticipantAuthenticationResponse, error) {
	if _, err := s.hub.Authenticate(*in.ConnectionToken, chat.UseActive); err != nil {
		return nil, translate(err)
	}
	return nil, validation("SessionId %s names no authentication session of this participant: connect-local's flows start none.", *in.SessionId)
}
