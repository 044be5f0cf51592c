package flowres

import (
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/instance"
)

// Recurring overrides (RecurrenceConfig.RecurrencePattern). Connect's API
// reference gives the members and their limits; the admin guide says the
// effective dates decide whether an override is considered at all. How the
// pattern meets EffectiveFrom..EffectiveTill is connect-local's reading,
// written down in docs/flows.md#recurring-overrides (appliesOn): the range
// is the window, and the pattern picks single dates inside it.

// Frequencies of a RecurrencePattern.
const (
	FreqWeekly  = "WEEKLY"
	FreqMonthly = "MONTHLY"
	FreqYearly  = "YEARLY"
)

// checkRecurrence refuses what the API reference of RecurrencePattern
// says is invalid: a missing or unknown Frequency, an Interval outside
// 1–6, more than one value in a By list or a value outside its range,
// ByMonth without YEARLY, ByMonthDay or ByWeekdayOccurrence with WEEKLY,
// and ByMonthDay together with ByWeekdayOccurrence.
func checkRecurrence(r *OverrideRecurrence) error {
	if r == nil {
		return nil
	}
	switch r.Frequency {
	case FreqWeekly, FreqMonthly, FreqYearly:
	default:
		return instance.InvalidParam("RecurrencePattern.Frequency must be WEEKLY, MONTHLY or YEARLY, not %q.", r.Frequency)
	}
	if r.Interval < 1 || r.Interval > 6 {
		return instance.InvalidParam("RecurrencePattern.Interval must be from 1 to 6, not %d.", r.Interval)
	}
	for _, l := range []struct {
		name     string
		vals     []int64
		min, max int64
	}{{"ByMonth", r.ByMonth, 1, 12}, {"ByMonthDay", r.ByMonthDay, -1, 31}, {"ByWeekdayOccurrence", r.ByWeekdayOccurrence, -1, 4}} {
		if len(l.vals) > 1 {
			return instance.InvalidParam("RecurrencePattern.%s takes one value, not %d.", l.name, len(l.vals))
		}
		for _, v := range l.vals {
			if v < l.min || v > l.max || v == 0 {
				return instance.InvalidParam("RecurrencePattern.%s must be -1 or from 1 to %d, not %d.", l.name, l.max, v)
			}
		}
	}
	if len(r.ByMonth) > 0 && r.Frequency != FreqYearly {
		return instance.InvalidParam("RecurrencePattern.ByMonth is used with YEARLY frequency only.")
	}
	if r.Frequency == FreqWeekly && (len(r.ByMonthDay) > 0 || len(r.ByWeekdayOccurrence) > 0) {
		return instance.InvalidParam("RecurrencePattern.ByMonthDay and ByWeekdayOccurrence are used with MONTHLY or YEARLY frequency only.")
	}
	if len(r.ByMonthDay) > 0 && len(r.ByWeekdayOccurrence) > 0 {
		return instance.InvalidParam("RecurrencePattern.ByMonthDay cannot be used with ByWeekdayOccurrence.")
	}
	return nil
}

// civil is the calendar date of t (in t's location) at midnight UTC, so
// that date arithmetic never meets a daylight-saving change.
func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func daysBetween(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

// appliesOn reports whether the override applies on the date of t, in
// t's own location (the hours' time zone). EffectiveFrom..EffectiveTill
// (both included) is the window in which it applies at all; without a
// recurrence every date of the window is one of its dates, with one only
// the dates its pattern picks inside the window (docs/flows.md#recurring-overrides):
// WEEKLY, every Interval-th week counted from EffectiveFrom; MONTHLY and
// YEARLY, every Interval-th month or year from EffectiveFrom's, on the day
// ByMonthDay or ByWeekdayOccurrence names (else EffectiveFrom's day of the
// month), in ByMonth (else EffectiveFrom's month) for YEARLY. A day a month
// lacks is skipped. The override's Config then says which weekdays of
// those dates it covers, as for any override.
func (o *HoursOverride) appliesOn(t time.Time) bool {
	date := civil(t)
	from, err1 := time.Parse(dateLayout, o.EffectiveFrom)
	till, err2 := time.Parse(dateLayout, o.EffectiveTill)
	if err1 != nil || err2 != nil || date.Before(from) || date.After(till) {
		return false
	}
	r := o.Recurrence
	if r == nil || checkRecurrence(r) != nil {
		return true
	}
	n := int(r.Interval)
	if r.Frequency == FreqWeekly {
		return (daysBetween(from, date)/7)%n == 0
	}
	steps := date.Year()*12 + int(date.Month()) - from.Year()*12 - int(from.Month())
	if r.Frequency == FreqYearly {
		steps = date.Year() - from.Year()
	}
	if steps%n != 0 {
		return false
	}
	first, _ := o.period(steps / n)
	if first.Year() != date.Year() || first.Month() != date.Month() {
		return false
	}
	for _, s := range o.startsIn(first, from) {
		if s.Equal(date) {
			return true
		}
	}
	return false
}

func (o *HoursOverride) period(k int) (first, last time.Time) {
	from, _ := time.Parse(dateLayout, o.EffectiveFrom)
	r := o.Recurrence
	if r.Frequency == FreqYearly {
		m := from.Month()
		if len(r.ByMonth) > 0 {
			m = time.Month(r.ByMonth[0])
		}
		first = time.Date(from.Year()+k*int(r.Interval), m, 1, 0, 0, 0, 0, time.UTC)
	} else {
		first = time.Date(from.Year(), from.Month()+time.Month(k*int(r.Interval)), 1, 0, 0, 0, 0, time.UTC)
	}
	return first, first.AddDate(0, 1, -1)
}

// startsIn lists the occurrence starts in the month beginning on first.
func (o *HoursOverride) startsIn(first, from time.Time) []time.Time {
	r := o.Recurrence
	last := first.AddDate(0, 1, -1)
	day := func(d int) []time.Time {
		if d == -1 {
			return []time.Time{last}
		}
		if d < 1 || d > last.Day() {
			return nil // the month lacks that day: skipped
		}
		return []time.Time{first.AddDate(0, 0, d-1)}
	}
	switch {
	case len(r.ByMonthDay) > 0:
		return day(int(r.ByMonthDay[0]))
	case len(r.ByWeekdayOccurrence) > 0:
		var out []time.Time
		for _, wd := range o.weekdays(from) {
			out = append(out, nthWeekday(first, wd, int(r.ByWeekdayOccurrence[0])))
		}
		return out
	}
	return day(from.Day())
}

// weekdays are the days the override's Config names, else EffectiveFrom's.
func (o *HoursOverride) weekdays(from time.Time) []time.Weekday {
	seen := map[time.Weekday]bool{}
	var out []time.Weekday
	for _, c := range o.Config {
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			if strings.EqualFold(c.Day, wd.String()) && !seen[wd] {
				seen[wd] = true
				out = append(out, wd)
			}
		}
	}
	if len(out) == 0 {
		out = []time.Weekday{from.Weekday()}
	}
	return out
}

// nthWeekday is the n-th (1–4) or last (-1) weekday wd of the month
// beginning on first.
func nthWeekday(first time.Time, wd time.Weekday, n int) time.Time {
	if n == -1 {
		last := first.AddDate(0, 1, -1)
		return last.AddDate(0, 0, -((int(last.Weekday()) - int(wd) + 7) % 7))
	}
	d := first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7)
	return d.AddDate(0, 0, 7*(n-1))
}
