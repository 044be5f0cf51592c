package participant

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/connect-local/connect-local/internal/chat"
	"github.com/connect-local/connect-local/internal/wire"
)

// serveSocket opens a participant's WebSocket: GET SocketPath?token=T,
// T from CreateParticipantConnection's Websocket.Url.
func (s *Service) serveSocket(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		wire.WriteError(w, wire.Errorf("MethodNotAllowedException", http.StatusMethodNotAllowed, "The chat WebSocket answers GET only."))
		return
	}
	ticket := r.URL.Query().Get("token")
	if !s.hub.ValidTicket(ticket) {
		wire.WriteError(w, translate(chat.ErrAccessDenied).(*wire.Error))
		return
	}
	s.hub.ServeSocket(w, r, ticket)
}

// serveAttachment is the pre-signed URL of an attachment: PUT with
// ?upload=T stores its bytes, GET with ?download=T answers them.
func (s *Service) serveAttachment(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, AttachmentPath)
	q := r.URL.Query()
	fail := func(err error) {
		var we *wire.Error
		if !errors.As(translate(err), &we) {
			we = wire.Internal()
		}
		wire.WriteError(w, we)
	}
	switch r.Method {
	case http.MethodPut:
		if err := s.hub.Put(id, q.Get("upload"), r.Header.Get("Content-Type"), http.MaxBytesReader(w, r.Body, chat.DefaultMaxAttachmentBytes+1)); err != nil {
			fail(err)
			return
		}
		w.WriteHeader(http.StatusOK)
	case http.MethodGet, http.MethodHead:
		f, err := s.hub.Fetch(id, q.Get("download"))
		if err != nil {
			fail(err)
			return
		}
		w.Header().Set("Content-Type", f.ContentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
		w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+escapeFilename(f.Name))
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			_, _ = w.Write(f.Data)
		}
	default:
		wire.WriteError(w, wire.Errorf("MethodNotAllowedException", http.StatusMethodNotAllowed, "An attachment URL answers PUT (upload) and GET (download)."))
	}
}

func escapeFilename(name string) string {
	var b strings.Builder
	for _, c := range []byte(name) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(c)|0x100, 16)[1:]))
		}
	}
	return b.String()
}
