package scenario

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/connect-local/connect-local/internal/flow"
)

// Defaults of a workload.
var DefaultStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	DefaultDuration     = 24 * time.Hour
	DefaultDrain        = 4 * time.Hour
	DefaultInterval     = 15 * time.Minute
	DefaultServiceLevel = 20 * time.Second
	// DefaultServiceLevelTarget is the service level aimed at, in percent:
	// the common 80 % answered within the threshold.
	DefaultServiceLevelTarget = 80.0
)

// maxConcurrency mirrors the service's per-channel bounds (docs/routing.md#routing-profiles).
var maxConcurrency = map[string]int64{"VOICE": 1, "CHAT": 10, "TASK": 10, "EMAIL": 10}

// Channels a contact type may use: the ones the engine starts contacts on.
var contactChannels = []string{"VOICE", "CHAT", "TASK"}

var days = []string{"SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"}

var securityProfiles = []string{"Admin", SecurityAgent, "CallCenterManager", "QualityAnalyst"}

type validator struct {
	sc       *Scenario
	root     *yaml.Node
	open     func(string) ([]byte, error)
	problems []Problem
}

func (v *validator) add(p path, format string, args ...any) {
	if len(v.problems) >= MaxProblems {
		return
	}
	v.problems = append(v.problems, Problem{File: v.sc.Name, Line: lineOf(v.root, p), Field: p.String(), Msg: fmt.Sprintf(format, args...)})
}

// names checks that every name is present and unique (ignoring case, as
// Connect does) and returns the set, keyed in lower case.
func (v *validator) names(p path, n int, name func(i int) string, builtins ...string) map[string]bool {
	set := map[string]bool{}
	for _, b := range builtins {
		set[strings.ToLower(b)] = true
	}
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		nm := name(i)
		switch {
		case strings.TrimSpace(nm) == "":
			v.add(p.with(i, "name"), "a name is required")
		case seen[strings.ToLower(nm)]:
			v.add(p.with(i, "name"), "%q is declared more than once", nm)
		}
		seen[strings.ToLower(nm)] = true
		set[strings.ToLower(nm)] = true
	}
	return set
}

func has(set map[string]bool, name string) bool { return set[strings.ToLower(name)] }

func (v *validator) validate() {
	sc := v.sc
	if strings.TrimSpace(sc.Instance.Alias) == "" {
		v.add(path{"instance", "alias"}, "an instance alias is required (the seed finds the instance by it)")
	}
	s := &sc.Setup
	sp := path{"setup"}
	hours := v.names(sp.with("hours"), len(s.Hours), func(i int) string { return s.Hours[i].Name }, BasicHours)
	for i := range s.Hours {
		v.hours(sp.with("hours", i), &s.Hours[i])
	}
	queues := v.names(sp.with("queues"), len(s.Queues), func(i int) string { return s.Queues[i].Name }, BasicQueue)
	for i := range s.Queues {
		q := &s.Queues[i]
		if q.Hours == "" {
			q.Hours = BasicHours
		}
		if !has(hours, q.Hours) {
			v.add(sp.with("queues", i, "hours"), "no hours named %q", q.Hours)
		}
		if q.MaxContacts != nil && *q.MaxContacts < 0 {
			v.add(sp.with("queues", i, "max_contacts"), "must not be negative")
		}
	}
	statuses := v.names(sp.with("agent_statuses"), len(s.AgentStatuses), func(i int) string { return s.AgentStatuses[i].Name }, StatusAvailable, StatusOffline)
	for i, a := range s.AgentStatuses {
		if strings.EqualFold(a.Name, StatusAvailable) || strings.EqualFold(a.Name, StatusOffline) {
			v.add(sp.with("agent_statuses", i, "name"), "%q is a built-in status; declare only CUSTOM ones", a.Name)
		}
	}
	attrs := map[string][]string{}
	v.names(sp.with("predefined_attributes"), len(s.PredefinedAttributes), func(i int) string { return s.PredefinedAttributes[i].Name })
	for i, a := range s.PredefinedAttributes {
		if len(a.Values) == 0 {
			v.add(sp.with("predefined_attributes", i, "values"), "at least one value is required")
		}
		attrs[a.Name] = a.Values
	}
	profiles := v.names(sp.with("routing_profiles"), len(s.RoutingProfiles), func(i int) string { return s.RoutingProfiles[i].Name }, BasicRoutingProfile)
	for i := range s.RoutingProfiles {
		v.profile(sp.with("routing_profiles", i), &s.RoutingProfiles[i], queues)
	}
	flows := v.names(sp.with("flows"), len(s.Flows), func(i int) string { return s.Flows[i].Name }, builtinFlows()...)
	for i := range s.Flows {
		v.flow(sp.with("flows", i), &s.Flows[i])
	}
	usernames := map[string]bool{}
	for i := range s.Users {
		v.users(sp.with("users", i), &s.Users[i], profiles, statuses, attrs, usernames)
	}
	if sc.Workload != nil {
		v.workload(path{"workload"}, sc.Workload, queues, flows)
	}
}

