package simulation

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// A small run by hand: two 15-minute intervals, the first with 4 contacts
// offered (SL 50 %), the second with 1 (SL 100 %), and a target of 80 %.
func handReport() *Report {
	start := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	f := func(v float64) *float64 { return &v }
	iv := []Stats{
		{Start: start, Offered: 4, Handled: 4, AnsweredInThreshold: 2, ServiceLevel: f(50), ASA: f(25), AbandonRate: f(0), Occupancy: f(60), AgentsStaffed: f(2)},
		{Start: start.Add(15 * time.Minute), Offered: 1, Handled: 1, AnsweredInThreshold: 1, ServiceLevel: f(100), ASA: f(3), AbandonRate: f(0), Occupancy: f(20), AgentsStaffed: f(2)},
	}
	q := make([]Stats, len(iv))
	for i, s := range iv {
		s.Occupancy, s.AgentsStaffed = nil, nil
		q[i] = s
	}
	return &Report{Scenario: "examples/day.yaml", Start: start, End: start.Add(30 * time.Minute), IntervalSeconds: 900,
		ServiceLevelSeconds: 20, ServiceLevelTarget: 80, Total: Stats{Offered: 5, Handled: 5, ServiceLevel: f(60), Occupancy: f(40), AgentsStaffed: f(2)},
		Intervals: iv, Queues: []QueueReport{{Name: "Support", Total: Stats{Offered: 5, Handled: 5, ServiceLevel: f(60)}, Intervals: q}}}
}

// The service-level chart shows, behind each point, the contacts offered
// as a bar on a second axis, and the target as a line; titles say "per 15
// minutes".
func TestServiceLevelChartShowsVolumeAndTarget(t *testing.T) {
	var b strings.Builder
	if err := handReport().WriteSVG(&b, ChartServiceLevel); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	if !strings.Contains(svg, "Service level (answered within 20 seconds), per 15 minutes<") || strings.Contains(svg, "15m0s") {
		t.Errorf("title: %s", regexp.MustCompile(`<text[^>]*font-weight="bold">[^<]*`).FindString(svg))
	}
	bars := regexp.MustCompile(`<rect class="volume" x="[^"]*" y="([^"]*)" width="[^"]*" height="([^"]*)"[^>]*><title>([^<]*)</title>`).FindAllStringSubmatch(svg, -1)
	if len(bars) != 2 || bars[0][3] != "08:00: 4 contacts offered" || bars[1][3] != "08:15: 1 contacts offered" {
		t.Fatalf("volume bars: %q", bars)
	}
	// Heights in proportion to the volume: the axis runs to 5 (niceCeil(4)).
	var h0, h1 float64
	fmt.Sscan(bars[0][2], &h0)
	fmt.Sscan(bars[1][2], &h1)
	if h0 < 3.99*h1 || h0 > 4.01*h1 {
		t.Errorf("bar heights %v and %v, want 4:1", h0, h1)
	}
	// The target at 80 % of the plot's height above its bottom (top 40, 310 high).
	target := regexp.MustCompile(`<line class="target" x1="[^"]*" x2="[^"]*" y1="([^"]*)"`).FindStringSubmatch(svg)
	if target == nil || target[1] != fmt.Sprintf("%.1f", 40+310*0.2) || !strings.Contains(svg, ">target 80%<") {
		t.Errorf("target line: %q", target)
	}
	b.Reset()
	if err := handReport().WriteSVG(&b, ChartQueueLength); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Queue length (average contacts waiting), per 15 minutes<") || strings.Contains(b.String(), `class="volume"`) {
		t.Errorf("queue-length chart: %s", b.String()[:400])
	}
}

func TestPer(t *testing.T) {
	for secs, want := range map[float64]string{900: "per 15 minutes", 3600: "per hour", 7200: "per 2 hours", 60: "per minute", 5400: "per 90 minutes", 30: "per 30 seconds"} {
		if got := per(secs); got != want {
			t.Errorf("per(%v) = %q, want %q", secs, got, want)
		}
	}
}

// Charts are named after their scenario, so two scenarios' charts can
// share a directory.
func TestChartFile(t *testing.T) {
	for _, c := range [][3]string{
		{"examples/multi-skill.yaml", ChartServiceLevel, "multi-skill-service-level.svg"},
		{"single-queue.yml", ChartQueueLength, "single-queue-queue-length.svg"},
		{"", ChartQueueLength, "scenario-queue-length.svg"},
	} {
		if got := ChartFile(c[0], c[1]); got != c[2] {
			t.Errorf("ChartFile(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

// Every column of the text report has a header: no row has more cells
// than its table's header, and the "all queues" row has exactly as many.
func TestTextReportHeadersEveryColumn(t *testing.T) {
	var b strings.Builder
	if err := handReport().WriteText(&b); err != nil {
		t.Fatal(err)
	}
	cells := func(line string) []string { return regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(line), -1) }
	var head []string
	rows := 0
	for _, line := range strings.Split(b.String(), "\n") {
		switch {
		case strings.HasPrefix(strings.TrimSpace(line), "queue ") || strings.HasPrefix(strings.TrimSpace(line), "interval "):
			head = cells(line)
		case head != nil && strings.TrimSpace(line) != "" && !strings.Contains(line, ", by interval"):
			rows++
			if got := cells(line); len(got) > len(head) || (strings.HasPrefix(strings.TrimSpace(line), "all queues") && len(got) != len(head)) {
				t.Errorf("%d cells under %d headers %q:\n%s", len(got), len(head), head, line)
			}
		}
	}
	if rows < 4 || !strings.Contains(b.String(), "occupancy %") {
		t.Errorf("report:\n%s", b.String())
	}
}
