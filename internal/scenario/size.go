package scenario

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// MaxContactsSetting names the setting that raises the limit on the
// contacts a simulation may start, for messages.
const MaxContactsSetting = "--max-simulated-contacts (env CONNECT_LOCAL_MAX_SIMULATED_CONTACTS)"

// never is the offset at which a rate that does not change changes.
const never = time.Duration(math.MaxInt64)

// RateAt is a Poisson contact type's arrival rate per hour at offset t from
// the start of the run, and the offset at which it next changes. per_hour
// holds for ever. A schedule whose last change is before 24:00 repeats every
// day, the previous day's last rate holding until the day's first change; a
// longer one runs once, at rate 0 before its first change, its last rate
// holding for ever. A trace has rate 0.
func (a *Arrivals) RateAt(t time.Duration) (perHour float64, until time.Duration) {
	switch {
	case a.PerHour != nil:
		return *a.PerHour, never
	case len(a.Schedule) == 0:
		return 0, never
	}
	s := a.Schedule
	base, tod := time.Duration(0), t
	rate, until := 0.0, never
	if a.daily() {
		base, tod = t/day*day, t%day
		rate, until = s[len(s)-1].PerHour, base+day
	}
	for _, c := range s {
		if c.From.D() <= tod {
			rate = c.PerHour
			continue
		}
		return rate, base + c.From.D()
	}
	return rate, until
}

const day = 24 * time.Hour

// daily reports whether a schedule repeats every day.
func (a *Arrivals) daily() bool {
	return len(a.Schedule) > 0 && a.Schedule[len(a.Schedule)-1].From.D() < day
}

// integral is the expected number of Poisson arrivals in [from, to).
func (a *Arrivals) integral(from, to time.Duration) float64 {
	n := 0.0
	for t := from; t < to; {
		rate, until := a.RateAt(t)
		until = min(until, to)
		n += rate * (until - t).Hours()
		t = until
	}
	return n
}

// ExpectedArrivals is how many contacts of this type a run of the given
// length starts, expected: the Poisson rate integrated over the run, or the
// trace's arrivals before its end. It is what the simulation draws from,
// so a Poisson run's count varies around it by about its square root.
func (ct *ContactType) ExpectedArrivals(duration time.Duration) float64 {
	a := &ct.Arrivals
	if a.Trace != "" {
		n := 0
		for _, off := range ct.trace {
			if off < duration {
				n++
			}
		}
		return float64(n)
	}
	if a.daily() && duration > day {
		days := duration / day
		return float64(days)*a.integral(0, day) + a.integral(days*day, duration)
	}
	return a.integral(0, duration)
}

// ExpectedContacts is how many contacts the workload starts, expected: the
// sum of its contact types' ExpectedArrivals over its duration (0 without
// a workload).
func (sc *Scenario) ExpectedContacts() float64 {
	if sc.Workload == nil {
		return 0
	}
	n := 0.0
	for i := range sc.Workload.ContactTypes {
		n += sc.Workload.ContactTypes[i].ExpectedArrivals(sc.Workload.Duration.D())
	}
	return n
}

// CheckContacts refuses a workload expected to start more than limit
// contacts, before anything runs: the problem names the arrivals (file,
// line and field) of the contact type that brings the most, the expected
// count, the limit and the setting that raises it.
func (sc *Scenario) CheckContacts(limit int) error {
	total := sc.ExpectedContacts()
	if total <= float64(limit) {
		return nil
	}
	w := sc.Workload
	most, mostN := 0, math.Inf(-1)
	for i := range w.ContactTypes {
		if n := w.ContactTypes[i].ExpectedArrivals(w.Duration.D()); !(n <= mostN) {
			most, mostN = i, n
		}
	}
	ct := &w.ContactTypes[most]
	share := ""
	if len(w.ContactTypes) > 1 {
		share = fmt.Sprintf(", %s of them of type %q", count(mostN), ct.Name)
	}
	return &Error{Problems: []Problem{{File: sc.Name, Line: ct.arrivalsAt.line, Field: ct.arrivalsAt.field,
		Msg: fmt.Sprintf("the workload would start about %s contacts in %s%s, more than the %s a simulation may start; "+
			"lower the arrival rate or the duration, or raise the limit with %s",
			count(total), w.Duration.D(), share, count(float64(limit)), MaxContactsSetting)}}}
}

// count writes an expected number of contacts.
func count(n float64) string {
	if n < 1e15 {
		return strconv.FormatFloat(math.Round(n), 'f', 0, 64)
	}
	return strconv.FormatFloat(n, 'g', 3, 64)
}

// location is where a field is written in the scenario file.
type location struct {
	line  int
	field string
}
