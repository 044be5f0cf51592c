package engine

import "time"

// Passes for new contacts (routing/newonly.go has the reasoning).
//
// An available agent that is not dirty itself (availDirty, evalDirty)
// found nothing at its last examination, and its view has not changed
// since: it is rebuilt only when the agent is re-checked. A waiting
// contact can have become eligible for it only by being (re-)added to a
// routing queue (reroute: it is in newContacts), or by reaching a queue
// delay: enqueue arms a timer at each delay of its queue, whose pass
// examines the agents of the queue's profiles fully (profDirty). What no
// timer covers is a contact that was waiting at a configuration change
// (new delays) or at a Restore (timers not re-armed): until every such
// contact is past every delay (the longest one after the change), and the
// profile's agents have been examined fully once since, a profile's
// agents are all examined fully (fullCheck), as every pass did before.

// fullCheck tracks the profiles whose agents may be examined against new
// contacts only: those with a full examination (in profDirty) at or after
// from plus the longest queue delay, from being the last configuration
// change or Restore (epoch numbers them).
type fullCheck struct {
	from  time.Time
	epoch uint64
	done  map[string]uint64 // profile ID → epoch of such an examination
}

// start records a configuration change or Restore at now.
func (f *fullCheck) start(now time.Time) {
	f.from = now
	f.epoch++
	if f.done == nil {
		f.done = map[string]uint64{}
	}
}

// newFull moves to profDirty the profiles with new contacts whose agents
// must all be examined fully in this pass, and records the profiles whose
// agents the pass examines fully.
func (e *Engine) newFull(now time.Time) {
	f := &e.fullCheck
	all := e.fullPasses || e.newOverflow
	for _, p := range e.profNew.list {
		if all || f.done[p] != f.epoch {
			e.profDirty.add(p)
		}
	}
	if !now.Before(f.from.Add(e.maxDelay)) {
		for _, p := range e.profDirty.list {
			f.done[p] = f.epoch
		}
	}
}
