package metrics

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Record is one change for durable storage: a key (relative to the
// instance) and its value, or a key to delete.
type Record struct {
	Key    string
	Value  []byte
	Delete bool
}

type cellRecord struct {
	Bucket  int64        `json:"b"`
	Kind    string       `json:"k"`
	Layout  uint8        `json:"l"`
	Queue   string       `json:"q,omitempty"`
	Channel string       `json:"c,omitempty"`
	Profile string       `json:"p,omitempty"`
	Agent   string       `json:"a,omitempty"`
	Step    string       `json:"s,omitempty"`
	Contact *ContactCell `json:"x,omitempty"`
	Time    *TimeCell    `json:"t,omitempty"`
}

// Key formats (relative to the instance; the service prefixes "{i}/"):
//
//	c/{bucket, 12 digits}/{c|t}{layout}/{queue}/{channel}/{profile}/{agent}/{step hash} → cellRecord
//	a/{agentId} → agentRecord
func (h *History) cellKey(r cellRef) string {
	k := h.names.key(r.d)
	var sb strings.Builder
	fmt.Fprintf(&sb, "c/%012d/%c%d/%s/%s/%s/%s/", r.bucket, r.kind, r.layout, k.Queue, k.Channel, k.Profile, k.Agent)
	if step := k.Step; step != "" {
		sum := sha256.Sum256([]byte(step))
		sb.WriteString(hex.EncodeToString(sum[:12]))
	}
	return sb.String()
}

// Prune drops the buckets older than the retention before now. It runs at
// every flush: it looks only at the buckets that expired since the last
// call (a whole scan only when that is the cheaper way), and each dropped
// cell becomes one key to delete, so a long run on the virtual clock does
// not rescan its months of history (or the store) every 5 minutes.
func (h *History) Prune(now time.Time) {
	cutoff := Bucket(now.Add(-h.retention))
	if len(h.buckets) == 0 || h.oldest >= cutoff {
		return
	}
	h.newestBk, h.hourBk = nil, nil
	if cutoff-h.oldest <= int64(len(h.buckets)) {
		for b := h.oldest; b < cutoff; b++ {
			if bk := h.buckets[b]; bk != nil {
				h.drop(b, bk)
			}
			if (b+1)%bucketsPerHour == 0 {
				delete(h.hours, b/bucketsPerHour)
			}
		}
	} else {
		for b, bk := range h.buckets {
			if b < cutoff {
				h.drop(b, bk)
			}
		}
		for hr := range h.hours {
			if (hr+1)*bucketsPerHour <= cutoff {
				delete(h.hours, hr)
			}
		}
	}
	for r := range h.dirty {
		if r.bucket < cutoff {
			delete(h.dirty, r)
		}
	}
	h.oldest = cutoff
}

// drop forgets bucket b, noting the keys of its cells for deletion.
func (h *History) drop(b int64, bk *bucket) {
	if h.untracked {
		delete(h.buckets, b)
		return
	}
	for l := range bk.contact {
		for _, d := range bk.contact[l].keys {
			h.dropped = append(h.dropped, h.cellKey(cellRef{bucket: b, kind: 'c', layout: uint8(l), d: d}))
		}
	}
	for l := range bk.time {
		bk.time[l].each(func(d dims, _ *TimeCell) {
			h.dropped = append(h.dropped, h.cellKey(cellRef{bucket: b, kind: 't', layout: uint8(l), d: d}))
		})
	}
	delete(h.buckets, b)
}

// Pending reports whether there are changes to persist.
func (h *History) Pending() bool {
	return len(h.dirty) > 0 || len(h.dirtyAgents) > 0 || len(h.dropped) > 0
}

// Changes returns every change not yet committed, in key order: the caller
// persists them in the same transaction as the contact records they came
// from, then calls Committed. Calling Changes again before Committed
// returns them again (a failed write loses nothing).
func (h *History) Changes() []Record {
	var out []Record
	for _, k := range h.dropped {
		out = append(out, Record{Key: k, Delete: true})
	}
	for r := range h.dirty {
		bk := h.buckets[r.bucket]
		if bk == nil {
			continue
		}
		k := h.names.key(r.d)
		rec := cellRecord{Bucket: r.bucket, Kind: string(r.kind), Layout: r.layout, Queue: k.Queue, Channel: k.Channel,
			Profile: k.Profile, Agent: k.Agent, Step: k.Step}
		if r.kind == 'c' {
			s := &bk.contact[r.layout]
			i, ok := s.index(r.d)
			if !ok {
				continue
			}
			c := s.cellAt(i)
			rec.Contact = c.stored(bk.histsAt(int(r.layout), i))
		} else {
			rec.Time = bk.time[r.layout].find(r.d)
			if rec.Time == nil {
				continue
			}
		}
		v, _ := json.Marshal(rec)
		out = append(out, Record{Key: h.cellKey(r), Value: v})
	}
	for a := range h.dirtyAgents {
		if tr := h.agents[a]; tr != nil {
			v, _ := json.Marshal(agentRecord{Kind: "a", Agent: a, tracker: *tr})
			out = append(out, Record{Key: "a/" + a, Value: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Untracked tells h that its changes are not stored (a store that is not
// durable): from now on it records none, so Pending is false and Changes
// empty, and the changes not yet committed are forgotten. Recording them
// only to throw them away at every flush was a tenth of the history's
// work.
func (h *History) Untracked() {
	if !h.untracked {
		h.untracked = true
		h.dirty, h.dirtyAgents, h.dropped = map[cellRef]struct{}{}, map[string]bool{}, nil
	}
}

// Committed forgets the changes Changes returned: they are durable.
func (h *History) Committed() {
	h.dropped = h.dropped[:0]
	if len(h.dirty) > 0 {
		clear(h.dirty)
	}
	if len(h.dirtyAgents) > 0 {
		clear(h.dirtyAgents)
	}
}

type agentRecord struct {
	Kind  string `json:"k"`
	Agent string `json:"agent"`
	tracker
}

// Load restores one record value that Changes handed out earlier (records
// carry their own keys' contents, so the value alone suffices).
func (h *History) Load(value []byte) error {
	var probe struct {
		Kind string `json:"k"`
	}
	if err := json.Unmarshal(value, &probe); err != nil {
		return fmt.Errorf("metrics record: %w", err)
	}
	if probe.Kind == "a" {
		var ar agentRecord
		if err := json.Unmarshal(value, &ar); err != nil {
			return fmt.Errorf("metrics agent record: %w", err)
		}
		tr := ar.tracker
		if old := h.agents[ar.Agent]; old != nil {
			h.disown(old)
			*old = tr // the same tracker: agentAt may point at it
		} else {
			h.agents[ar.Agent] = &tr
		}
		return nil
	}
	var rec cellRecord
	if err := json.Unmarshal(value, &rec); err != nil {
		return fmt.Errorf("metrics cell: %w", err)
	}
	d := dims{queue: h.names.id(rec.Queue), channel: h.names.id(rec.Channel), profile: h.names.id(rec.Profile),
		agent: h.names.id(rec.Agent), step: h.names.id(rec.Step)}
	switch {
	case rec.Kind == "c" && rec.Contact != nil && int(rec.Layout) < numContactLayouts:
		l := int(rec.Layout)
		c, hs := cellOf(rec.Contact)
		to, toHists := h.bucket(rec.Bucket).contactCell(l, d)
		*to = c
		if toHists != nil {
			*toHists = hs
		}
		if rolledUp[l] {
			hc, hhs := h.hour(rec.Bucket).contactCell(l, d)
			hc.add(&c)
			if hhs != nil {
				hhs.answers.merge(hs.answers)
				hhs.abandons.merge(hs.abandons)
			}
		}
	case rec.Kind == "t" && rec.Time != nil && int(rec.Layout) < numTimeLayouts:
		l := int(rec.Layout)
		*h.bucket(rec.Bucket).timeCell(l, d) = *rec.Time
		if rolledUpTime[l] {
			h.hour(rec.Bucket).timeCell(l, d).add(rec.Time)
		}
	default:
		return fmt.Errorf("metrics cell: unknown kind %q layout %d", rec.Kind, rec.Layout)
	}
	return nil
}

// Stats describes the history's size (for benchmarks and diagnostics).
type Stats struct{ Buckets, ContactCells, TimeCells, Agents int }

// Stats counts buckets and cells.
func (h *History) Stats() Stats {
	s := Stats{Buckets: len(h.buckets), Agents: len(h.agents)}
	for _, b := range h.buckets {
		for l := range b.contact {
			s.ContactCells += len(b.contact[l].keys)
		}
		for l := range b.time {
			s.TimeCells += b.time[l].size()
		}
	}
	return s
}
