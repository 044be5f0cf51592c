package metrics

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/routing"
)

// The scenario scripts in testdata/*.test are in the spirit of PromQL's
// promqltest: load agents, contacts and recorded facts in a short notation,
// evaluate at a time, list the expected rows. Times are HH:MM:SS on
// 2023-12-21 UTC. Lines:
//
//	step NAME {json}                          name a routing-step expression
//	profile ID CH:N[*] ... queues=Q/CH,...    * = ROUTE_ANY_CHANNEL
//	agent ID PROFILE STATUS [CH:STATE ...] [next] [prof=Name:Value:Level,...]
//	contact Q CH enq=HH:MM:SS [step=NAME] [scheduled]
//	at HH:MM:SS agent ID PROFILE CLASS       (offline|idle|contact|npt|connecting)
//	segment Q CH key=value ...               enq conn disc acw hold agent profile method reason step held onhold fromqueue
//	offer HH:MM:SS Q CH AGENT PROFILE accepted|missed [step=NAME]
//	eval current now=T key=value ...         queues profiles channels steps group
//	eval hist|v2 now=T from=T to=T [every=Nm] key=value ... metrics=A,B@20,C@20=
//	  {dim=value,...} METRIC=value ...        one line per expected row (- = null)
//
// An eval block ends at the next line that is not indented. Metrics not
// listed on a row are not checked; the number of rows must match.

var day = time.Date(2023, 12, 21, 0, 0, 0, 0, time.UTC)

func clockTime(t *testing.T, s string) time.Time {
	t.Helper()
	p, err := time.Parse("15:04:05", s)
	if err != nil {
		p, err = time.Parse("15:04:05.000", s)
	}
	if err != nil {
		p, err = time.Parse("15:04", s)
	}
	if err != nil {
		t.Fatalf("bad time %q", s)
	}
	return day.Add(time.Duration(p.Hour())*time.Hour + time.Duration(p.Minute())*time.Minute + time.Duration(p.Second())*time.Second + time.Duration(p.Nanosecond()))
}

func kvs(fields []string) map[string]string {
	m := map[string]string{}
	for _, f := range fields {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			m[f] = "true"
			continue
		}
		m[k] = v
	}
	return m
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func setOf(s string) map[string]bool {
	if s == "" {
		return nil
	}
	m := map[string]bool{}
	for _, v := range list(s) {
		m[v] = true
	}
	return m
}

type scriptState struct {
	t     *testing.T
	steps map[string]string
	exprs map[string]*routing.Expression
	snap  Snapshot
	hist  *History
}

func TestScripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.test")
	if len(files) == 0 {
		t.Fatal("no scripts")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { runScript(t, f) })
	}
}

func runScript(t *testing.T, path string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	s := &scriptState{t: t, steps: map[string]string{}, exprs: map[string]*routing.Expression{},
		snap: Snapshot{Profiles: map[string]*Profile{}}, hist: NewHistory(0)}
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		where := fmt.Sprintf("%s:%d", filepath.Base(path), i+1)
		switch fields[0] {
		case "step":
			s.step(fields[1], strings.TrimSpace(strings.TrimPrefix(line, "step "+fields[1])))
		case "profile":
			s.profile(fields[1:])
		case "agent":
			s.agent(fields[1:])
		case "contact":
			s.contact(fields[1:])
		case "at":
			s.at(fields[1:])
		case "segment":
			s.segment(fields[1:])
		case "offer":
			s.offer(fields[1:])
		case "eval":
			var want []string
			for i+1 < len(lines) && strings.HasPrefix(lines[i+1], " ") {
				i++
				if w := strings.TrimSpace(lines[i]); w != "" && !strings.HasPrefix(w, "#") {
					want = append(want, w)
				}
			}
			s.eval(where, fields[1], kvs(fields[2:]), want)
		default:
			t.Fatalf("%s: unknown command %q", where, fields[0])
		}
	}
}

func (s *scriptState) step(name, js string) {
	e := parseTestExpression(s.t, js)
	s.exprs[name] = e
	s.steps[name] = e.Canonical()
}

func (s *scriptState) stepKey(name string) string {
	if name == "" {
		return ""
	}
	k, ok := s.steps[name]
	if !ok {
		s.t.Fatalf("unknown step %s", name)
	}
	return k
}

