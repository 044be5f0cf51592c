package simulation

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"time"
)

// Chart names WriteSVG knows.
const (
	ChartServiceLevel = "service-level"
	ChartQueueLength  = "queue-length"
)

// Charts are the charts a report draws.
var Charts = []string{ChartServiceLevel, ChartQueueLength}

// ChartFile is the file a chart of a scenario's run is written to: named
// after the scenario file (without directory or extension) and the chart,
// so the charts of different scenarios can share a directory.
func ChartFile(scenario, chart string) string {
	base := filepath.Base(scenario)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	base = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < ' ' {
			return '_'
		}
		return r
	}, base)
	if base == "" || base == "." {
		base = "scenario"
	}
	return base + "-" + chart + ".svg"
}

var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"}

type line struct {
	name   string
	points []point // x: seconds from start; y: value (NaN: gap)
	dashed bool
}

type point struct{ x, y float64 }

// WriteSVG draws one chart of the report as a self-contained SVG: service
// level (percent answered within the threshold, by interval) or queue
// length (average waiting, by interval), one line per queue and one for
// all queues when there are several.
func (r *Report) WriteSVG(w io.Writer, chart string) error {
	var lines []line
	var title, unit string
	var ymax float64
	var extra chartExtras
	// The x axis starts at the hour of the first interval with agents or
	// contacts: a day whose shifts start at 07:30 is drawn from 07:00.
	origin := r.Start
	for _, s := range r.Intervals {
		if s.Offered > 0 || (s.AgentsStaffed != nil && *s.AgentsStaffed > 0) {
			origin = s.Start.Truncate(time.Hour)
			if origin.Before(r.Start) {
				origin = r.Start
			}
			break
		}
	}
	pick := func(s Stats) float64 { return math.NaN() }
	switch chart {
	case ChartServiceLevel:
		title = fmt.Sprintf("Service level (answered within %s), %s", span(r.ServiceLevelSeconds), per(r.IntervalSeconds))
		unit, ymax = "%", 100
		if r.ServiceLevelTarget > 0 {
			extra.target = &r.ServiceLevelTarget
		}
		// The volume behind each point: contacts offered, all queues.
		extra.barLabel = "contacts offered"
		for _, s := range r.Intervals {
			if x := s.Start.Sub(origin).Seconds(); x >= 0 {
				extra.bars = append(extra.bars, point{x, float64(s.Offered)})
			}
		}
		pick = func(s Stats) float64 {
			if s.ServiceLevel == nil {
				return math.NaN()
			}
			return *s.ServiceLevel
		}
	case ChartQueueLength:
		title = fmt.Sprintf("Queue length (average contacts waiting), %s", per(r.IntervalSeconds))
		pick = func(s Stats) float64 { return s.AvgQueueLength }
	default:
		return fmt.Errorf("unknown chart %q", chart)
	}
	series := func(name string, ivs []Stats, dashed bool) line {
		l := line{name: name, dashed: dashed}
		for _, s := range ivs {
			x := s.Start.Sub(origin).Seconds() + r.IntervalSeconds/2
			if x < 0 {
				continue
			}
			y := pick(s)
			l.points = append(l.points, point{x, y})
			if !math.IsNaN(y) {
				ymax = math.Max(ymax, y)
			}
		}
		return l
	}
	for _, q := range r.Queues {
		lines = append(lines, series(q.Name, q.Intervals, false))
	}
	if len(r.Queues) > 1 {
		lines = append(lines, series("all queues", r.Intervals, true))
	}
	if ymax == 0 {
		ymax = 1
	}
	ymax = niceCeil(ymax)
	extra.barWidth = r.IntervalSeconds
	return drawChart(w, title, unit, r.End.Sub(origin).Seconds(), ymax, origin, lines, extra)
}

// chartExtras are what a chart may draw besides its lines: bars on a
// second axis at the right (x: an interval's start, y: its value) and a
// horizontal target line.
type chartExtras struct {
	bars     []point
	barWidth float64 // seconds
	barLabel string
	target   *float64
}

// per says "per 15 minutes", "per hour", "per 2 hours", "per 30 seconds".
func per(seconds float64) string {
	s := span(seconds)
	if strings.HasPrefix(s, "1 ") {
		return "per " + strings.TrimPrefix(s, "1 ")
	}
	return "per " + s
}

// span says a duration in words: "20 seconds", "15 minutes", "1 hour",
// "90 minutes".
func span(seconds float64) string {
	d := time.Duration(seconds * float64(time.Second))
	unit := func(n int64, name string) string {
		if n == 1 {
			return "1 " + name
		}
		return fmt.Sprintf("%d %ss", n, name)
	}
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return unit(int64(d/time.Hour), "hour")
	case d >= time.Minute && d%time.Minute == 0:
		return unit(int64(d/time.Minute), "minute")
	case d%time.Second == 0:
		return unit(int64(d/time.Second), "second")
	}
	return d.String()
}

