package flowres

import (
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/instance"
)

// Recurring overrides (RecurrenceConfig.RecurrencePattern). Connect's API
// reference gives the members and their limits; how the pattern meets
// EffectiveFrom..EffectiveTill is connect-local's reading, written down in
// docs/flows.md#recurring-overrides:
//
//   - EffectiveFrom anchors the series: its week (WEEKLY), month (MONTHLY)
//     or year (YEARLY) is period 0, and every Interval-th period after it
//     holds an occurrence. Nothing starts before EffectiveFrom; the series
//     has no end.
//   - An occurrence starts on the pattern's date in its period and lasts
//     as many days as EffectiveFrom..EffectiveTill. The date is: WEEKLY,
//     EffectiveFrom's weekday; MONTHLY/YEARLY, ByMonthDay (-1: the last
//     day), else the ByWeekdayOccurrence-th weekday of each Day the Config
//     names (-1: the last; EffectiveFrom's weekday when Config names none),
//     else EffectiveFrom's day of the month. YEARLY takes the month from
//     ByMonth, else from EffectiveFrom.
//   - A date the month lacks (the 31st in April, 29 February in 2027) is
//     skipped for that period, as the API reference says for ByMonthDay.

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

// appliesOn reports whether the override applies on the calendar date of
// t in t's location (CheckHoursOfOperation passes the instant in the
// hours' time zone).
func (o *HoursOverride) appliesOn(t time.Time) bool {
	date := civil(t)
	from, err1 := time.Parse(dateLayout, o.EffectiveFrom)
	till, err2 := time.Parse(dateLayout, o.EffectiveTill)
	if err1 != nil || err2 != nil || date.Before(from) {
		return false
	}
	r := o.Recurrence
	if r == nil || checkRecurrence(r) != nil {
		return !date.After(till)
	}
	span, n := daysBetween(from, till), int(r.Interval)
	if r.Frequency == FreqWeekly {
		// Occurrences start every 7n days from EffectiveFrom.
		return daysBetween(from, date)%(7*n) <= span
	}
	// Period k of a MONTHLY/YEARLY series; walk back from the period
	// holding date while an occurrence of the period could reach it.
	k := (date.Year()*12 + int(date.Month()) - from.Year()*12 - int(from.Month())) / n
	if r.Frequency == FreqYearly {
		k = (date.Year() - from.Year()) / n
	}
	for ; k >= 0; k-- {
		first, last := o.period(k)
		if last.AddDate(0, 0, span).Before(date) {
			return false
		}
		if first.After(date) {
			continue
		}
		for _, s := range o.startsIn(first, from) {
			if !s.Before(from) && !s.After(date) && daysBetween(s, date) <= span {
				return true
			}
		}
	}
	return false
}

// period returns the first and last day of the month period k draws its
// occurrences from (YEARLY: the ByMonth month, else EffectiveFrom's month,
// of year k·Interval).
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
