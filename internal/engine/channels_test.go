package engine

import (
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/routing"
)

// An agent's own settings for a channel decide auto-accept on offer and
// the ACW limit of that channel's contacts; the other channels keep
// AutoAccept and ACWLimit (docs/routing.md#offer-accept-miss-reject-and-acw).
func TestPerChannelAutoAcceptAndACW(t *testing.T) {
	h := newHarness(t)
	h.config(func(c *fakeConfig) {
		cfgs := []routing.QueueConfig{{QueueID: "q1", Channel: "VOICE"}, {QueueID: "q1", Channel: "CHAT"}}
		c.profiles["p1"] = &Profile{ID: "p1", Queues: []string{"q1"}, Routing: &routing.Profile{ID: "p1",
			Concurrency: map[string]int{"VOICE": 1, "CHAT": 2}, AnyChannel: map[string]bool{"VOICE": true, "CHAT": true},
			Tiers: routing.BuildTiers(cfgs, func(int) int64 { return 1 })}}
		a := c.agents["a1"]
		a.ACWLimit = time.Minute
		a.Channels = map[string]ChannelSettings{"CHAT": {AutoAccept: true, ACWLimit: 10 * time.Second}}
	})
	h.available("a1")
	chat := h.start("to:q1", func(c *Contact) { c.Channel = "CHAT" })
	if h.conn("a1", chat) != ConnConnected {
		t.Fatalf("chat: connection %q, want CONNECTED at once (CHAT auto-accept)", h.conn("a1", chat))
	}
	voice := h.start("to:q1")
	if h.conn("a1", voice) != ConnConnecting {
		t.Fatalf("call: connection %q, want CONNECTING (VOICE auto-accept off)", h.conn("a1", voice))
	}
	h.act("a1", voice, ActAccept)
	for _, id := range []string{chat, voice} {
		if err := h.e.Disconnect(h.contact(id), "CUSTOMER_DISCONNECT"); err != nil {
			t.Fatal(err)
		}
	}
	h.clk.Advance(10 * time.Second)
	if h.contact(chat).State != StateCompleted || h.contact(voice).State != StateACW {
		t.Fatalf("after 10 s: chat %s, call %s (want COMPLETED, ACW)", h.contact(chat).State, h.contact(voice).State)
	}
	h.clk.Advance(50 * time.Second)
	if h.contact(voice).State != StateCompleted {
		t.Fatalf("after 60 s: call %s, want COMPLETED", h.contact(voice).State)
	}
}