// niceCeil rounds up to 1, 2 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func drawChart(w io.Writer, title, unit string, xmax, ymax float64, start time.Time, lines []line, extra chartExtras) error {
	const width, height = 1000, 400
	const left, right, top, bottom = 60, 200, 40, 50
	pw, ph := float64(width-left-right), float64(height-top-bottom)
	if xmax <= 0 {
		xmax = 1
	}
	sx := func(x float64) float64 { return left + x/xmax*pw }
	sy := func(y float64) float64 { return top + ph - y/ymax*ph }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="%d" y="22" font-size="15" font-weight="bold">%s</text>`+"\n", left, esc(title))
	// Horizontal grid and y labels.
	for i := 0; i <= 5; i++ {
		y := ymax * float64(i) / 5
		fmt.Fprintf(&b, `<line x1="%d" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", left, left+pw, sy(y), sy(y))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%s%s</text>`+"\n", left-6, sy(y)+4, trimFloat(y), unit)
	}
	// Vertical grid every 1, 2, 3, 6 or 12 hours; labels are clock times.
	step := 3600.0
	for _, h := range []float64{1, 2, 3, 6, 12, 24} {
		step = h * 3600
		if xmax/step <= 12 {
			break
		}
	}
	for x := 0.0; x <= xmax+1; x += step {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%.1f" stroke="#eee"/>`+"\n", sx(x), sx(x), top, top+ph)
		label := start.Add(time.Duration(x * float64(time.Second))).Format("15:04")
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", sx(x), top+ph+18, label)
	}
	legend := 0
	legendAt := func() int { legend++; return top + 10 + 18*(legend-1) }
	if len(extra.bars) > 0 {
		// Bars behind the lines, on their own axis at the right.
		bmax := 0.0
		for _, p := range extra.bars {
			bmax = math.Max(bmax, p.y)
		}
		bmax = niceCeil(math.Max(bmax, 1))
		by := func(y float64) float64 { return top + ph - y/bmax*ph }
		for _, p := range extra.bars {
			if p.y <= 0 {
				continue
			}
			x0, x1 := sx(p.x), sx(math.Min(p.x+extra.barWidth, xmax))
			fmt.Fprintf(&b, `<rect class="volume" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#c8d6e5"><title>%s: %s %s</title></rect>`+"\n",
				x0+0.5, by(p.y), math.Max(x1-x0-1, 0.5), top+ph-by(p.y), start.Add(time.Duration(p.x*float64(time.Second))).Format("15:04"), trimFloat(p.y), esc(extra.barLabel))
		}
		for i := 0; i <= 5; i++ {
			y := bmax * float64(i) / 5
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#6b7f95">%s</text>`+"\n", left+pw+6, by(y)+4, trimFloat(y))
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#6b7f95" text-anchor="end">%s (right axis)</text>`+"\n", left+pw, top-6, esc(extra.barLabel))
		ly := legendAt()
		fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="20" height="10" fill="#c8d6e5"/>`+"\n", left+pw+42, ly-5)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%s</text>`+"\n", left+pw+68, ly+4, esc(extra.barLabel))
	}
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%.1f" fill="none" stroke="#888"/>`+"\n", left, top, pw, ph)
	if extra.target != nil {
		ty := sy(*extra.target)
		fmt.Fprintf(&b, `<line class="target" x1="%d" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#2ca02c" stroke-width="1.4" stroke-dasharray="2 3"/>`+"\n", left, left+pw, ty, ty)
		ly := legendAt()
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#2ca02c" stroke-width="2" stroke-dasharray="2 3"/>`+"\n", left+pw+42, left+pw+62, ly, ly)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">target %s%s</text>`+"\n", left+pw+68, ly+4, trimFloat(*extra.target), unit)
	}
	for i, l := range lines {
		color := palette[i%len(palette)]
		dash := ""
		if l.dashed {
			color, dash = "#333", ` stroke-dasharray="6 4"`
		}
		// One polyline per run of defined points: no line across gaps.
		var seg []string
		flush := func() {
			if len(seg) == 1 {
				p := strings.Split(seg[0], ",")
				fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="2" fill="%s"/>`+"\n", p[0], p[1], color)
			} else if len(seg) > 1 {
				fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="1.6"%s points="%s"/>`+"\n", color, dash, strings.Join(seg, " "))
			}
			seg = seg[:0]
		}
		for _, p := range l.points {
			if math.IsNaN(p.y) {
				flush()
				continue
			}
			seg = append(seg, fmt.Sprintf("%.1f,%.1f", sx(p.x), sy(p.y)))
		}
		flush()
		ly := legendAt()
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="%s" stroke-width="2"%s/>`+"\n", left+pw+42, left+pw+62, ly, ly, color, dash)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%s</text>`+"\n", left+pw+68, ly+4, esc(l.name))
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