func builtinFlows() []string {
	// service.DefaultFlows, by name; kept here so the format does not
	// depend on the service.
	return []string{"Default customer queue", "Default customer hold", "Default customer whisper", "Default agent hold",
		"Default agent whisper", "Default outbound", "Default agent transfer", "Default queue transfer",
		"Sample inbound flow (first contact experience)", BasicRoutingFlow}
}

func (v *validator) hours(p path, h *Hours) {
	if h.TimeZone == "" {
		h.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(h.TimeZone); err != nil {
		v.add(p.with("time_zone"), "%q is not an IANA time zone", h.TimeZone)
	}
	for i, per := range h.Periods {
		if len(per.Days) == 0 {
			v.add(p.with("periods", i, "days"), "list at least one day")
		}
		for j, d := range per.Days {
			if !slices.Contains(days, strings.ToUpper(d)) {
				v.add(p.with("periods", i, "days", j), "%q is not a day (MONDAY ... SUNDAY)", d)
			}
			per.Days[j] = strings.ToUpper(d)
		}
		if per.Start.D() >= 24*time.Hour || per.End.D() > 24*time.Hour {
			v.add(p.with("periods", i), "start and end must be within the day")
		}
	}
}

func (v *validator) profile(p path, rp *RoutingProfile, queues map[string]bool) {
	if len(rp.Concurrency) == 0 {
		v.add(p.with("concurrency"), "enable at least one channel, e.g. {VOICE: 1}")
	}
	for ch, n := range rp.Concurrency {
		max, ok := maxConcurrency[ch]
		if !ok {
			v.add(p.with("concurrency", ch), "%q is not a channel (VOICE, CHAT, TASK, EMAIL)", ch)
			continue
		}
		if n < 1 || n > max {
			v.add(p.with("concurrency", ch), "%s concurrency must be between 1 and %d", ch, max)
		}
	}
	for i, ch := range rp.CrossChannel {
		if _, ok := rp.Concurrency[ch]; !ok {
			v.add(p.with("cross_channel", i), "%q is not enabled in concurrency", ch)
		}
	}
	switch rp.AvailabilityTimer {
	case "":
		rp.AvailabilityTimer = "TIME_SINCE_LAST_ACTIVITY"
	case "TIME_SINCE_LAST_ACTIVITY", "TIME_SINCE_LAST_INBOUND":
	default:
		v.add(p.with("availability_timer"), "want TIME_SINCE_LAST_ACTIVITY or TIME_SINCE_LAST_INBOUND")
	}
	if rp.Description == "" {
		rp.Description = rp.Name
	}
	seen := map[string]bool{}
	for i := range rp.Queues {
		q := &rp.Queues[i]
		qp := p.with("queues", i)
		if !has(queues, q.Queue) {
			v.add(qp.with("queue"), "no queue named %q", q.Queue)
		}
		if _, ok := rp.Concurrency[q.Channel]; !ok {
			v.add(qp.with("channel"), "channel %q is not enabled in the profile's concurrency", q.Channel)
		}
		if seen[strings.ToLower(q.Queue)+"/"+q.Channel] {
			v.add(qp, "queue %q on %s is listed twice", q.Queue, q.Channel)
		}
		seen[strings.ToLower(q.Queue)+"/"+q.Channel] = true
		if q.Priority == 0 {
			q.Priority = 1
		}
		if q.Priority < 1 || q.Priority > 99 {
			v.add(qp.with("priority"), "must be between 1 and 99")
		}
		if q.Delay < 0 || q.Delay.D()%time.Second != 0 || q.Delay.D() > 9999*time.Second {
			v.add(qp.with("delay"), "must be whole seconds between 0 and 9999")
		}
	}
	if rp.DefaultOutboundQueue == "" {
		rp.DefaultOutboundQueue = BasicQueue
		if len(rp.Queues) > 0 {
			rp.DefaultOutboundQueue = rp.Queues[0].Queue
		}
	} else if !has(queues, rp.DefaultOutboundQueue) {
		v.add(p.with("default_outbound_queue"), "no queue named %q", rp.DefaultOutboundQueue)
	}
}

func (v *validator) flow(p path, f *Flow) {
	if f.Type == "" {
		f.Type = "CONTACT_FLOW"
	}
	switch {
	case f.File != "" && f.Content != "":
		v.add(p, "give content or file, not both")
		return
	case f.File != "":
		b, err := v.open(f.File)
		if err != nil {
			v.add(p.with("file"), "%v", err)
			return
		}
		v.sc.Files[f.File] = b
		f.Content = FlowContent(b)
	case f.Content == "":
		v.add(p, "give the flow's content (flow-language JSON) or a file")
		return
	}
	v.flowContent(p.with("content"), string(f.Content))
}

func (v *validator) flowContent(p path, content string) {
	err := flow.Validate(content)
	var fe *flow.InvalidFlowError
	if errors.As(err, &fe) {
		for _, pr := range fe.Problems {
			v.add(p, "%s", pr)
		}
	} else if err != nil {
		v.add(p, "%v", err)
	}
}

func (v *validator) users(p path, g *UserGroup, profiles, statuses map[string]bool, attrs map[string][]string, usernames map[string]bool) {
	if g.Count == 0 {
		g.Count = 1
	}
	if g.Count < 1 {
		v.add(p.with("count"), "must be at least 1")
		return
	}
	if g.Username == "" {
		v.add(p.with("username"), "a username is required")
		return
	}
	if g.Count > 1 && !strings.Contains(g.Username, "{n}") {
		v.add(p.with("username"), "with count %d the username must contain {n}", g.Count)
		return
	}
	for n := 1; n <= g.Count; n++ {
		u := strings.ToLower(g.Name(n))
		if usernames[u] {
			v.add(p.with("username"), "username %q is used more than once", g.Name(n))
			break
		}
		usernames[u] = true
	}
	if g.RoutingProfile == "" {
		g.RoutingProfile = BasicRoutingProfile
	}
	if !has(profiles, g.RoutingProfile) {
		v.add(p.with("routing_profile"), "no routing profile named %q", g.RoutingProfile)
	}
	if len(g.SecurityProfiles) == 0 {
		g.SecurityProfiles = []string{SecurityAgent}
	}
	for i, sp := range g.SecurityProfiles {
		if !slices.Contains(securityProfiles, sp) {
			v.add(p.with("security_profiles", i), "%q is not a security profile (%s)", sp, strings.Join(securityProfiles, ", "))
		}
	}
	if g.AutoAccept == nil {
		t := true
		g.AutoAccept = &t
	}
	if g.ACWLimit < 0 || g.ACWLimit.D()%time.Second != 0 {
		v.add(p.with("acw_limit"), "must be whole seconds, 0 or more")
	}
	if len(g.Proficiencies) > 10 {
		v.add(p.with("proficiencies"), "at most 10 proficiencies per user (the default quota)")
	}
	for i, pr := range g.Proficiencies {
		pp := p.with("proficiencies", i)
		values, ok := attrs[pr.Attribute]
		switch {
		case !ok:
			v.add(pp.with("attribute"), "no predefined attribute named %q", pr.Attribute)
		case !slices.Contains(values, pr.Value):
			v.add(pp.with("value"), "%q is not a value of %s (%s)", pr.Value, pr.Attribute, strings.Join(values, ", "))
		}
		if pr.Level < 1 || pr.Level > 5 {
			v.add(pp.with("level"), "must be between 1 and 5")
		}
	}
	if g.Shift != nil && g.Shift.End <= g.Shift.Start {
		v.add(p.with("shift"), "end must be after start")
	}
	for i, b := range g.Breaks {
		bp := p.with("breaks", i)
		if !has(statuses, b.Status) {
			v.add(bp.with("status"), "no agent status named %q", b.Status)
		}
		if b.Length <= 0 {
			v.add(bp.with("length"), "must be positive")
		}
		if b.Spread < 0 {
			v.add(bp.with("spread"), "must not be negative")
		}
	}
}

// Name is the username of the group's n-th user (1-based).
func (g *UserGroup) Name(n int) string {
	return strings.ReplaceAll(g.Username, "{n}", strconv.Itoa(n))
}

func (v *validator) workload(p path, w *Workload, queues, flows map[string]bool) {
	w.startGiven = !w.Start.IsZero()
	if w.Start.IsZero() {
		w.Start = DefaultStart
	}
	if w.Duration == 0 {
		w.Duration = Duration(DefaultDuration)
	}
	if w.Duration < 0 {
		v.add(p.with("duration"), "must be positive")
	}
	if w.Drain == nil {
		d := Duration(DefaultDrain)
		w.Drain = &d
	} else if *w.Drain < 0 {
		v.add(p.with("drain"), "must not be negative")
	}
	if w.Seed == 0 {
		w.Seed = 1
	}
	if w.Interval == 0 {
		w.Interval = Duration(DefaultInterval)
	}
	if w.Interval < Duration(time.Minute) {
		v.add(p.with("interval"), "must be at least 1m")
	}
	if w.ServiceLevel == 0 {
		w.ServiceLevel = Duration(DefaultServiceLevel)
	}
	if w.ServiceLevel < 0 {
		v.add(p.with("service_level"), "must be positive")
	}
	if w.ServiceLevelTarget == 0 {
		w.ServiceLevelTarget = DefaultServiceLevelTarget
	}
	if w.ServiceLevelTarget < 0 || w.ServiceLevelTarget > 100 {
		v.add(p.with("service_level_target"), "must be a percentage between 0 and 100")
	}
	if w.RingTimeout < 0 || w.RingTimeout > Duration(24*time.Hour) {
		v.add(p.with("ring_timeout"), "must be between 1s and 24h")
	}
	if len(w.ContactTypes) == 0 {
		v.add(p.with("contact_types"), "declare at least one contact type")
	}
	v.names(p.with("contact_types"), len(w.ContactTypes), func(i int) string { return w.ContactTypes[i].Name })
	served := v.served()
	for i := range w.ContactTypes {
		v.contactType(p.with("contact_types", i), &w.ContactTypes[i], queues, flows, served)
	}
}

// served is the (queue, channel) pairs some routing profile serves.
func (v *validator) served() map[string]bool {
	out := map[string]bool{strings.ToLower(BasicQueue) + "/VOICE": true, strings.ToLower(BasicQueue) + "/CHAT": true, strings.ToLower(BasicQueue) + "/TASK": true}
	for _, rp := range v.sc.Setup.RoutingProfiles {
		for _, q := range rp.Queues {
			out[strings.ToLower(q.Queue)+"/"+q.Channel] = true
		}
	}
	return out
}

func (v *validator) contactType(p path, ct *ContactType, queues, flows, served map[string]bool) {
	if ct.Channel == "" {
		ct.Channel = "VOICE"
	}
	if !slices.Contains(contactChannels, ct.Channel) {
		v.add(p.with("channel"), "%q is not a channel contacts can start on (VOICE, CHAT, TASK)", ct.Channel)
	}
	switch {
	case ct.Queue == "" && ct.Flow == "":
		v.add(p, "give a queue, a flow, or both")
	case ct.Queue != "" && !has(queues, ct.Queue):
		v.add(p.with("queue"), "no queue named %q", ct.Queue)
	case ct.Queue != "" && !served[strings.ToLower(ct.Queue)+"/"+ct.Channel]:
		v.add(p.with("queue"), "no routing profile serves queue %q on %s: its contacts could never be answered", ct.Queue, ct.Channel)
	}
	if ct.Flow != "" && !has(flows, ct.Flow) {
		v.add(p.with("flow"), "no flow named %q", ct.Flow)
	}
	if ct.Flow != "" && (len(ct.RoutingSteps) > 0 || ct.Priority != nil) {
		v.add(p, "routing_steps and priority apply through a generated flow; with a flow of your own, set them in it")
	}
	if ct.Priority != nil && (*ct.Priority < 1 || *ct.Priority > math.MaxInt32) {
		v.add(p.with("priority"), "must be a whole number of 1 or more")
	}
	if name, content, ok := ct.GeneratedFlow(); ok {
		_ = name
		v.flowContent(p.with("routing_steps"), content)
	}
	v.arrivals(p.with("arrivals"), ct)
	v.dist(p.with("handle_time"), &ct.HandleTime, true)
	if ct.ACW != nil {
		v.dist(p.with("acw"), ct.ACW, false)
	}
	if ct.Patience != nil {
		v.dist(p.with("patience"), ct.Patience, true)
	}
	for i, t := range ct.Transcripts {
		if len(t) == 0 {
			v.add(p.with("transcripts", i), "a transcript needs at least one turn")
		}
		for j, turn := range t {
			if !slices.Contains([]string{"CUSTOMER", "AGENT", "SYSTEM"}, turn.Role) {
				v.add(p.with("transcripts", i, j, "role"), "want CUSTOMER, AGENT or SYSTEM")
			}
		}
	}
}

func (v *validator) arrivals(p path, ct *ContactType) {
	a := &ct.Arrivals
	n := 0
	at := p
	if a.PerHour != nil {
		n++
		at = p.with("per_hour")
		if !(*a.PerHour >= 0 && *a.PerHour <= math.MaxFloat64) {
			v.add(p.with("per_hour"), "must be a number, 0 or more")
		}
	}
	if len(a.Schedule) > 0 {
		n++
		at = p.with("schedule")
		for i, r := range a.Schedule {
			if !(r.PerHour >= 0 && r.PerHour <= math.MaxFloat64) {
				v.add(p.with("schedule", i, "per_hour"), "must be a number, 0 or more")
			}
			if i > 0 && r.From <= a.Schedule[i-1].From {
				v.add(p.with("schedule", i, "from"), "times must increase")
			}
		}
	}
	if a.Trace != "" {
		n++
		at = p.with("trace")
		b, err := v.open(a.Trace)
		if err != nil {
			v.add(p.with("trace"), "%v", err)
		} else {
			v.sc.Files[a.Trace] = b
			offs, err := parseTrace(b)
			if err != nil {
				v.add(p.with("trace"), "%s: %v", a.Trace, err)
			}
			ct.trace = offs
		}
	}
	if n != 1 {
		v.add(p, "give exactly one of per_hour, schedule (Poisson) and trace")
		at = p
	}
	ct.arrivalsAt = location{line: lineOf(v.root, at), field: at.String()}
}

// parseTrace reads arrival offsets from the start of the run, one a line
// (seconds, a Go duration, or HH:MM[:SS]); '#' starts a comment.
func parseTrace(b []byte) ([]time.Duration, error) {
	var out []time.Duration
	sc := bufio.NewScanner(bytes.NewReader(b))
	for line := 1; sc.Scan(); line++ {
		s, _, _ := strings.Cut(sc.Text(), "#")
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		var d time.Duration
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			d = time.Duration(f * float64(time.Second))
		} else if td, err := ParseTimeOfDay(s); err == nil {
			d = td.D()
		} else if gd, err := time.ParseDuration(s); err == nil {
			d = gd
		} else {
			return nil, fmt.Errorf("line %d: %q is not an arrival offset", line, s)
		}
		if d < 0 {
			return nil, fmt.Errorf("line %d: offsets must not be negative", line)
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, sc.Err()
}

func (v *validator) dist(p path, d *Dist, required bool) {
	if d.Kind == "" {
		if required {
			v.add(p, "a distribution is required, e.g. {dist: exponential, mean: 4m}")
		} else {
			v.add(p.with("dist"), "want fixed, exponential, lognormal or empirical")
		}
		return
	}
	switch d.Kind {
	case DistFixed:
		if d.Value < 0 {
			v.add(p.with("value"), "must not be negative")
		}
	case DistExponential:
		if d.Mean <= 0 {
			v.add(p.with("mean"), "must be positive")
		}
	case DistLognormal:
		if d.Mean <= 0 {
			v.add(p.with("mean"), "must be positive")
		}
		if d.SD < 0 {
			v.add(p.with("sd"), "must not be negative")
		}
	case DistEmpirical:
		if len(d.Values) == 0 {
			v.add(p.with("values"), "list at least one value")
		}
		for i, x := range d.Values {
			if x < 0 {
				v.add(p.with("values", i), "must not be negative")
			}
		}
	default:
		v.add(p.with("dist"), "%q: want fixed, exponential, lognormal or empirical", d.Kind)
	}
}