func (s *scriptState) profile(f []string) {
	p := &Profile{ID: f[0], Concurrency: map[string]int{}, AnyChannel: map[string]bool{}}
	for _, x := range f[1:] {
		if q, ok := strings.CutPrefix(x, "queues="); ok {
			for _, qc := range list(q) {
				queue, ch, _ := strings.Cut(qc, "/")
				p.Configs = append(p.Configs, QueueChannel{queue, ch})
			}
			continue
		}
		ch, n, _ := strings.Cut(x, ":")
		any := strings.HasSuffix(n, "*")
		c, _ := strconv.Atoi(strings.TrimSuffix(n, "*"))
		p.Concurrency[ch], p.AnyChannel[ch] = c, any
	}
	s.snap.Profiles[p.ID] = p
}

func (s *scriptState) agent(f []string) {
	a := Agent{ID: f[0], ProfileID: f[1], Status: f[2], Proficiencies: map[routing.Attr]float64{}}
	for _, x := range f[3:] {
		switch {
		case x == "next":
			a.NextPending = true
		case strings.HasPrefix(x, "prof="):
			for _, p := range list(strings.TrimPrefix(x, "prof=")) {
				parts := strings.Split(p, ":")
				l, _ := strconv.ParseFloat(parts[2], 64)
				a.Proficiencies[routing.Attr{Name: parts[0], Value: parts[1]}] = l
			}
		default:
			ch, state, _ := strings.Cut(x, ":")
			a.Conns = append(a.Conns, Conn{ch, state})
		}
	}
	s.snap.Agents = append(s.snap.Agents, a)
}

func (s *scriptState) contact(f []string) {
	m := kvs(f[2:])
	c := Contact{Queue: f[0], Channel: f[1], Scheduled: m["scheduled"] == "true", Step: s.stepKey(m["step"])}
	if m["enq"] != "" {
		c.EnqueuedAt = clockTime(s.t, m["enq"])
	}
	s.snap.Contacts = append(s.snap.Contacts, c)
}

var classes = map[string]Class{"offline": ClassOffline, "idle": ClassIdle, "contact": ClassOnContact, "npt": ClassNPT, "connecting": ClassConnecting}

func (s *scriptState) at(f []string) {
	c, ok := classes[f[4]]
	if f[1] != "agent" || !ok {
		s.t.Fatalf("at: want 'at T agent ID PROFILE CLASS', got %v", f)
	}
	s.hist.SetAgent(clockTime(s.t, f[0]), f[2], f[3], c)
}

func (s *scriptState) segment(f []string) {
	m := kvs(f[2:])
	dur := func(k string) time.Duration {
		if m[k] == "" {
			return 0
		}
		d, err := time.ParseDuration(m[k])
		if err != nil {
			s.t.Fatal(err)
		}
		return d
	}
	tm := func(k string) time.Time {
		if m[k] == "" {
			return time.Time{}
		}
		return clockTime(s.t, m[k])
	}
	seg := Segment{Queue: f[0], Channel: f[1], Step: s.stepKey(m["step"]), Agent: m["agent"], Profile: m["profile"],
		InitiationMethod: m["method"], DisconnectReason: m["reason"], EnqueuedAt: tm("enq"), ConnectedAt: tm("conn"),
		DisconnectedAt: tm("disc"), ACW: dur("acw"), Hold: dur("hold"), Held: m["hold"] != "",
		DisconnectedOnHold: m["onhold"] == "true", FromQueue: m["fromqueue"] == "true"}
	if seg.InitiationMethod == "" {
		seg.InitiationMethod = "INBOUND"
	}
	if seg.DisconnectReason == "" {
		seg.DisconnectReason = "CUSTOMER_DISCONNECT"
	}
	s.hist.AddSegment(seg)
}

func (s *scriptState) offer(f []string) {
	m := kvs(f[6:])
	s.hist.AddOffer(Offer{Time: clockTime(s.t, f[0]), Queue: f[1], Channel: f[2], Agent: f[3], Profile: f[4], Accepted: f[5] == "accepted", Step: s.stepKey(m["step"])})
}

