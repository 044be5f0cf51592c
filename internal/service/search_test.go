package service

import (
	"github.com/connect-local/connect-local/internal/engine"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/search"
	"github.com/connect-local/connect-local/internal/searchfeed"
	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/storage/storagetest"
)

// recordingIndexer keeps what the service hands it.
type recordingIndexer struct {
	got     map[string]*Contact // by contact ID, the latest copy
	calls   int
	dropped []string
}

func (r *recordingIndexer) IndexContact(instanceID string, c *Contact, agentPath []string) {
	r.calls++
	r.got[c.ID] = c
}

func (r *recordingIndexer) DropInstance(instanceID string) { r.dropped = append(r.dropped, instanceID) }

func TestIndexerHook(t *testing.T) {
	store := storagetest.Durable(storage.NewMemory())
	rec := &recordingIndexer{got: map[string]*Contact{}}
	s, err := New(Options{Store: store, Clock: clock.NewVirtual(attrT0), Indexers: []ContactIndexer{rec}})
	if err != nil {
		t.Fatal(err)
	}
	iid := newAttrInstance(t, s)
	var flowID string
	for _, f := range inst(s, iid).Flows {
		if f.Name == "Basic routing flow" {
			flowID = f.ID
		}
	}
	c, err := s.StartContact(testScope, iid, StartContactInput{Channel: "TASK", InitiationMethod: "API", FlowID: flowID, Name: "a",
		Attributes: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	got := rec.got[c.ID]
	if got == nil || got.State != StateQueued || got.Attributes["k"] != "v" {
		t.Fatalf("indexed copy: %+v", got)
	}
	// The copy is the indexer's: changing it does not touch the contact.
	got.Attributes["k"] = "changed"
	got.Tags["x"] = "y"
	if d, _ := s.DescribeContact(testScope, iid, c.ID); d.Attributes["k"] != "v" || d.Tags["x"] != "" {
		t.Fatalf("contact changed through the copy: %+v", d)
	}
	// A change is handed over at flush; a transcript counts as a change.
	calls := rec.calls
	if _, err := s.AddTranscript(testScope, iid, c.ID, []TranscriptSegment{{ParticipantRole: "AGENT", Content: "hello"}}, false); err != nil {
		t.Fatal(err)
	}
	if rec.calls != calls+1 || len(rec.got[c.ID].Extra().Transcript) != 1 {
		t.Fatalf("after transcript: %d calls, %+v", rec.calls, rec.got[c.ID].Extra().Transcript)
	}
	// A restart hands every contact over again, transcript included.
	rec2 := &recordingIndexer{got: map[string]*Contact{}}
	s2, err := New(Options{Store: store, Clock: clock.NewVirtual(attrT0), Indexers: []ContactIndexer{rec2}})
	if err != nil {
		t.Fatal(err)
	}
	if g := rec2.got[c.ID]; g == nil || len(g.Extra().Transcript) != 1 || g.Extra().Transcript[0].Content != "hello" {
		t.Fatalf("after restart: %+v", g)
	}
	if n := s2.search.Len(iid); n != 1 {
		t.Fatalf("search index after restart: %d contacts", n)
	}
	// Deleting the instance drops its index.
	if err := s2.DeleteInstance(testScope, iid); err != nil {
		t.Fatal(err)
	}
	if len(rec2.dropped) != 1 || rec2.dropped[0] != iid || s2.search.Len(iid) != 0 {
		t.Fatalf("after delete: dropped %v, %d left", rec2.dropped, s2.search.Len(iid))
	}
}

func TestSearchVisibility(t *testing.T) {
	at := attrT0
	for _, c := range []struct {
		what string
		c    Contact
		want bool
	}{
		{"task, just initiated", Contact{Channel: "TASK"}, true},
		{"chat before its flow", Contact{Channel: "CHAT"}, false},
		{"chat in its flow", Contact{Channel: "CHAT", ConnectedToSystem: engine.StampOf(at)}, true},
		{"voice queued", Contact{Channel: "VOICE", ConnectedToSystem: engine.StampOf(at), EnqueueTimestamp: engine.StampOf(at)}, false},
		{"voice callback queued", Contact{Channel: "VOICE", InitiationMethod: "CALLBACK", EnqueueTimestamp: engine.StampOf(at)}, true},
		{"voice connected", Contact{Channel: "VOICE", ConnectedToAgentTimestamp: engine.StampOf(at)}, true},
		{"voice abandoned", Contact{Channel: "VOICE", DisconnectTimestamp: engine.StampOf(at)}, true},
	} {
		if got := searchfeed.Visible(&c.c); got != c.want {
			t.Errorf("%s: visible %v", c.what, got)
		}
	}
	// Transcripts are searchable once the contact is complete.
	c := &Contact{ID: "c", Channel: "TASK", State: StateACW}
	c.SetTranscript([]TranscriptSegment{{ParticipantRole: "AGENT", Content: "hi"}})
	if r := searchfeed.Record(c, nil); r.Transcript != nil {
		t.Fatalf("transcript searchable in ACW")
	}
	c.State = StateCompleted
	c.QueueID, c.EnqueueTimestamp = "q", engine.StampOf(at.Add(time.Second))
	r := searchfeed.Record(c, []string{"g1"})
	if len(r.Transcript) != 1 || r.QueueID != "q" || !r.Times[search.Enqueue].Equal(at.Add(time.Second)) || r.HierarchyPath[0] != "g1" {
		t.Fatalf("record: %+v", r)
	}
}
