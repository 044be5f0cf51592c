package scenario

import "time"

// Scenario is one parsed, validated scenario file.
type Scenario struct {
	Instance Instance  `yaml:"instance"`
	Setup    Setup     `yaml:"setup"`
	Workload *Workload `yaml:"workload"`

	// Name is the file the scenario came from (for messages).
	Name string `yaml:"-"`
	// Files holds every file the scenario refers to (flow files, arrival
	// traces) by the path written in it, so a scenario can be sent whole to
	// a server (docs/local-api.md, /_local/simulate).
	Files map[string][]byte `yaml:"-"`
}

// Instance names the instance the setup lives in.
type Instance struct {
	// Alias finds the instance again across restarts; required.
	Alias string `yaml:"alias"`
}

// Setup is what `connect-local serve --seed` creates. Every resource is
// found by name; missing ones are created, existing ones left alone.
type Setup struct {
	Hours                []Hours               `yaml:"hours"`
	Queues               []Queue               `yaml:"queues"`
	RoutingProfiles      []RoutingProfile      `yaml:"routing_profiles"`
	AgentStatuses        []AgentStatus         `yaml:"agent_statuses"`
	PredefinedAttributes []PredefinedAttribute `yaml:"predefined_attributes"`
	Flows                []Flow                `yaml:"flows"`
	Users                []UserGroup           `yaml:"users"`
}

// Built-in resources every instance has (service/defaults.go); scenarios
// may refer to them without declaring them.
const (
	BasicHours          = "Basic Hours"
	BasicQueue          = "BasicQueue"
	BasicRoutingProfile = "Basic Routing Profile"
	BasicRoutingFlow    = "Basic routing flow"
	StatusAvailable     = "Available"
	StatusOffline       = "Offline"
	SecurityAgent       = "Agent"
)

// Hours is an hours-of-operation schedule.
type Hours struct {
	Name        string        `yaml:"name"`
	Description string        `yaml:"description"`
	TimeZone    string        `yaml:"time_zone"` // default UTC
	Periods     []HoursPeriod `yaml:"periods"`
}

// HoursPeriod opens the listed days from Start to End.
type HoursPeriod struct {
	Days  []string  `yaml:"days"` // MONDAY ... SUNDAY
	Start TimeOfDay `yaml:"start"`
	End   TimeOfDay `yaml:"end"`
}

// Queue is a standard queue.
type Queue struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Hours       string `yaml:"hours"` // default Basic Hours
	MaxContacts *int64 `yaml:"max_contacts"`
}

// RoutingProfile is a routing profile (docs/routing.md#routing-profiles).
type RoutingProfile struct {
	Name                 string `yaml:"name"`
	Description          string `yaml:"description"`
	DefaultOutboundQueue string `yaml:"default_outbound_queue"` // default: its first queue
	// Concurrency is the slots per channel (VOICE, CHAT, TASK, EMAIL).
	Concurrency map[string]int64 `yaml:"concurrency"`
	// CrossChannel lists the channels whose behaviour is ROUTE_ANY_CHANNEL.
	CrossChannel []string `yaml:"cross_channel"`
	// AvailabilityTimer is TIME_SINCE_LAST_ACTIVITY (default) or
	// TIME_SINCE_LAST_INBOUND.
	AvailabilityTimer string         `yaml:"availability_timer"`
	Queues            []ProfileQueue `yaml:"queues"`
}

// ProfileQueue is one (queue, channel) of a routing profile.
type ProfileQueue struct {
	Queue    string   `yaml:"queue"`
	Channel  string   `yaml:"channel"`
	Priority int64    `yaml:"priority"` // default 1
	Delay    Duration `yaml:"delay"`    // whole seconds
}

// AgentStatus is a CUSTOM agent status (breaks, lunch, training).
type AgentStatus struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Disabled    bool   `yaml:"disabled"`
}

// PredefinedAttribute is an attribute proficiencies and routing steps name.
type PredefinedAttribute struct {
	Name   string   `yaml:"name"`
	Values []string `yaml:"values"`
}

// Flow is a flow in the Amazon Connect flow language, inline or from a
// file relative to the scenario.
type Flow struct {
	Name        string      `yaml:"name"`
	Type        string      `yaml:"type"` // default CONTACT_FLOW
	Description string      `yaml:"description"`
	Content     FlowContent `yaml:"content"`
	File        string      `yaml:"file"`
}

// UserGroup is one user, or Count users whose Username contains {n}
// (replaced by 1..Count).
type UserGroup struct {
	Username         string        `yaml:"username"`
	Count            int           `yaml:"count"` // default 1
	RoutingProfile   string        `yaml:"routing_profile"`
	SecurityProfiles []string      `yaml:"security_profiles"` // default [Agent]
	AutoAccept       *bool         `yaml:"auto_accept"`       // default true
	ACWLimit         Duration      `yaml:"acw_limit"`         // AfterContactWorkTimeLimit; 0 = until cleared
	Proficiencies    []Proficiency `yaml:"proficiencies"`
	// Shift is when the agents work; nil means Available for the whole run.
	// Used by the simulation only.
	Shift  *Shift  `yaml:"shift"`
	Breaks []Break `yaml:"breaks"`
}

