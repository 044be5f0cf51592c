package flowres

import (
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/instance"
)

func ov(from, till string, r *OverrideRecurrence, days ...string) *HoursOverride {
	o := &HoursOverride{EffectiveFrom: from, EffectiveTill: till, Recurrence: r}
	for _, d := range days {
		o.Config = append(o.Config, instance.HoursConfig{Day: d})
	}
	return o
}

func day(s string) time.Time {
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}

// applyDates lists the dates from..to on which o applies.
func applyDates(o *HoursOverride, from, to string) []string {
	var out []string
	for d := day(from); !d.After(day(to)); d = d.AddDate(0, 0, 1) {
		if o.appliesOn(d) {
			out = append(out, d.Format(dateLayout))
		}
	}
	return out
}

func TestOverrideRecurrenceExpansion(t *testing.T) {
	for _, tc := range []struct {
		name     string
		o        *HoursOverride
		from, to string
		want     string
	}{
		{"no recurrence: every date of the range", ov("2026-12-24", "2026-12-26", nil), "2026-12-20", "2027-12-31",
			"2026-12-24 2026-12-25 2026-12-26"},
		{"yearly on EffectiveFrom's date, until EffectiveTill", ov("2026-12-25", "2029-12-31", &OverrideRecurrence{Frequency: FreqYearly, Interval: 1}), "2026-01-01", "2031-12-31",
			"2026-12-25 2027-12-25 2028-12-25 2029-12-25"},
		{"yearly on 1 January: the window crosses the year end", ov("2026-12-31", "2028-12-31", &OverrideRecurrence{Frequency: FreqYearly, Interval: 1, ByMonth: []int64{1}, ByMonthDay: []int64{1}}), "2026-12-01", "2029-01-31",
			"2027-01-01 2028-01-01"},
		{"monthly on the 30th skips February", ov("2026-01-30", "2026-04-30", &OverrideRecurrence{Frequency: FreqMonthly, Interval: 1}), "2026-01-01", "2026-05-31",
			"2026-01-30 2026-03-30 2026-04-30"},
		{"weekly: every date of every other week", ov("2026-01-05", "2026-02-28", &OverrideRecurrence{Frequency: FreqWeekly, Interval: 2}), "2026-01-01", "2026-01-25",
			"2026-01-05 2026-01-06 2026-01-07 2026-01-08 2026-01-09 2026-01-10 2026-01-11 2026-01-19 2026-01-20 2026-01-21 2026-01-22 2026-01-23 2026-01-24 2026-01-25"},
		{"monthly on the 2nd Tuesday", ov("2026-01-01", "2026-12-31", &OverrideRecurrence{Frequency: FreqMonthly, Interval: 1, ByWeekdayOccurrence: []int64{2}}, "TUESDAY"),
			"2026-01-01", "2026-04-30", "2026-01-13 2026-02-10 2026-03-10 2026-04-14"},
		{"every 3 months on the 15th", ov("2026-01-20", "2026-12-31", &OverrideRecurrence{Frequency: FreqMonthly, Interval: 3, ByMonthDay: []int64{15}}),
			"2026-01-01", "2027-12-31", "2026-04-15 2026-07-15 2026-10-15"},
		{"last day of the month", ov("2026-01-01", "2026-12-31", &OverrideRecurrence{Frequency: FreqMonthly, Interval: 1, ByMonthDay: []int64{-1}}),
			"2026-01-01", "2026-04-30", "2026-01-31 2026-02-28 2026-03-31 2026-04-30"},
		{"the 31st is skipped in short months", ov("2026-01-31", "2026-12-31", &OverrideRecurrence{Frequency: FreqMonthly, Interval: 1, ByMonthDay: []int64{31}}),
			"2026-01-01", "2026-05-31", "2026-01-31 2026-03-31 2026-05-31"},
		{"last Friday", ov("2026-01-01", "2026-12-31", &OverrideRecurrence{Frequency: FreqMonthly, Interval: 1, ByWeekdayOccurrence: []int64{-1}}, "FRIDAY"),
			"2026-01-01", "2026-03-31", "2026-01-30 2026-02-27 2026-03-27"},
		{"2nd Thursday of April, yearly", ov("2026-01-01", "2030-12-31", &OverrideRecurrence{Frequency: FreqYearly, Interval: 1, ByMonth: []int64{4}, ByWeekdayOccurrence: []int64{2}}, "THURSDAY"),
			"2026-01-01", "2027-12-31", "2026-04-09 2027-04-08"},
		{"leap day: only in leap years", ov("2024-02-29", "2030-12-31", &OverrideRecurrence{Frequency: FreqYearly, Interval: 1}), "2024-01-01", "2030-12-31",
			"2024-02-29 2028-02-29"},
		{"every 2 years, ByMonth/ByMonthDay", ov("2026-03-01", "2031-12-31", &OverrideRecurrence{Frequency: FreqYearly, Interval: 2, ByMonth: []int64{7}, ByMonthDay: []int64{4}}),
			"2026-01-01", "2031-12-31", "2026-07-04 2028-07-04 2030-07-04"},
		{"nothing outside the window", ov("2026-06-20", "2027-06-30", &OverrideRecurrence{Frequency: FreqYearly, Interval: 1, ByMonth: []int64{1}, ByMonthDay: []int64{1}}),
			"2026-01-01", "2029-01-31", "2027-01-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(applyDates(tc.o, tc.from, tc.to), " "); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// The date is the hours' time zone's: 23:30 UTC on 23 December is already
// 24 December in Paris, not yet in New York.
func TestOverrideRecurrenceTimeZone(t *testing.T) {
	o := ov("2026-12-24", "2035-12-31", &OverrideRecurrence{Frequency: FreqYearly, Interval: 1})
	at := time.Date(2030, 12, 23, 23, 30, 0, 0, time.UTC)
	for tz, want := range map[string]bool{"Europe/Paris": true, "America/New_York": false, "UTC": false, "Pacific/Kiritimati": true} {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			t.Fatal(err)
		}
		if got := o.appliesOn(at.In(loc)); got != want {
			t.Errorf("%s: applies %v, want %v", tz, got, want)
		}
	}
}

func TestOverrideRecurrenceCheck(t *testing.T) {
	ok := []OverrideRecurrence{
		{Frequency: FreqWeekly, Interval: 1},
		{Frequency: FreqMonthly, Interval: 6, ByMonthDay: []int64{-1}},
		{Frequency: FreqMonthly, Interval: 1, ByWeekdayOccurrence: []int64{4}},
		{Frequency: FreqYearly, Interval: 1, ByMonth: []int64{12}, ByMonthDay: []int64{25}},
		{Frequency: FreqYearly, Interval: 1, ByMonth: []int64{4}, ByWeekdayOccurrence: []int64{-1}},
	}
	for _, r := range ok {
		if err := checkRecurrence(&r); err != nil {
			t.Errorf("%+v: %v", r, err)
		}
	}
	bad := map[string]OverrideRecurrence{
		"Frequency":           {Frequency: "DAILY", Interval: 1},
		"Interval":            {Frequency: FreqWeekly, Interval: 0},
		"Interval 7":          {Frequency: FreqWeekly, Interval: 7},
		"one value":           {Frequency: FreqYearly, Interval: 1, ByMonth: []int64{1, 2}},
		"ByMonth 13":          {Frequency: FreqYearly, Interval: 1, ByMonth: []int64{13}},
		"ByMonthDay 0":        {Frequency: FreqMonthly, Interval: 1, ByMonthDay: []int64{0}},
		"ByMonthDay 32":       {Frequency: FreqMonthly, Interval: 1, ByMonthDay: []int64{32}},
		"ByWeekdayOccurrence": {Frequency: FreqMonthly, Interval: 1, ByWeekdayOccurrence: []int64{5}},
		"both By":             {Frequency: FreqMonthly, Interval: 1, ByMonthDay: []int64{1}, ByWeekdayOccurrence: []int64{1}},
		"weekly ByMonthDay":   {Frequency: FreqWeekly, Interval: 1, ByMonthDay: []int64{1}},
		"weekly ByWeekdayOcc": {Frequency: FreqWeekly, Interval: 1, ByWeekdayOccurrence: []int64{1}},
		"ByMonth, not YEARLY": {Frequency: FreqMonthly, Interval: 1, ByMonth: []int64{1}},
	}
	for name, r := range bad {
		if err := checkRecurrence(&r); err == nil || !strings.Contains(err.Error(), "RecurrencePattern") {
			t.Errorf("%s: %+v accepted (%v)", name, r, err)
		}
	}
}
