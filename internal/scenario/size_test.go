package scenario

import (
	"errors"
	"strings"
	"testing"
)

func workloadYAML(duration, arrivals string) string {
	return `
instance: {alias: x}
workload:
  duration: ` + duration + `
  contact_types:
    - name: call
      queue: BasicQueue
      handle_time: 3m
      arrivals: ` + arrivals + "\n"
}

// The expected count integrates every kind of arrivals over the run, with
// the rate semantics the simulation draws from.
func TestExpectedContacts(t *testing.T) {
	cases := []struct {
		name, duration, arrivals string
		want                     float64
	}{
		{"constant", "2h", "{per_hour: 30}", 60},
		{"zero", "24h", "{per_hour: 0}", 0},
		{"daily schedule, several days", "72h", `[{from: "08:00", per_hour: 60}, {from: "18:00", per_hour: 0}]`, 3 * 600},
		// Before 08:00 the day's last rate (5) holds: 8h×5 + 12h×10 + 4h×5.
		{"daily schedule wraps", "24h", `[{from: "08:00", per_hour: 10}, {from: "20:00", per_hour: 5}]`, 40 + 120 + 20},
		{"daily schedule, part of a day", "30h", `[{from: "08:00", per_hour: 10}, {from: "20:00", per_hour: 5}]`, 180 + 6*5},
		// Longer than a day: runs once, 0 before its first change, the last
		// rate for ever.
		{"long schedule", "48h", `[{from: "08:00", per_hour: 10}, {from: "30:00", per_hour: 1}]`, 22*10 + 18*1},
		{"trace", "1h", "{trace: t.txt}", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			arr := c.arrivals
			if strings.HasPrefix(arr, "[") {
				arr = "{schedule: " + arr + "}"
			}
			files := map[string][]byte{"t.txt": []byte("10\n00:59:59\n01:00:00\n2h\n")}
			sc, err := Parse([]byte(workloadYAML(c.duration, arr)), "t.yaml", FilesFrom(files))
			if err != nil {
				t.Fatal(err)
			}
			if got := sc.ExpectedContacts(); got < c.want-1e-6 || got > c.want+1e-6 {
				t.Errorf("expected contacts %v, want %v", got, c.want)
			}
		})
	}
}

// A workload that would start more contacts than the limit is refused,
// naming the line and field of the arrivals, the count, the limit and the
// setting that raises it.
func TestHugeWorkloadNamesItsLine(t *testing.T) {
	sc := parse(t, workloadYAML("24h", "{per_hour: 100000000}"))
	if err := sc.CheckContacts(3_000_000_000); err != nil {
		t.Fatalf("under the limit: %v", err)
	}
	err := sc.CheckContacts(1_000_000)
	var se *Error
	if !errors.As(err, &se) || len(se.Problems) != 1 {
		t.Fatalf("want one problem, got %v", err)
	}
	p := se.Problems[0]
	if p.Line != 9 || p.Field != "workload.contact_types[0].arrivals.per_hour" {
		t.Errorf("problem at line %d, field %q; want line 9, the per_hour", p.Line, p.Field)
	}
	for _, want := range []string{"t.yaml:9: workload.contact_types[0].arrivals.per_hour: ", "2400000000 contacts", "1000000", "--max-simulated-contacts", "CONNECT_LOCAL_MAX_SIMULATED_CONTACTS"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}

	// With several contact types, the one that brings the most is named.
	sc = parse(t, `
instance: {alias: x}
workload:
  duration: 10h
  contact_types:
    - {name: small, queue: BasicQueue, handle_time: 3m, arrivals: {per_hour: 60000}}
    - name: big
      queue: BasicQueue
      handle_time: 3m
      arrivals:
        schedule:
          - {from: "00:00", per_hour: 100000}
`)
	if err := sc.CheckContacts(1_600_000); err != nil {
		t.Fatalf("1.6 million contacts under a limit of 1.6 million: %v", err)
	}
	err = sc.CheckContacts(1_000_000)
	if err == nil || !strings.HasPrefix(err.Error(), "t.yaml:11: workload.contact_types[1].arrivals.schedule: ") ||
		!strings.Contains(err.Error(), "1600000 contacts") || !strings.Contains(err.Error(), `1000000 of them of type "big"`) {
		t.Errorf("want the big type's schedule named with the total, got %v", err)
	}
}

// Rates that are not numbers cannot slip past the count.
func TestRatesMustBeNumbers(t *testing.T) {
	for _, r := range []string{".nan", ".inf", "-1"} {
		_, err := Parse([]byte(workloadYAML("1h", "{per_hour: "+r+"}")), "t.yaml", FilesFrom(nil))
		if err == nil || !strings.Contains(err.Error(), "t.yaml:9: workload.contact_types[0].arrivals.per_hour: must be a number, 0 or more") {
			t.Errorf("per_hour %s: %v", r, err)
		}
		_, err = Parse([]byte(workloadYAML("1h", `{schedule: [{from: "00:00", per_hour: `+r+"}]}")), "t.yaml", FilesFrom(nil))
		if err == nil || !strings.Contains(err.Error(), "workload.contact_types[0].arrivals.schedule[0].per_hour: must be a number, 0 or more") {
			t.Errorf("schedule per_hour %s: %v", r, err)
		}
	}
}
