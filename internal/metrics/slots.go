package metrics

// The channels slots are counted on, by index.
var slotChannels = [...]string{"VOICE", "CHAT", "TASK", "EMAIL"}

func channelIndex(ch string) int {
	for i, c := range slotChannels {
		if c == ch {
			return i
		}
	}
	return -1
}

// slotProfile is a profile's capacity as arrays, for counting free slots
// without maps.
type slotProfile struct {
	p    *Profile
	conc [len(slotChannels)]int
	any  [len(slotChannels)]bool
}

func prepare(p *Profile) *slotProfile {
	sp := &slotProfile{p: p}
	for ch, n := range p.Concurrency {
		if i := channelIndex(ch); i >= 0 {
			sp.conc[i], sp.any[i] = n, p.AnyChannel[ch]
		}
	}
	return sp
}

// FreeSlots is what an agent adds to SLOTS_AVAILABLE (docs/metrics.md#the-13-real-time-metrics): the
// slots it could still be routed. For a row with a channel it is that
// channel's free capacity, or 0 when the cross-channel rule (docs/routing.md#when-an-agent-may-be-offered-a-contact
// item 5) forbids the channel now. For a row without one it is the largest
// total reachable over any mix of the channels allowed by filter (nil: all
// the profile enables), adding contacts one channel at a time.
func FreeSlots(a *Agent, p *Profile, rowChannel string, filter map[string]bool) int {
	return prepare(p).free(a, rowChannel, filter)
}

func (p *slotProfile) free(a *Agent, rowChannel string, filter map[string]bool) int {
	if a.Status != StatusRoutable || a.NextPending {
		return 0
	}
	var load [len(slotChannels)]int
	for _, c := range a.Conns {
		switch c.State {
		case ConnMissed, ConnRejected, ConnError:
			return 0 // blocked until set routable again
		default:
			if i := channelIndex(c.Channel); i >= 0 {
				load[i]++
			}
		}
	}
	if rowChannel != "" {
		i := channelIndex(rowChannel)
		if i < 0 {
			return 0
		}
		return p.freeOn(&load, i)
	}
	var allowed uint
	for i, ch := range slotChannels {
		if p.conc[i] > 0 && (filter == nil || filter[ch]) {
			allowed |= 1 << i
		}
	}
	return p.bestMix(&load, allowed)
}

// freeOn is the free capacity on channel i given the current loads.
func (p *slotProfile) freeOn(load *[len(slotChannels)]int, i int) int {
	if p.conc[i] == 0 {
		return 0
	}
	for j, n := range load {
		if j != i && n > 0 && !p.any[j] {
			return 0
		}
	}
	return max(0, p.conc[i]-load[i])
}

// bestMix tries filling each allowed, not yet filled channel next and
// keeps the best total (at most 4! orders: the channels are few).
func (p *slotProfile) bestMix(load *[len(slotChannels)]int, pending uint) int {
	best := 0
	for i := range slotChannels {
		if pending&(1<<i) == 0 {
			continue
		}
		n := p.freeOn(load, i)
		if n == 0 {
			continue
		}
		load[i] += n
		if t := n + p.bestMix(load, pending&^(1<<i)); t > best {
			best = t
		}
		load[i] -= n
	}
	return best
}