func (s *scriptState) eval(where, kind string, args map[string]string, want []string) {
	t := s.t
	now := clockTime(t, args["now"])
	var got []map[string]string // dims and values, all as strings
	switch kind {
	case "current":
		snap := s.snap
		snap.Now = now
		q := CurrentQuery{Queues: setOf(args["queues"]), Profiles: setOf(args["profiles"]), Channels: setOf(args["channels"]), Groupings: list(args["group"])}
		for _, n := range list(args["steps"]) {
			q.Steps = append(q.Steps, StepFilter{Key: s.stepKey(n), Expr: s.exprs[n]})
		}
		for _, r := range Current(&snap, q) {
			row := s.dimsOf(r.Key.Queue, r.Key.Channel, r.Key.Profile, "", r.Key.Step, -1)
			for i, n := range CurrentMetrics {
				row[n] = fmtNum(&r.Values[i])
			}
			got = append(got, row)
		}
	case "hist", "v2":
		q := HistQuery{Now: now, V2: kind == "v2", Queues: setOf(args["queues"]), Channels: setOf(args["channels"]),
			Profiles: setOf(args["profiles"]), Agents: setOf(args["agents"]), Groupings: list(args["group"]), ProfileConfigs: map[string][]QueueChannel{}}
		if args["steps"] != "" {
			q.Steps = map[string]bool{}
			for _, n := range list(args["steps"]) {
				q.Steps[s.stepKey(n)] = true
			}
		}
		for id, p := range s.snap.Profiles {
			q.ProfileConfigs[id] = p.Configs
		}
		from, to := clockTime(t, args["from"]), clockTime(t, args["to"])
		every := to.Sub(from)
		if args["every"] != "" {
			every, _ = time.ParseDuration(args["every"])
		}
		for x := from; x.Before(to); x = x.Add(every) {
			q.Intervals = append(q.Intervals, Interval{x, earlier(x.Add(every), to)})
		}
		var names []string
		for _, m := range list(args["metrics"]) {
			name, th, _ := strings.Cut(m, "@")
			spec := MetricSpec{Name: name}
			if th != "" {
				spec.Inclusive = strings.HasSuffix(th, "=")
				spec.Threshold, _ = strconv.ParseInt(strings.TrimSuffix(th, "="), 10, 64)
			}
			q.Metrics = append(q.Metrics, spec)
			names = append(names, m)
		}
		rows, err := s.hist.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		for _, r := range rows {
			iv := r.Interval
			if args["every"] == "" {
				iv = -1
			}
			row := s.dimsOf(r.Key.Queue, r.Key.Channel, r.Key.Profile, r.Key.Agent, r.Key.Step, iv)
			for i, n := range names {
				row[n] = fmtNum(r.Values[i])
			}
			got = append(got, row)
		}
	default:
		t.Fatalf("%s: unknown eval %q", where, kind)
	}
	s.compare(where, got, want)
}

// dimsOf names a row like the expectations do: {queue=q1,channel=VOICE}.
func (s *scriptState) dimsOf(queue, channel, profile, agent, step string, iv int) map[string]string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	add("queue", queue)
	add("channel", channel)
	add("profile", profile)
	add("agent", agent)
	if step != "" {
		for n, k := range s.steps {
			if k == step {
				step = n
			}
		}
	}
	add("step", step)
	if iv >= 0 {
		add("iv", strconv.Itoa(iv))
	}
	return map[string]string{"": "{" + strings.Join(parts, ",") + "}"}
}

func fmtNum(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(math.Round(*v*1000)/1000, 'f', -1, 64)
}

func (s *scriptState) compare(where string, got []map[string]string, want []string) {
	t := s.t
	byDims := map[string]map[string]string{}
	var keys []string
	for _, g := range got {
		byDims[g[""]] = g
		keys = append(keys, g[""])
	}
	sort.Strings(keys)
	if len(got) != len(want) {
		t.Errorf("%s: got %d rows %v, want %d", where, len(got), keys, len(want))
	}
	for _, w := range want {
		fields := strings.Fields(w)
		row := byDims[fields[0]]
		if row == nil {
			t.Errorf("%s: no row %s (have %v)", where, fields[0], keys)
			continue
		}
		for _, kv := range fields[1:] {
			k, v, _ := strings.Cut(kv, "=")
			// The last "=" separates metric from value (thresholds may end in "=").
			if i := strings.LastIndex(kv, "="); i > 0 {
				k, v = kv[:i], kv[i+1:]
			}
			gv, ok := row[k]
			if !ok {
				t.Errorf("%s: row %s has no metric %s", where, fields[0], k)
				continue
			}
			if gv != v {
				t.Errorf("%s: %s %s = %s, want %s", where, fields[0], k, gv, v)
			}
		}
	}
}
