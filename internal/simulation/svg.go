package simulation

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// Chart names WriteSVG knows.
const (
	ChartServiceLevel = "service-level"
	ChartQueueLength  = "queue-length"
)

// Charts are the charts a report draws, by file name.
var Charts = map[string]string{
	ChartServiceLevel + ".svg": ChartServiceLevel,
	ChartQueueLength + ".svg":  ChartQueueLength,
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
	pick := func(s Stats) float64 { return math.NaN() }
	switch chart {
	case ChartServiceLevel:
		title = fmt.Sprintf("Service level (answered within %s), by %s interval", secs(r.ServiceLevelSeconds), secs(r.IntervalSeconds))
		unit, ymax = "%", 100
		pick = func(s Stats) float64 {
			if s.ServiceLevel == nil {
				return math.NaN()
			}
			return *s.ServiceLevel
		}
	case ChartQueueLength:
		title = fmt.Sprintf("Queue length (average contacts waiting), by %s interval", secs(r.IntervalSeconds))
		pick = func(s Stats) float64 { return s.AvgQueueLength }
	default:
		return fmt.Errorf("unknown chart %q", chart)
	}
	series := func(name string, ivs []Stats, dashed bool) line {
		l := line{name: name, dashed: dashed}
		for _, s := range ivs {
			x := s.Start.Sub(r.Start).Seconds() + r.IntervalSeconds/2
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
	return drawChart(w, title, unit, r.End.Sub(r.Start).Seconds(), ymax, r.Start, lines)
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

func drawChart(w io.Writer, title, unit string, xmax, ymax float64, start time.Time, lines []line) error {
	const width, height = 960, 400
	const left, right, top, bottom = 60, 160, 40, 50
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
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%.1f" fill="none" stroke="#888"/>`+"\n", left, top, pw, ph)
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
		ly := top + 10 + 18*i
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="%s" stroke-width="2"%s/>`+"\n", left+pw+12, left+pw+32, ly, ly, color, dash)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%s</text>`+"\n", left+pw+38, ly+4, esc(l.name))
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
