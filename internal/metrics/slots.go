package metrics

// FreeSlots is what an agent adds to SLOTS_AVAILABLE (SPEC §3.4): the
// slots it could still be routed. For a row with a channel it is that
// channel's free capacity, or 0 when the cross-channel rule (SPEC §2.1
// item 5) forbids the channel now. For a row without one it is the largest
// total reachable over any mix of the channels allowed by filter (nil: all
// the profile enables), adding contacts one channel at a time.
func FreeSlots(a *Agent, p *Profile, rowChannel string, filter map[string]bool) int {
	if a.Status != StatusRoutable || a.NextPending {
		return 0
	}
	load := map[string]int{}
	for _, c := range a.Conns {
		switch c.State {
		case ConnMissed, ConnRejected, ConnError:
			return 0 // blocked until set routable again
		default:
			load[c.Channel]++
		}
	}
	if rowChannel != "" {
		return freeOn(p, load, rowChannel)
	}
	var chans []string
	for _, ch := range sortedChannels(p) {
		if filter == nil || filter[ch] {
			chans = append(chans, ch)
		}
	}
	return bestMix(p, load, chans, 0)
}

// freeOn is the free capacity on ch given the current loads.
func freeOn(p *Profile, load map[string]int, ch string) int {
	conc := p.Concurrency[ch]
	if conc == 0 {
		return 0
	}
	for other, n := range load {
		if other != ch && n > 0 && !p.AnyChannel[other] {
			return 0
		}
	}
	return max(0, conc-load[ch])
}

// bestMix tries filling each not-yet-used channel of chans next and keeps
// the best total (at most 4! orders: the channels are few).
func bestMix(p *Profile, load map[string]int, chans []string, used uint) int {
	best := 0
	for i, ch := range chans {
		if used&(1<<i) != 0 {
			continue
		}
		n := freeOn(p, load, ch)
		if n == 0 {
			continue
		}
		before := load[ch]
		load[ch] += n
		if t := n + bestMix(p, load, chans, used|1<<i); t > best {
			best = t
		}
		load[ch] = before
	}
	return best
}
