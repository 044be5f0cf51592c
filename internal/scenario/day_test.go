package scenario

import (
	"testing"
	"time"
)

// ActiveSpan is the first and last time of day at which anything happens.
func TestActiveSpan(t *testing.T) {
	h := func(hh, mm int) time.Duration { return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute }
	for _, c := range []struct {
		name, users, arrivals string
		first, last           time.Duration
	}{
		{"shift before the schedule", `[{username: a, shift: {start: "07:30", end: "16:00"}}]`,
			`{schedule: [{from: "00:00", per_hour: 0}, {from: "08:00", per_hour: 10}, {from: "21:00", per_hour: 0}]}`, h(7, 30), h(21, 0)},
		{"no shift: all day", `[{username: a}]`,
			`{schedule: [{from: "00:00", per_hour: 0}, {from: "08:00", per_hour: 10}, {from: "21:00", per_hour: 0}]}`, 0, h(24, 0)},
		{"constant rate: all day", `[{username: a, shift: {start: "09:00", end: "10:00"}}]`, `{per_hour: 5}`, 0, h(24, 0)},
		{"a daily schedule's last rate holds until its first change", `[{username: a, shift: {start: "09:00", end: "10:00"}}]`,
			`{schedule: [{from: "08:00", per_hour: 10}, {from: "20:00", per_hour: 1}]}`, 0, h(24, 0)},
		{"a break after the shift is skipped", `[{username: a, shift: {start: "09:00", end: "10:00"}, breaks: [{status: Offline, at: "11:00", length: 1h}]}]`,
			`{schedule: [{from: "00:00", per_hour: 0}, {from: "09:30", per_hour: 10}, {from: "09:45", per_hour: 0}]}`, h(9, 0), h(10, 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc := parse(t, `instance: {alias: x}
setup:
  users: `+c.users+`
workload:
  contact_types:
    - {name: c, queue: BasicQueue, handle_time: 1m, arrivals: `+c.arrivals+`}
`)
			if first, last := sc.ActiveSpan(); first != c.first || last != c.last {
				t.Errorf("ActiveSpan = %v, %v; want %v, %v", first, last, c.first, c.last)
			}
		})
	}
}
