package routing

// HasFreeSlotOn is HasFreeSlot for a load of n slots on one channel ch
// (none when n is 0), without a load map: most agents hold at most one
// contact.
func HasFreeSlotOn(prof *Profile, ch string, n int) bool {
	if prof == nil {
		return false
	}
	if n > 0 && !prof.AnyChannel[ch] {
		// ch is the one blocker: only more of it.
		conc, ok := prof.Concurrency[ch]
		return ok && conc > 0 && n < conc
	}
	for c, conc := range prof.Concurrency {
		if conc > 0 && (c != ch || n < conc) {
			return true
		}
	}
	return false
}
