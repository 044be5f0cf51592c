package simulation

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/search"
)

func runFile(t *testing.T, path string, opts Options) *Report {
	t.Helper()
	sc, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := NewTarget(sc)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(sc, tg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// A fixed seed gives identical results, run after run; another seed does
// not.
func TestFixedSeedIsRepeatable(t *testing.T) {
	for _, f := range []string{"../../examples/single-queue.yaml", "../../examples/multi-skill.yaml"} {
		a, _ := json.Marshal(runFile(t, f, Options{}))
		b, _ := json.Marshal(runFile(t, f, Options{}))
		if string(a) != string(b) {
			t.Errorf("%s: two runs with the same seed differ", f)
		}
		c, _ := json.Marshal(runFile(t, f, Options{Seed: 99}))
		if string(a) == string(c) {
			t.Errorf("%s: another seed gave the same report", f)
		}
	}
}

func TestSingleQueueDay(t *testing.T) {
	rep := runFile(t, "../../examples/single-queue.yaml", Options{})
	if testing.Verbose() {
		rep.WriteText(os.Stdout)
	}
	tot := rep.Total
	if tot.Offered < 700 || tot.Offered > 900 {
		t.Errorf("offered %d, want about 800", tot.Offered)
	}
	if tot.Handled+tot.Abandoned != tot.Offered || rep.InProgress != 0 {
		t.Errorf("handled %d + abandoned %d != offered %d (in progress %d)", tot.Handled, tot.Abandoned, tot.Offered, rep.InProgress)
	}
	if tot.Occupancy == nil || *tot.Occupancy < 30 || *tot.Occupancy > 100 {
		t.Errorf("occupancy %v", tot.Occupancy)
	}
}

func TestMultiSkillDay(t *testing.T) {
	rep := runFile(t, "../../examples/multi-skill.yaml", Options{})
	if testing.Verbose() {
		rep.WriteText(os.Stdout)
	}
	if len(rep.Queues) != 2 || rep.Total.Handled == 0 {
		t.Fatalf("queues %d handled %d", len(rep.Queues), rep.Total.Handled)
	}
}

// Agents follow their shift and breaks: staffed counts them, by interval.
func TestShiftsAndBreaks(t *testing.T) {
	sc, err := scenario.Parse([]byte(`
instance: {alias: shifts}
setup:
  agent_statuses: [{name: Break}]
  users:
    - username: "a-{n}"
      count: 2
      shift: {start: "01:00", end: "03:00"}
      breaks:
        - {status: Break, at: "02:00", length: 30m, spread: 30m}
workload:
  duration: 4h
  interval: 30m
  contact_types:
    - {name: c, queue: BasicQueue, arrivals: {per_hour: 0}, handle_time: 1m}
`), "shifts.yaml", scenario.FilesFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	tg, err := NewTarget(sc)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(sc, tg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 00:00 none; 01:00-02:00 both; 02:00-02:30 one on break, the other
	// until 02:15; 02:30-03:00 one, and the other from 02:45. The run stops
	// at 03:00, when the shift ends: nothing happens after it.
	want := []float64{0, 0, 2, 2, 0.5, 1.5}
	if len(rep.Intervals) != len(want) || !rep.End.Equal(scenario.DefaultStart.Add(3*time.Hour)) {
		t.Fatalf("%d intervals to %v, want %d to 03:00", len(rep.Intervals), rep.End, len(want))
	}
	for i, w := range want {
		got := 0.0
		if s := rep.Intervals[i].AgentsStaffed; s != nil {
			got = *s
		}
		if got != w {
			t.Errorf("interval %s: staffed %.2f, want %.2f", rep.Intervals[i].Start.Format("15:04"), got, w)
		}
	}
}

func TestSVGCharts(t *testing.T) {
	rep := runFile(t, "../../examples/multi-skill.yaml", Options{})
	for _, chart := range Charts {
		file := ChartFile("examples/multi-skill.yaml", chart)
		var b strings.Builder
		if err := rep.WriteSVG(&b, chart); err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(strings.NewReader(b.String()))
		lines := 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: not well-formed XML: %v", file, err)
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "polyline" {
				lines++
			}
		}
		if lines < 3 {
			t.Errorf("%s: %d polylines, want one per queue and all queues at least", file, lines)
		}
		for _, name := range []string{"Billing", "General", "all queues"} {
			if !strings.Contains(b.String(), ">"+name+"<") {
				t.Errorf("%s: no legend for %s", file, name)
			}
		}
	}
}

// Agents without auto-accept accept their offers through the driver.
func TestAgentsWithoutAutoAccept(t *testing.T) {
	sc, err := scenario.Parse([]byte(`
instance: {alias: manual}
setup:
  users:
    - {username: "a-{n}", count: 3, auto_accept: false}
workload:
  duration: 2h
  contact_types:
    - {name: c, queue: BasicQueue, channel: CHAT, arrivals: {per_hour: 40}, handle_time: {dist: exponential, mean: 5m}, acw: 10s}
`), "manual.yaml", scenario.FilesFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	tg, err := NewTarget(sc)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(sc, tg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Offered < 50 || rep.Total.Handled != rep.Total.Offered || rep.InProgress != 0 {
		t.Errorf("offered %d handled %d in progress %d", rep.Total.Offered, rep.Total.Handled, rep.InProgress)
	}
}

// transcriptLog records which template each contact got.
type transcriptLog map[string]string // contact ID → the transcript's text

func (l transcriptLog) Transcript(_, contactID string, turns []scenario.Turn) {
	var b strings.Builder
	for _, t := range turns {
		b.WriteString(t.Role + ": " + t.Text + "\n")
	}
	l[contactID] = b.String()
}

// Simulated contacts carry their transcript into the contact search:
// SearchContacts by a phrase returns exactly the contacts whose template
// contained it.
func TestTranscriptsAreSearchable(t *testing.T) {
	sc, err := scenario.Parse([]byte(`
instance: {alias: transcripts}
setup:
  users:
    - {username: "a-{n}", count: 3}
workload:
  duration: 2h
  contact_types:
    - name: call
      queue: BasicQueue
      arrivals: {per_hour: 40}
      handle_time: {dist: exponential, mean: 4m}
      patience: {dist: exponential, mean: 2m}
      attributes: {product: router}
      transcripts:
        - - {role: CUSTOMER, text: "My {product} is broken."}
          - {role: AGENT, text: "Let's fix your {product} together."}
        - - {role: CUSTOMER, text: "I want a refund for my {product}."}
          - {role: AGENT, text: "Your refund is on its way."}
        - - {role: CUSTOMER, text: "Where is my order?"}
          - {role: AGENT, text: "Your order ships today."}
`), "transcripts.yaml", scenario.FilesFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	tg, err := NewTarget(sc)
	if err != nil {
		t.Fatal(err)
	}
	got := transcriptLog{}
	rep, err := Run(sc, tg, Options{Transcripts: got})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Abandoned == 0 || len(got) != rep.Total.Handled {
		t.Fatalf("handled %d, abandoned %d, transcripts %d: want one transcript per answered contact and some abandons",
			rep.Total.Handled, rep.Total.Abandoned, len(got))
	}
	find := func(role string, match search.MatchType, texts ...string) []string {
		t.Helper()
		q := search.Query{Range: search.TimeRange{Field: search.Initiation, Start: rep.Start, End: rep.End},
			Transcript: &search.TranscriptFilter{Criteria: []search.TranscriptCriterion{{Role: role, Texts: texts, Match: match}}}}
		var ids []string
		for token := ""; ; {
			page, err := tg.Service.SearchContacts(tg.Scope, rep.InstanceID, q, 100, token)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range page.Contacts {
				ids = append(ids, c.ID)
			}
			if token = page.NextToken; token == "" {
				return ids
			}
		}
	}
	for _, c := range []struct {
		role    string
		match   search.MatchType
		texts   []string
		wantSub []string // the template has every one of these, in the role's line
	}{
		{"CUSTOMER", search.MatchAll, []string{"refund"}, []string{"CUSTOMER: I want a refund"}},
		{"AGENT", search.MatchAll, []string{"fix your router"}, []string{"AGENT: Let's fix your router"}},
		{"AGENT", search.MatchAny, []string{"order ships", "refund is"}, nil}, // two templates
		{"CUSTOMER", search.MatchAll, []string{"router broken"}, nil},         // no template has that phrase
	} {
		ids := find(c.role, c.match, c.texts...)
		var want []string
		for id, text := range got {
			ok := len(c.wantSub) > 0
			for _, sub := range c.wantSub {
				ok = ok && strings.Contains(text, sub)
			}
			if c.match == search.MatchAny {
				ok = strings.Contains(text, "AGENT: Your order ships") || strings.Contains(text, "AGENT: Your refund is")
			}
			if ok {
				want = append(want, id)
			}
		}
		t.Logf("%s %s %q: %d of %d contacts", c.role, c.match, c.texts, len(ids), len(got))
		slices.Sort(ids)
		slices.Sort(want)
		if !slices.Equal(ids, want) {
			t.Errorf("%s %s %q: %d contacts, want %d", c.role, c.match, c.texts, len(ids), len(want))
		}
		if len(c.wantSub) > 0 && len(want) == 0 {
			t.Errorf("%s %q: no contact got the template; the test proves nothing", c.role, c.texts)
		}
	}
}
