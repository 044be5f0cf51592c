package simulation

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is a run's figures, measured from the engine's events. Contacts
// are reported in the interval in which they entered the queue.
type Report struct {
	Scenario            string        `json:"Scenario"`
	InstanceID          string        `json:"InstanceId"`
	Seed                uint64        `json:"Seed"`
	Start               time.Time     `json:"Start"`
	End                 time.Time     `json:"End"` // when the run stopped (arrivals stop earlier; the rest drained)
	IntervalSeconds     float64       `json:"IntervalSeconds"`
	ServiceLevelSeconds float64       `json:"ServiceLevelSeconds"`
	ServiceLevelTarget  float64       `json:"ServiceLevelTargetPercent"`
	Started             int           `json:"ContactsStarted"`
	EndedByFlow         int           `json:"EndedByFlow"`     // disconnected by their flow before queueing
	InProgress          int           `json:"InProgressAtEnd"` // still queued or with an agent when the run stopped
	Total               Stats         `json:"Total"`
	Intervals           []Stats       `json:"Intervals"`
	Queues              []QueueReport `json:"Queues"`

	// Contacts are every queued contact's record (Options.KeepContacts).
	Contacts []ContactRecord `json:"-"`
	// Wall is how long the run took on the wall clock.
	Wall time.Duration `json:"-"`
}

// QueueReport is one queue's figures.
type QueueReport struct {
	Name      string  `json:"Name"`
	QueueID   string  `json:"QueueId"`
	Total     Stats   `json:"Total"`
	Intervals []Stats `json:"Intervals"`
}

// Stats are the figures of one interval (or a whole run). Ratios are nil
// where they have no denominator.
type Stats struct {
	Start     time.Time `json:"Start"`
	Offered   int       `json:"Offered"`   // entered the queue
	Handled   int       `json:"Handled"`   // reached an agent
	Abandoned int       `json:"Abandoned"` // left the queue before an agent answered
	// AnsweredInThreshold reached an agent within the service-level
	// threshold; ServiceLevel is that over Offered, in percent.
	AnsweredInThreshold int      `json:"AnsweredInThreshold"`
	ServiceLevel        *float64 `json:"ServiceLevelPercent"`
	ASA                 *float64 `json:"AverageSpeedOfAnswerSeconds"`
	AbandonRate         *float64 `json:"AbandonPercent"`
	AvgQueueLength      float64  `json:"AverageQueueLength"`
	MaxQueueLength      int      `json:"MaxQueueLength"`
	// Occupancy is the agents' busy time (connected or in ACW) over busy
	// plus available-and-idle time, in percent (center-wide figures only).
	Occupancy     *float64 `json:"OccupancyPercent,omitempty"`
	AgentsStaffed *float64 `json:"AverageAgentsStaffed,omitempty"`
}

func (d *driver) report(seedValue uint64, finish time.Time) *Report {
	iv := d.w.Interval.D()
	n := int((finish.Sub(d.start) + iv - 1) / iv)
	r := &Report{Scenario: d.sc.Name, InstanceID: d.ids.InstanceID, Seed: seedValue, Start: d.start, End: finish,
		IntervalSeconds: iv.Seconds(), ServiceLevelSeconds: d.w.ServiceLevel.D().Seconds(),
		ServiceLevelTarget: d.w.ServiceLevelTarget,
		Started:            d.started, EndedByFlow: d.ended, InProgress: len(d.active), Contacts: d.records.expand()}
	d.records = records{} // the report owns them now: the driver lives on with the target's service
	r.Total, r.Intervals = d.stats(d.col.total, n, true)
	names := map[string]string{}
	for name, id := range d.ids.Queues {
		names[id] = name
	}
	for id, s := range d.col.queues {
		q := QueueReport{Name: names[id], QueueID: id}
		q.Total, q.Intervals = d.stats(s, n, false)
		r.Queues = append(r.Queues, q)
	}
	sort.Slice(r.Queues, func(i, j int) bool { return r.Queues[i].Name < r.Queues[j].Name })
	return r
}

// stats turns a series into n intervals and their total.
func (d *driver) stats(s *series, n int, center bool) (Stats, []Stats) {
	iv := d.w.Interval.D()
	out := make([]Stats, n)
	var sum ivAcc
	for i := range out {
		var a ivAcc
		if i < len(s.iv) {
			a = s.iv[i]
		}
		out[i] = a.stats(d.start.Add(time.Duration(i)*iv), iv.Seconds(), center)
		sum.offered += a.offered
		sum.handled += a.handled
		sum.abandoned += a.abandoned
		sum.inSL += a.inSL
		sum.waitSum += a.waitSum
		sum.queueArea += a.queueArea
		sum.maxQueue = max(sum.maxQueue, a.maxQueue)
		sum.busyArea += a.busyArea
		sum.idleArea += a.idleArea
	}
	return sum.stats(d.start, float64(n)*iv.Seconds(), center), out
}

