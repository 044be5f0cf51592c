package service

import (
	"maps"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/connect-local/connect-local/internal/search"
	"github.com/connect-local/connect-local/internal/storage"
)

// contactTranscript is the stored form (bucket contact-transcripts).
type contactTranscript struct {
	ContactID string              `json:"contactId"`
	Segments  []TranscriptSegment `json:"segments"`
}

// searchableKey is one attribute key configured for contact search, and
// since when (bucket searchable-keys).
type searchableKey struct {
	Key   string    `json:"key"`
	Since time.Time `json:"since"`
}

// Limits of the local controls [INF].
const (
	MaxTranscriptSegments = 5000
	MaxSegmentChars       = 10000
	MaxSearchableKeys     = 100
)

var sentiments = []string{"", "POSITIVE", "NEUTRAL", "NEGATIVE", "MIXED"}

// AddTranscript appends segments to a contact's transcript, or replaces
// it; it returns how many segments the transcript then has. The
// transcript becomes searchable when the contact is complete (docs/search.md#criteria).
func (s *Service) AddTranscript(sc Scope, instanceID, contactID string, segs []TranscriptSegment, replace bool) (int, error) {
	for i, sg := range segs {
		switch {
		case !slices.Contains(search.Roles, sg.ParticipantRole):
			return 0, invalidParam("Segments[%d].ParticipantRole must be one of %v.", i, search.Roles)
		case sg.Content == "" || utf8.RuneCountInString(sg.Content) > MaxSegmentChars:
			return 0, invalidParam("Segments[%d].Content must have 1 to %d characters.", i, MaxSegmentChars)
		case sg.BeginOffsetMillis < 0 || sg.EndOffsetMillis < sg.BeginOffsetMillis:
			return 0, invalidParam("Segments[%d]: offsets must satisfy 0 <= BeginOffsetMillis <= EndOffsetMillis.", i)
		case !slices.Contains(sentiments, sg.Sentiment):
			return 0, invalidParam("Segments[%d].Sentiment must be one of POSITIVE, NEUTRAL, NEGATIVE, MIXED.", i)
		}
	}
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return 0, err
	}
	defer st.Mu.Unlock()
	c, err := s.contactOf(st, contactID)
	if err != nil {
		return 0, err
	}
	all := segs
	if !replace {
		all = append(slices.Clone(c.Extra().Transcript), segs...)
	}
	if len(all) > MaxTranscriptSegments {
		return 0, invalidParam("A transcript holds at most %d segments.", MaxTranscriptSegments)
	}
	rec := contactTranscript{ContactID: c.ID, Segments: all}
	if err := s.commitData(st, func(tx storage.Tx) error {
		if len(all) == 0 {
			return tx.Delete(bucketTranscripts, childKey(st.ID, c.ID))
		}
		return putJSON(tx, bucketTranscripts, childKey(st.ID, c.ID), rec)
	}, func() {
		c.SetTranscript(all)
		st.Eng.Touch(c, false) // the contact's record and index change with it
	}); err != nil {
		return 0, err
	}
	return len(all), nil
}

// Transcript returns a contact's transcript.
func (s *Service) Transcript(sc Scope, instanceID, contactID string) ([]TranscriptSegment, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	c, err := s.contactOf(st, contactID)
	if err != nil {
		return nil, err
	}
	return slices.Clone(c.Extra().Transcript), nil
}

// SetSearchableKeys makes exactly keys the instance's searchable attribute
// keys. A key already configured keeps its time; a new one counts from
// now: only contacts initiated since are searchable by it (docs/search.md#criteria).
func (s *Service) SetSearchableKeys(sc Scope, instanceID string, keys []string) (map[string]time.Time, error) {
	if len(keys) > MaxSearchableKeys {
		return nil, invalidParam("At most %d searchable attribute keys.", MaxSearchableKeys)
	}
	for _, k := range keys {
		if k == "" || utf8.RuneCountInString(k) > 100 {
			return nil, invalidParam("Searchable attribute keys have 1 to 100 characters.")
		}
	}
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	now := s.clock.Now()
	next := map[string]time.Time{}
	for _, k := range keys {
		if t, ok := st.searchKeys[k]; ok {
			next[k] = t
		} else {
			next[k] = now
		}
	}
	err = s.commitData(st, func(tx storage.Tx) error {
		for k := range st.searchKeys {
			if _, keep := next[k]; !keep {
				if err := tx.Delete(bucketSearchKeys, childKey(st.ID, k)); err != nil {
					return err
				}
			}
		}
		for k, t := range next {
			if err := putJSON(tx, bucketSearchKeys, childKey(st.ID, k), searchableKey{Key: k, Since: t}); err != nil {
				return err
			}
		}
		return nil
	}, func() { st.searchKeys = next })
	if err != nil {
		return nil, err
	}
	return maps.Clone(next), nil
}

// SearchableKeys returns the instance's searchable attribute keys and since
// when each is searchable.
func (s *Service) SearchableKeys(sc Scope, instanceID string) (map[string]time.Time, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	return maps.Clone(st.searchKeys), nil
}
