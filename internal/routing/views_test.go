package routing

import (
	"fmt"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestCachedViewsMatchFreshOnes runs a series of passes over one changing
// snapshot with a kept Views cache, as the engine does: each pass's
// offers are taken out of the queues, new contacts arrive (some on a
// channel or in a queue the profiles' views have not seen yet, a new
// queue changing Gen), agents' loads change. Every pass must give what a
// pass resolving the profiles afresh (no cache) and the reference give.
func TestCachedViewsMatchFreshOnes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSnapshot(t)
		s.Views = NewViews()
		next := 100
		for round := range rapid.IntRange(1, 6).Draw(t, "rounds") {
			fresh := *s
			fresh.Views = nil
			want := Match(&fresh)
			if ref := reference(&fresh); fmt.Sprint(ref) != fmt.Sprint(want) {
				t.Fatalf("round %d: fresh Match %v\nreference %v", round, want, ref)
			}
			got := Match(s)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("round %d: cached views %v\nfresh views %v", round, got, want)
			}
			for _, o := range got {
				if aq := s.AgentQueues[o.QueueID]; aq != nil && aq.Remove(o.ContactID) {
					continue
				}
				s.Queues[o.QueueID].Remove(o.ContactID)
			}
			for _, a := range s.Agents {
				if rapid.IntRange(0, 3).Draw(t, "loadchange") == 0 {
					a.Load = map[string]int{}
					if rapid.Bool().Draw(t, "busy") {
						a.Load[channels[rapid.IntRange(0, 2).Draw(t, "busych")]] = 1
					}
				}
			}
			for range rapid.IntRange(0, 6).Draw(t, "arrivals") {
				qid := fmt.Sprintf("q%d", rapid.IntRange(0, 4).Draw(t, "newq"))
				c := &Contact{ID: fmt.Sprintf("c%03d", next), QueueID: qid, Channel: channels[rapid.IntRange(0, 2).Draw(t, "newch")],
					EnqueuedAt:    t0.Add(-time.Duration(rapid.IntRange(0, 120).Draw(t, "newwait")) * time.Second),
					QueuePriority: int64(rapid.IntRange(1, 5).Draw(t, "newqp")), Step: genExpr(t, "newstep")}
				next++
				if c.Step != nil {
					c.StepKey = c.Step.Canonical()
				}
				if s.Queues[qid] == nil {
					s.Queues[qid] = NewQueue(qid)
					s.Gen++ // the caller's promise: a new queue changes Gen
				}
				s.Queues[qid].Add(c)
			}
		}
	})
}

// A view kept across passes notices a channel its queue gained: a profile
// view built while the queue held only chats routes a later call.
func TestCachedViewSeesNewChannel(t *testing.T) {
	f := newFixture(t0)
	f.s.Views = NewViews()
	f.profile("p", map[string]int{"VOICE": 1, "CHAT": 1}, nil, cfg("q", "VOICE", 1, 0), cfg("q", "CHAT", 1, 0))
	f.agent("a", "p", time.Minute, map[string]int{"CHAT": 1}, nil)
	f.contact("chat", "q", "CHAT", time.Second, 5, nil)
	if got := Match(f.s); len(got) != 0 {
		t.Fatalf("busy agent offered %v", got)
	}
	f.s.Agents[0].Load = nil
	f.contact("call", "q", "VOICE", 2*time.Second, 5, nil)
	f.s.Queues["q"].Remove("chat")
	got := Match(f.s)
	if len(got) != 1 || got[0].ContactID != "call" {
		t.Fatalf("offers %v, want the call", got)
	}
}

// hasFreeSlotRef is HasFreeSlot as the conditions read: some channel of
// the profile with a free slot and no other channel's contact in the way.
func hasFreeSlotRef(prof *Profile, load map[string]int) bool {
	for ch := range prof.Concurrency {
		if canTakeRef(prof, load, ch) {
			return true
		}
	}
	return false
}

// canTakeRef checks capacity (docs/routing.md#channel-capacity-condition-4) and the cross-channel rule (docs/routing.md#cross-channel-rule-condition-5).
func canTakeRef(prof *Profile, load map[string]int, ch string) bool {
	conc := prof.Concurrency[ch]
	if conc <= 0 || load[ch] >= conc {
		return false
	}
	for other, n := range load {
		if other != ch && n > 0 && !prof.AnyChannel[other] {
			return false
		}
	}
	return true
}

func TestHasFreeSlotEqualsConditions(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		prof := &Profile{Concurrency: map[string]int{}, AnyChannel: map[string]bool{}}
		load := map[string]int{}
		for _, ch := range channels {
			if rapid.Bool().Draw(t, "listed") {
				prof.Concurrency[ch] = rapid.IntRange(0, 3).Draw(t, "conc")
			}
			prof.AnyChannel[ch] = rapid.Bool().Draw(t, "any")
			if rapid.Bool().Draw(t, "loaded") {
				load[ch] = rapid.IntRange(0, 4).Draw(t, "n")
			}
		}
		if got, want := HasFreeSlot(prof, load), hasFreeSlotRef(prof, load); got != want {
			t.Fatalf("HasFreeSlot(%v, %v) = %v, want %v", prof, load, got, want)
		}
	})
}

// HasFreeSlotOn answers as HasFreeSlot with the same one-channel load.
func TestHasFreeSlotOnEqualsHasFreeSlot(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		prof := &Profile{Concurrency: map[string]int{}, AnyChannel: map[string]bool{}}
		for _, ch := range channels {
			if rapid.Bool().Draw(t, "listed") {
				prof.Concurrency[ch] = rapid.IntRange(0, 3).Draw(t, "conc")
			}
			prof.AnyChannel[ch] = rapid.Bool().Draw(t, "any")
		}
		ch := rapid.SampledFrom(append([]string{""}, channels...)).Draw(t, "ch")
		n := rapid.IntRange(0, 4).Draw(t, "n")
		var load map[string]int
		if n > 0 {
			load = map[string]int{ch: n}
		}
		if got, want := HasFreeSlotOn(prof, ch, n), HasFreeSlot(prof, load); got != want {
			t.Fatalf("HasFreeSlotOn(%v, %q, %d) = %v, want %v", prof, ch, n, got, want)
		}
	})
}
