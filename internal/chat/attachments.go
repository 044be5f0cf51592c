package chat

import (
	"crypto/subtle"
	"io"
	"slices"
	"time"

	"github.com/google/uuid"
)

// AttachmentTypes are the content types a chat accepts as attachments, as
// Amazon Connect documents them (csv, doc, docx, heic, jpg, jpeg, mov, mp4,
// pdf, png, ppt, pptx, rtf, txt, wav, xls, xlsx).
var AttachmentTypes = []string{
	"application/msword", "application/pdf", "application/rtf", "application/vnd.ms-excel",
	"application/vnd.ms-powerpoint",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"audio/wav", "audio/x-wav", "audio/vnd.wave", "image/heic", "image/jpeg", "image/png",
	"text/csv", "text/plain", "video/mp4", "video/quicktime",
}

// URLLifetime is how long an upload URL stays valid; a download URL lives
// GetAttachment's UrlExpiryInSeconds (default 300).
const URLLifetime = 5 * time.Minute

type attachment struct {
	id, name, contentType string
	size                  int64
	owner                 *participant
	data                  []byte
	uploaded, completed   bool
	clientToken           string
	uploadTicket          string
	uploadExpiry          time.Time
	downloads             map[string]time.Time // ticket -> expiry
	conv                  *conversation
}

// Upload is what StartAttachmentUpload answers: where to PUT the bytes.
type Upload struct {
	AttachmentID string
	Ticket       string
	Expiry       time.Time
}

// StartUpload reserves room for an attachment and returns where to put it.
func (h *Hub) StartUpload(token, name, contentType string, size int64, clientToken string) (Upload, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, err := h.authenticate(token, UseActive)
	if err != nil {
		return Upload{}, err
	}
	c := s.conv
	for _, a := range c.attachments {
		if a.owner == s.p && a.clientToken == clientToken && !a.completed {
			return Upload{AttachmentID: a.id, Ticket: a.uploadTicket, Expiry: a.uploadExpiry}, nil
		}
	}
	if !slices.Contains(AttachmentTypes, contentType) {
		return Upload{}, refuse(KindValidation, "ContentType %s is not an attachment type Amazon Connect accepts.", contentType)
	}
	if size > h.limits.MaxAttachmentBytes {
		return Upload{}, refuse(KindValidation, "AttachmentSizeInBytes %d exceeds the %d-byte limit of an attachment.", size, h.limits.MaxAttachmentBytes)
	}
	if c.attBytes+size > h.limits.MaxContactAttachmentBytes {
		return Upload{}, refuse(KindQuota, "This chat's attachments would exceed %d bytes.", h.limits.MaxContactAttachmentBytes)
	}
	if h.attachmentBytes+size > h.limits.MaxTotalAttachmentBytes {
		return Upload{}, refuse(KindQuota, "The server holds %d bytes of attachments at most.", h.limits.MaxTotalAttachmentBytes)
	}
	a := &attachment{id: uuid.NewString(), name: name, contentType: contentType, size: size, owner: s.p, clientToken: clientToken,
		uploadTicket: newToken(), uploadExpiry: h.clock.Now().Add(URLLifetime), downloads: map[string]time.Time{}, conv: c}
	c.attachments[a.id] = a
	h.atts[a.id] = a
	c.attBytes += size
	h.attachmentBytes += size
	return Upload{AttachmentID: a.id, Ticket: a.uploadTicket, Expiry: a.uploadExpiry}, nil
}

// find returns the attachment id of any chat; h.mu held.
func (h *Hub) find(id string) *attachment { return h.atts[id] }

// Put stores an attachment's bytes from the pre-signed upload URL: exactly
// the declared size, of the declared content type.
func (h *Hub) Put(id, ticket, contentType string, body io.Reader) error {
	h.mu.Lock()
	a := h.find(id)
	if a == nil || subtle.ConstantTimeCompare([]byte(a.uploadTicket), []byte(ticket)) != 1 || h.clock.Now().After(a.uploadExpiry) {
		h.mu.Unlock()
		return ErrAccessDenied
	}
	if a.uploaded {
		h.mu.Unlock()
		return refuse(KindConflict, "Attachment %s is already uploaded.", id)
	}
	size, want := a.size, a.contentType
	h.mu.Unlock()
	if contentType != "" && contentType != want {
		return refuse(KindValidation, "Content-Type must be %s, as StartAttachmentUpload declared.", want)
	}
	data, err := io.ReadAll(io.LimitReader(body, size+1))
	if err != nil {
		return refuse(KindValidation, "The upload could not be read.")
	}
	if int64(len(data)) != size {
		return refuse(KindValidation, "The upload must have exactly %d bytes, as StartAttachmentUpload declared.", size)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if a.uploaded {
		return refuse(KindConflict, "Attachment %s is already uploaded.", id)
	}
	a.data, a.uploaded = data, true
	return nil
}

// CompleteUpload makes an uploaded attachment a transcript item.
func (h *Hub) CompleteUpload(token string, ids []string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, err := h.authenticate(token, UseActive)
	if err != nil {
		return err
	}
	for _, id := range ids {
		a := s.conv.attachments[id]
		if a == nil || a.owner != s.p {
			return refuse(KindValidation, "AttachmentId %s is no upload of this participant.", id)
		}
		if a.completed {
			continue // a retry
		}
		if !a.uploaded {
			return refuse(KindConflict, "Attachment %s has not been uploaded to its URL yet.", id)
		}
		a.completed = true
		h.post(s.conv, &Item{Type: TypeAttachment, ContentType: a.contentType,
			Attachments: []AttachmentRef{{ContentType: a.contentType, AttachmentID: a.id, AttachmentName: a.name, Status: "APPROVED"}}}, s.p)
	}
	return nil
}

// Download is what GetAttachment answers.
type Download struct {
	Ticket string
	Expiry time.Time
	Size   int64
}

// GetAttachment returns a time-limited download of a completed attachment
// of the session's chat (or of a contact it continues).
func (h *Hub) GetAttachment(token, id string, expiry time.Duration) (Download, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, err := h.authenticate(token, UseTranscript)
	if err != nil {
		return Download{}, err
	}
	var a *attachment
	for c := s.conv; c != nil && a == nil; c = c.previous {
		a = c.attachments[id]
	}
	if a == nil || !a.completed {
		return Download{}, refuse(KindValidation, "AttachmentId %s is no attachment of this chat.", id)
	}
	if expiry <= 0 {
		expiry = URLLifetime
	}
	now := h.clock.Now()
	for t, exp := range a.downloads { // forget expired tickets
		if now.After(exp) {
			delete(a.downloads, t)
		}
	}
	t := newToken()
	a.downloads[t] = now.Add(expiry)
	return Download{Ticket: t, Expiry: a.downloads[t], Size: a.size}, nil
}

// File is an attachment's bytes.
type File struct {
	Name, ContentType string
	Data              []byte
}

// Fetch returns the bytes a download URL names.
func (h *Hub) Fetch(id, ticket string) (File, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	a := h.find(id)
	if a == nil {
		return File{}, ErrAccessDenied
	}
	exp, ok := a.downloads[ticket]
	if !ok || h.clock.Now().After(exp) {
		return File{}, ErrAccessDenied
	}
	return File{Name: a.name, ContentType: a.contentType, Data: a.data}, nil
}
