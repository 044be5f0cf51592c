package chat

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TranscriptInput is GetTranscript's request (docs/chat.md#gettranscript).
type TranscriptInput struct {
	ContactID  string // a contact of the chain; "" for the whole visible chain
	MaxResults int    // 0: 15
	NextToken  string
	Backward   *bool // ScanDirection; nil: BACKWARD without StartPosition, FORWARD with one
	Descending *bool // SortOrder; nil: ASCENDING
	// StartPosition: at most one of StartID, StartTime, MostRecent.
	StartID    string
	StartTime  string
	MostRecent *int
}

// TranscriptPage is GetTranscript's answer.
type TranscriptPage struct {
	InitialContactID string
	Items            []Item
	NextToken        string
}

// Transcript pages through the items the session's participant may read:
// its contact's and, for a persistent chat, those it continues.
func (h *Hub) Transcript(token string, in TranscriptInput) (TranscriptPage, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, err := h.authenticate(token, UseTranscript)
	if err != nil {
		return TranscriptPage{}, err
	}
	var all []*Item
	chain := []*conversation{s.conv}
	for c := s.conv; c.previous != nil; c = c.previous {
		chain = append(chain, c.previous)
		if c.fromSegment {
			break
		}
	}
	found := in.ContactID == ""
	for i := len(chain) - 1; i >= 0; i-- {
		c := chain[i]
		if in.ContactID != "" {
			if c.ref.ContactID != in.ContactID {
				continue
			}
			found = true
		}
		all = append(all, c.items...)
	}
	if !found {
		return TranscriptPage{}, refuse(KindValidation, "ContactId %s is not a contact of this chat's chain.", in.ContactID)
	}
	max := in.MaxResults
	if max <= 0 {
		max = 15
	}
	hasStart := in.StartID != "" || in.StartTime != "" || in.MostRecent != nil
	backward := !hasStart
	if in.Backward != nil {
		backward = *in.Backward
	}
	// pos is the index the scan starts at (inclusive) in the ascending list.
	var pos int
	switch {
	case in.NextToken != "":
		p, back, ok := decodeToken(in.NextToken, s.conv.ref.ContactID)
		if !ok || p < -1 || p > len(all) {
			return TranscriptPage{}, refuse(KindValidation, "NextToken is not a token this chat gave.")
		}
		pos, backward = p, back
	case in.StartID != "":
		pos = slices.IndexFunc(all, func(it *Item) bool { return it.ID == in.StartID })
		if pos < 0 {
			return TranscriptPage{}, refuse(KindValidation, "StartPosition.Id %s is no item of this transcript.", in.StartID)
		}
	case in.StartTime != "":
		t, err := time.Parse(time.RFC3339Nano, in.StartTime)
		if err != nil {
			return TranscriptPage{}, refuse(KindValidation, "StartPosition.AbsoluteTime must be an ISO 8601 time (yyyy-MM-ddThh:mm:ss.SSSZ).")
		}
		// The first item at or after t going forward; the last at or
		// before t going backward.
		if backward {
			pos = -1
			for i, it := range all {
				if !it.Time.After(t) {
					pos = i
				}
			}
		} else {
			pos = len(all)
			for i, it := range all {
				if !it.Time.Before(t) {
					pos = i
					break
				}
			}
		}
	case in.MostRecent != nil:
		pos = len(all) - 1 - *in.MostRecent
		if pos < 0 {
			pos = 0
		}
	default:
		if backward {
			pos = len(all) - 1
		}
	}
	var page []*Item
	next := ""
	if backward {
		lo := max0(pos - max + 1)
		if pos >= 0 && pos < len(all) {
			page = slices.Clone(all[lo : pos+1])
		}
		if lo > 0 && pos >= 0 {
			next = encodeToken(lo-1, true, s.conv.ref.ContactID)
		}
	} else {
		hi := min(pos+max, len(all))
		if pos < hi {
			page = slices.Clone(all[pos:hi])
		}
		if hi < len(all) {
			next = encodeToken(hi, false, s.conv.ref.ContactID)
		}
	}
	if in.Descending != nil && *in.Descending {
		slices.Reverse(page)
	}
	out := TranscriptPage{InitialContactID: s.conv.initialID, NextToken: next, Items: make([]Item, len(page))}
	for i, it := range page {
		out.Items[i] = it.clone()
	}
	return out, nil
}

func max0(i int) int {
	if i < 0 {
		return 0
	}
	return i
}

// A NextToken holds the scan's next index and direction, bound to the
// contact it was given for.
func encodeToken(pos int, backward bool, contactID string) string {
	dir := "F"
	if backward {
		dir = "B"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%s|%d|%s", contactID, pos, dir)))
}

func decodeToken(tok, contactID string) (int, bool, bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false, false
	}
	parts := strings.Split(string(b), "|")
	if len(parts) != 3 || parts[0] != contactID || (parts[2] != "F" && parts[2] != "B") {
		return 0, false, false
	}
	pos, err := strconv.Atoi(parts[1])
	if err != nil {
		return 0, false, false
	}
	return pos, parts[2] == "B", true
}
