package engine

import (
	"slices"
	"time"
)

// Passes for new contacts (routing/newonly.go has the reasoning).
//
// An available agent that is not dirty itself (availDirty, evalDirty)
// found nothing at its last examination, and its view has not changed
// since: it is rebuilt only when the agent is re-checked. A waiting
// contact can have become eligible for it only by being (re-)added to a
// routing queue (reroute: it is in newContacts), or by reaching a queue
// delay: enqueue arms a timer at each delay of its queue, whose pass
// examines the agents of the queue's profiles fully (profDirty); a pass at
// or after a delay's instant that runs before its timer (another timer of
// the same instant) examines those profiles fully too (pendingDelays). What no
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
		if all || f.done[p] != f.epoch || e.delayDue(p, now) {
			e.profDirty.add(p)
		}
	}
	if !now.Before(f.from.Add(e.maxDelay)) {
		for _, p := range e.profDirty.list {
			f.done[p] = f.epoch
		}
	}
}

// delayDue reports whether a queue of the profile has a delay timer due
// at now that has not fired yet.
func (e *Engine) delayDue(profileID string, now time.Time) bool {
	if len(e.delays.queueOf) == 0 {
		return false
	}
	if p := e.cfg.Profile(profileID); p != nil {
		for _, q := range p.Queues {
			if e.delays.due(q, now) {
				return true
			}
		}
	}
	return false
}

// pendingDelays are the armed queue-delay timers (armDelays), by queue.
type pendingDelays struct {
	byQueue map[string][]pendingDelay
	queueOf map[string]string // timer key → queue ID
}

type pendingDelay struct {
	at  time.Time
	key string
}

// arm records the timer key, due at at for the queue (replacing the
// timer the key named before).
func (d *pendingDelays) arm(key, queueID string, at time.Time) {
	d.fired(key)
	if d.queueOf == nil {
		d.queueOf, d.byQueue = map[string]string{}, map[string][]pendingDelay{}
	}
	d.queueOf[key] = queueID
	d.byQueue[queueID] = append(d.byQueue[queueID], pendingDelay{at, key})
}

// fired forgets the timer key.
func (d *pendingDelays) fired(key string) {
	qid, ok := d.queueOf[key]
	if !ok {
		return
	}
	delete(d.queueOf, key)
	list := d.byQueue[qid]
	if i := slices.IndexFunc(list, func(p pendingDelay) bool { return p.key == key }); i >= 0 {
		list = slices.Delete(list, i, i+1)
	}
	if len(list) == 0 {
		delete(d.byQueue, qid)
	} else {
		d.byQueue[qid] = list
	}
}

// due reports whether a timer of the queue is due at now.
func (d *pendingDelays) due(queueID string, now time.Time) bool {
	for _, p := range d.byQueue[queueID] {
		if !p.at.After(now) {
			return true
		}
	}
	return false
}