func (a ivAcc) stats(start time.Time, secs float64, center bool) Stats {
	st := Stats{Start: start, Offered: a.offered, Handled: a.handled, Abandoned: a.abandoned, AnsweredInThreshold: a.inSL,
		MaxQueueLength: a.maxQueue}
	if secs > 0 {
		st.AvgQueueLength = round(a.queueArea/secs, 3)
	}
	if a.offered > 0 {
		st.ServiceLevel = ratio(100*float64(a.inSL), float64(a.offered))
		st.AbandonRate = ratio(100*float64(a.abandoned), float64(a.offered))
	}
	if a.handled > 0 {
		st.ASA = ratio(a.waitSum, float64(a.handled))
	}
	if center {
		if a.busyArea+a.idleArea > 0 {
			st.Occupancy = ratio(100*a.busyArea, a.busyArea+a.idleArea)
		}
		if secs > 0 {
			st.AgentsStaffed = ratio(a.busyArea+a.idleArea, secs)
		}
	}
	return st
}

func ratio(x, y float64) *float64 {
	v := round(x/y, 3)
	return &v
}

func round(x float64, digits int) float64 {
	p := 1.0
	for i := 0; i < digits; i++ {
		p *= 10
	}
	if x < 0 {
		return -float64(int64(-x*p+0.5)) / p
	}
	return float64(int64(x*p+0.5)) / p
}

// WriteText writes the report as tables: the day per queue, then every
// interval with traffic, for the center and for each queue.
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "%s: seed %d, %s to %s (intervals of %s, service level: answered within %s, target %s%%)\n", r.Scenario, r.Seed,
		r.Start.Format("2006-01-02 15:04"), r.End.Format("2006-01-02 15:04"), span(r.IntervalSeconds), span(r.ServiceLevelSeconds), trimFloat(r.ServiceLevelTarget))
	fmt.Fprintf(w, "%d contacts started, %d ended by their flow, %d still in progress at the end\n\n", r.Started, r.EndedByFlow, r.InProgress)
	fmt.Fprintln(tw, "queue\t"+columns+centerColumns)
	for _, q := range r.Queues {
		// Center-wide columns stay empty, keeping the columns aligned.
		row(tw, q.Name, q.Total, false, "", "")
	}
	row(tw, "all queues", r.Total, true)
	tw.Flush()
	fmt.Fprintf(w, "\nall queues, by interval\n")
	table(w, r.Intervals, true)
	if len(r.Queues) > 1 {
		for _, q := range r.Queues {
			fmt.Fprintf(w, "\n%s, by interval\n", q.Name)
			table(w, q.Intervals, false)
		}
	}
	return nil
}

// The columns of the text report after the first: every queue's, then the
// center-wide ones (the "all queues" rows only).
const (
	columns       = "offered\thandled\tabandoned\tSL %\tASA s\tabandon %\tavg queue\tmax queue\t"
	centerColumns = "occupancy %\tstaffed\t"
)

func table(w io.Writer, ivs []Stats, center bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "interval\t" + columns
	if center {
		head += centerColumns
	}
	fmt.Fprintln(tw, head)
	for _, s := range ivs {
		if s.Offered == 0 && s.Handled == 0 && s.MaxQueueLength == 0 && (s.AgentsStaffed == nil || *s.AgentsStaffed == 0) {
			continue
		}
		row(tw, s.Start.Format("15:04"), s, center)
	}
	tw.Flush()
}

func row(tw io.Writer, label string, s Stats, center bool, blanks ...string) {
	cells := []string{label, fmt.Sprint(s.Offered), fmt.Sprint(s.Handled), fmt.Sprint(s.Abandoned), pct(s.ServiceLevel), num(s.ASA, 1),
		pct(s.AbandonRate), fmt.Sprintf("%.2f", s.AvgQueueLength), fmt.Sprint(s.MaxQueueLength)}
	if center {
		cells = append(cells, pct(s.Occupancy), num(s.AgentsStaffed, 1))
	}
	cells = append(cells, blanks...)
	fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
}

func pct(p *float64) string { return num(p, 1) }

func num(p *float64, digits int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%.*f", digits, *p)
}
