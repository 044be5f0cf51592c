package simulation

import (
	"time"
)

// collector turns engine events into per-interval figures. All times are
// virtual; intervals count from the start of the run.
type collector struct {
	start    time.Time
	interval time.Duration
	sl       time.Duration
	total    *series
	queues   map[string]*series // by queue ID
	agents   map[string]*agentTrack
}

// series is one queue's (or the whole center's) intervals.
type series struct {
	iv []ivAcc
	// The number waiting now and since when.
	waiting int
	since   time.Time
}

// ivAcc accumulates one interval.
type ivAcc struct {
	offered, handled, abandoned, inSL int
	waitSum                           float64 // seconds, answered contacts
	queueArea                         float64 // contact-seconds waiting
	maxQueue                          int
	busyArea, idleArea                float64 // agent-seconds (center only)
}

type agentTrack struct {
	id       string // the agent's user ID
	routable bool
	busy     int // contacts connected or in ACW
	since    time.Time
}

func newCollector(start time.Time, interval, sl time.Duration) *collector {
	return &collector{start: start, interval: interval, sl: sl, total: &series{since: start},
		queues: map[string]*series{}, agents: map[string]*agentTrack{}}
}

func (c *collector) index(t time.Time) int {
	d := t.Sub(c.start)
	if d < 0 {
		return 0
	}
	return int(d / c.interval)
}

func (s *series) at(i int) *ivAcc {
	for len(s.iv) <= i {
		s.iv = append(s.iv, ivAcc{})
	}
	return &s.iv[i]
}

// spread calls fn for every interval [from, to) touches with the seconds
// it spends there.
func (c *collector) spread(from, to time.Time, fn func(i int, secs float64)) {
	for from.Before(to) {
		i := c.index(from)
		end := c.start.Add(time.Duration(i+1) * c.interval)
		if end.After(to) {
			end = to
		}
		fn(i, end.Sub(from).Seconds())
		from = end
	}
}

func (c *collector) queue(id string) *series {
	s := c.queues[id]
	if s == nil {
		s = &series{since: c.start}
		c.queues[id] = s
	}
	return s
}

// setWaiting moves a series' waiting count by delta at t.
func (c *collector) setWaiting(s *series, t time.Time, delta int) {
	n := s.waiting
	c.spread(s.since, t, func(i int, secs float64) {
		a := s.at(i)
		a.queueArea += float64(n) * secs
		if secs > 0 {
			a.maxQueue = max(a.maxQueue, n)
		}
	})
	s.waiting += delta
	s.since = t
}

func (c *collector) queued(t time.Time, queueID string) {
	for _, s := range []*series{c.total, c.queue(queueID)} {
		s.at(c.index(t)).offered++
		c.setWaiting(s, t, +1)
	}
}

// answered counts a contact that entered the queue at queuedAt (the
// interval it is reported in) and reached an agent at t.
func (c *collector) answered(t, queuedAt time.Time, queueID string) {
	wait := t.Sub(queuedAt)
	for _, s := range []*series{c.total, c.queue(queueID)} {
		a := s.at(c.index(queuedAt))
		a.handled++
		a.waitSum += wait.Seconds()
		if wait <= c.sl {
			a.inSL++
		}
		c.setWaiting(s, t, -1)
	}
}

func (c *collector) abandoned(t, queuedAt time.Time, queueID string) {
	for _, s := range []*series{c.total, c.queue(queueID)} {
		s.at(c.index(queuedAt)).abandoned++
		c.setWaiting(s, t, -1)
	}
}

// track is agent id's occupancy, made on first use.
func (c *collector) track(id string) *agentTrack {
	a := c.agents[id]
	if a == nil {
		a = &agentTrack{id: id, since: c.start}
		c.agents[id] = a
	}
	return a
}

// agent moves an agent's occupancy state (collector.track) at t: routable
// (nil: unchanged) and busy by delta.
func (c *collector) agent(t time.Time, a *agentTrack, routable *bool, delta int) {
	c.accrue(a, t)
	if routable != nil {
		a.routable = *routable
	}
	a.busy += delta
}

func (c *collector) accrue(a *agentTrack, t time.Time) {
	busy, idle := a.busy > 0, a.busy == 0 && a.routable
	if busy || idle {
		c.spread(a.since, t, func(i int, secs float64) {
			acc := c.total.at(i)
			if busy {
				acc.busyArea += secs
			} else {
				acc.idleArea += secs
			}
		})
	}
	a.since = t
}

// finish closes every open span at t.
func (c *collector) finish(t time.Time) {
	c.setWaiting(c.total, t, 0)
	for _, s := range c.queues {
		c.setWaiting(s, t, 0)
	}
	for _, a := range c.agents {
		c.accrue(a, t)
	}
}
