package local

import (
	"net/http"
	"slices"
	"time"

	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// searchRoutes adds the contact-search controls (docs/local-api.md):
// searchable attribute keys and transcripts, of an instance of the
// caller's account and region.
func searchRoutes(add func(Route)) {
	add(instanceRoute("PUT /_local/instances/{instance}/searchable-attributes", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		var body struct{ Keys []string }
		if err := decode(r, &body); err != nil || body.Keys == nil {
			wire.WriteError(w, wire.InvalidParameter(`Body must be {"Keys": ["key", ...]}.`))
			return
		}
		keys, err := e.svc.SetSearchableKeys(t.scope, t.instance, body.Keys)
		reply(w, keysOut(keys), err)
	}))
	add(instanceRoute("GET /_local/instances/{instance}/searchable-attributes", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		keys, err := e.svc.SearchableKeys(t.scope, t.instance)
		reply(w, keysOut(keys), err)
	}))
	transcript := func(replace bool) serveFunc {
		return func(e *env, w http.ResponseWriter, r *http.Request, t target) {
			var body struct{ Segments []segmentIn }
			if err := decode(r, &body); err != nil || body.Segments == nil {
				wire.WriteError(w, wire.InvalidParameter(`Body must be {"Segments": [{"ParticipantRole": "AGENT", "Content": "...", "BeginOffsetMillis": 0, "EndOffsetMillis": 900}, ...]}.`))
				return
			}
			segs := make([]service.TranscriptSegment, len(body.Segments))
			for i, s := range body.Segments {
				segs[i] = s.segment()
			}
			n, err := e.svc.AddTranscript(t.scope, t.instance, r.PathValue("contact"), segs, replace)
			reply(w, map[string]any{"SegmentCount": n}, err)
		}
	}
	add(instanceRoute("POST /_local/instances/{instance}/contacts/{contact}/transcript", transcript(false)))
	add(instanceRoute("PUT /_local/instances/{instance}/contacts/{contact}/transcript", transcript(true)))
	add(instanceRoute("GET /_local/instances/{instance}/contacts/{contact}/transcript", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		segs, err := e.svc.Transcript(t.scope, t.instance, r.PathValue("contact"))
		out := make([]map[string]any, len(segs))
		for i, s := range segs {
			m := map[string]any{"ParticipantRole": s.ParticipantRole, "Content": s.Content,
				"BeginOffsetMillis": s.BeginOffsetMillis, "EndOffsetMillis": s.EndOffsetMillis}
			for k, v := range map[string]string{"Id": s.ID, "ParticipantId": s.ParticipantID, "Sentiment": s.Sentiment} {
				if v != "" {
					m[k] = v
				}
			}
			out[i] = m
		}
		reply(w, map[string]any{"Segments": out}, err)
	}))
}

// segmentIn is a transcript segment as posted: Contact Lens's
// RealtimeContactAnalysisSegment shape ({"Transcript": {...}}) or the
// bare transcript members.
type segmentIn struct {
	transcriptIn
	Transcript *transcriptIn
}

type transcriptIn struct {
	Id, ParticipantId, ParticipantRole, Content, Sentiment string
	BeginOffsetMillis, EndOffsetMillis                     int64
}

func (s segmentIn) segment() service.TranscriptSegment {
	t := s.transcriptIn
	if s.Transcript != nil {
		t = *s.Transcript
	}
	return service.TranscriptSegment{ID: t.Id, ParticipantID: t.ParticipantId, ParticipantRole: t.ParticipantRole, Content: t.Content,
		BeginOffsetMillis: t.BeginOffsetMillis, EndOffsetMillis: t.EndOffsetMillis, Sentiment: t.Sentiment}
}

func keysOut(keys map[string]time.Time) map[string]any {
	names := make([]string, 0, len(keys))
	since := map[string]any{}
	for k, t := range keys {
		names = append(names, k)
		since[k] = epoch(t)
	}
	slices.Sort(names)
	return map[string]any{"Keys": names, "SearchableSince": since}
}