// Proficiency is an (attribute, value, level 1-5) a user holds.
type Proficiency struct {
	Attribute string  `yaml:"attribute"`
	Value     string  `yaml:"value"`
	Level     float64 `yaml:"level"`
}

// Shift is a working period, in times of day from the start of the run.
type Shift struct {
	Start TimeOfDay `yaml:"start"`
	End   TimeOfDay `yaml:"end"`
}

// Break puts the agents in a status (usually CUSTOM) for Length. With
// Spread, the group's agents start their breaks evenly over
// [At, At+Spread) instead of all at At.
type Break struct {
	Status string    `yaml:"status"`
	At     TimeOfDay `yaml:"at"`
	Length Duration  `yaml:"length"`
	Spread Duration  `yaml:"spread"`
}

// Workload is the traffic a simulation offers.
type Workload struct {
	// Start is the instant times of day count from. In process it
	// defaults to 2024-01-01T00:00:00Z; inside a server (/_local/simulate)
	// it is Start when given and not past, otherwise midnight (UTC) of the
	// server's day, or of the next day once the run's first time of day
	// has passed.
	Start time.Time `yaml:"start"`
	// Duration is how long contacts arrive (default 24h).
	Duration Duration `yaml:"duration"`
	// Drain is how long the run goes on after arrivals stop, at most, for
	// the contacts still in the system to finish (default 4h).
	Drain *Duration `yaml:"drain"`
	// Seed makes the run reproducible (default 1); --seed overrides it.
	Seed uint64 `yaml:"seed"`
	// Interval is the report's interval (default 15m).
	Interval Duration `yaml:"interval"`
	// ServiceLevel is the service-level threshold (default 20s).
	ServiceLevel Duration `yaml:"service_level"`
	// ServiceLevelTarget is the service level aimed at, in percent (default
	// 80): the target line of the service-level chart.
	ServiceLevelTarget float64 `yaml:"service_level_target"`
	// RingTimeout is how long offers ring (default the engine's 20s).
	RingTimeout  Duration      `yaml:"ring_timeout"`
	ContactTypes []ContactType `yaml:"contact_types"`

	startGiven bool
}

// StartGiven reports whether the file set Start (a run inside a server
// otherwise starts at the server's clock).
func (w *Workload) StartGiven() bool { return w.startGiven }

// ContactType is one stream of contacts.
type ContactType struct {
	Name string `yaml:"name"`
	// Queue is the working queue; Flow the flow to run (default: the Basic
	// routing flow, or a generated one when RoutingSteps or Priority are
	// set). At least one of the two.
	Queue    string   `yaml:"queue"`
	Flow     string   `yaml:"flow"`
	Channel  string   `yaml:"channel"` // default VOICE
	Arrivals Arrivals `yaml:"arrivals"`
	// RoutingSteps are routing-criteria steps in the API shape
	// ({Expression: ..., Expiry: {DurationInSeconds: N}}), applied by a
	// generated flow's UpdateRoutingCriteria.
	RoutingSteps []any `yaml:"routing_steps"`
	// Priority is the QueuePriority the generated flow sets.
	Priority   *int64            `yaml:"priority"`
	HandleTime Dist              `yaml:"handle_time"`
	ACW        *Dist             `yaml:"acw"`      // default 0
	Patience   *Dist             `yaml:"patience"` // default: never abandons
	Attributes map[string]string `yaml:"attributes"`
	// Transcripts are conversation templates; each handled contact gets
	// one, chosen at random. {attribute} is replaced by the contact's
	// attribute value.
	Transcripts []Transcript `yaml:"transcripts"`

	trace      []time.Duration // the trace file's offsets, once validated
	arrivalsAt location        // where its arrivals are written
}

// Arrivals is a Poisson process (PerHour, constant, or Schedule,
// piecewise constant by time of day) or a Trace file of arrival offsets.
type Arrivals struct {
	PerHour  *float64     `yaml:"per_hour"`
	Schedule []RateChange `yaml:"schedule"`
	Trace    string       `yaml:"trace"`
}

// RateChange sets the arrival rate from a time of day on (until the next).
type RateChange struct {
	From    TimeOfDay `yaml:"from"`
	PerHour float64   `yaml:"per_hour"`
}

// Transcript is one conversation template.
type Transcript []Turn

// Turn is one line of a transcript.
type Turn struct {
	Role string `yaml:"role"` // CUSTOMER, AGENT or SYSTEM
	Text string `yaml:"text"`
}

// Distribution kinds.
const (
	DistFixed       = "fixed"
	DistExponential = "exponential"
	DistLognormal   = "lognormal"
	DistEmpirical   = "empirical"
)

// Dist is a distribution of durations: {dist: fixed, value: 3m},
// {dist: exponential, mean: 4m}, {dist: lognormal, mean: 5m, sd: 2m},
// {dist: empirical, values: [1m, 2m, 5m]} (each equally likely), or a bare
// duration for fixed.
type Dist struct {
	Kind   string     `yaml:"dist"`
	Value  Duration   `yaml:"value"`
	Mean   Duration   `yaml:"mean"`
	SD     Duration   `yaml:"sd"`
	Values []Duration `yaml:"values"`
}
