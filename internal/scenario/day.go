package scenario

import "time"

// ActiveSpan is when anything happens in the workload, as offsets from the
// start of the run: first is the earliest time of day at which an agent
// comes on (0 for agents without a shift) or contacts may arrive (a rate
// above 0, or a trace's first offset), last the latest at which an agent
// changes status or contacts may still arrive, within the workload's
// duration. Before first and after last the run has nothing to do but
// finish the contacts in flight. Without a workload both are 0.
func (sc *Scenario) ActiveSpan() (first, last time.Duration) {
	w := sc.Workload
	if w == nil {
		return 0, 0
	}
	end := w.Duration.D()
	first, last = end, 0
	span := func(from, to time.Duration) {
		from, to = max(from, 0), min(to, end)
		if from > to {
			return
		}
		first, last = min(first, from), max(last, to)
	}
	for _, g := range sc.Setup.Users {
		if g.Shift == nil {
			span(0, end)
			continue
		}
		on, off := g.Shift.Start.D(), g.Shift.End.D()
		span(on, off)
		for _, b := range g.Breaks { // the run skips breaks outside the shift
			span(max(b.At.D(), on), min(b.At.D()+b.Spread.D()+b.Length.D(), off))
		}
	}
	for i := range w.ContactTypes {
		ct := &w.ContactTypes[i]
		if ct.Arrivals.Trace != "" {
			for _, off := range ct.trace {
				span(off, off)
			}
			continue
		}
		for t := time.Duration(0); t < end; {
			rate, until := ct.Arrivals.RateAt(t)
			if rate > 0 {
				span(t, until)
			}
			t = until
		}
	}
	if first > last {
		return 0, 0
	}
	return first, last
}
