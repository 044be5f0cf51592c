package metrics

// Dimensions: the grouping and filter keys the package understands.
const (
	DimQueue   = "QUEUE"
	DimChannel = "CHANNEL"
	DimProfile = "ROUTING_PROFILE"
	DimStep    = "ROUTING_STEP_EXPRESSION"
	DimAgent   = "AGENT" // GetMetricDataV2 only
)

// The 13 real-time metrics (docs/metrics.md#the-13-real-time-metrics), in the model's order.
const (
	AgentsOnline       = "AGENTS_ONLINE"
	AgentsAvailable    = "AGENTS_AVAILABLE"
	AgentsOnCall       = "AGENTS_ON_CALL"
	AgentsNonProd      = "AGENTS_NON_PRODUCTIVE"
	AgentsACW          = "AGENTS_AFTER_CONTACT_WORK"
	AgentsError        = "AGENTS_ERROR"
	AgentsStaffed      = "AGENTS_STAFFED"
	ContactsInQueue    = "CONTACTS_IN_QUEUE"
	OldestContactAge   = "OLDEST_CONTACT_AGE"
	ContactsScheduled  = "CONTACTS_SCHEDULED"
	AgentsOnContact    = "AGENTS_ON_CONTACT"
	SlotsActive        = "SLOTS_ACTIVE"
	SlotsAvailable     = "SLOTS_AVAILABLE"
	numCurrentMetrics  = 13
	UnitCount          = "COUNT"
	UnitSeconds        = "SECONDS"
	UnitPercent        = "PERCENT"
	StatSum            = "SUM"
	StatAvg            = "AVG"
	StatMax            = "MAX"
	MaxServiceLevels   = 20     // SERVICE_LEVEL entries per request (docs/metrics.md#filters-and-groupings)
	MaxThresholdSecond = 604800 // ThresholdValue upper bound, seconds
)

// CurrentMetrics lists the real-time metrics in the model's order; the
// index of a name is its position in Row.Values.
var CurrentMetrics = [numCurrentMetrics]string{
	AgentsOnline, AgentsAvailable, AgentsOnCall, AgentsNonProd, AgentsACW, AgentsError, AgentsStaffed,
	ContactsInQueue, OldestContactAge, ContactsScheduled, AgentsOnContact, SlotsActive, SlotsAvailable,
}

// CurrentIndex returns the position of a real-time metric, or -1.
func CurrentIndex(name string) int {
	for i, n := range CurrentMetrics {
		if n == name {
			return i
		}
	}
	return -1
}

// CurrentUnit is the unit of a real-time metric (docs/metrics.md#the-13-real-time-metrics).
func CurrentUnit(name string) string {
	if name == OldestContactAge {
		return UnitSeconds
	}
	return UnitCount
}

// HistoricalDef is one GetMetricData metric: its unit and statistic
// (docs/metrics.md#the-25-historical-metrics).
type HistoricalDef struct{ Unit, Statistic string }

// Historical is the table of the 25 GetMetricData metrics.
var Historical = map[string]HistoricalDef{
	"CONTACTS_QUEUED":                     {UnitCount, StatSum},
	"CONTACTS_HANDLED":                    {UnitCount, StatSum},
	"CONTACTS_ABANDONED":                  {UnitCount, StatSum},
	"CONTACTS_CONSULTED":                  {UnitCount, StatSum},
	"CONTACTS_AGENT_HUNG_UP_FIRST":        {UnitCount, StatSum},
	"CONTACTS_HANDLED_INCOMING":           {UnitCount, StatSum},
	"CONTACTS_HANDLED_OUTBOUND":           {UnitCount, StatSum},
	"CONTACTS_HOLD_ABANDONS":              {UnitCount, StatSum},
	"CONTACTS_TRANSFERRED_IN":             {UnitCount, StatSum},
	"CONTACTS_TRANSFERRED_OUT":            {UnitCount, StatSum},
	"CONTACTS_TRANSFERRED_IN_FROM_QUEUE":  {UnitCount, StatSum},
	"CONTACTS_TRANSFERRED_OUT_FROM_QUEUE": {UnitCount, StatSum},
	"CONTACTS_MISSED":                     {UnitCount, StatSum},
	"CALLBACK_CONTACTS_HANDLED":           {UnitCount, StatSum},
	"API_CONTACTS_HANDLED":                {UnitCount, StatSum},
	"OCCUPANCY":                           {UnitPercent, StatAvg},
	"HANDLE_TIME":                         {UnitSeconds, StatAvg},
	"AFTER_CONTACT_WORK_TIME":             {UnitSeconds, StatAvg},
	"QUEUED_TIME":                         {UnitSeconds, StatMax},
	"ABANDON_TIME":                        {UnitSeconds, StatAvg},
	"QUEUE_ANSWER_TIME":                   {UnitSeconds, StatAvg},
	"HOLD_TIME":                           {UnitSeconds, StatAvg},
	"INTERACTION_TIME":                    {UnitSeconds, StatAvg},
	"INTERACTION_AND_HOLD_TIME":           {UnitSeconds, StatAvg},
	"SERVICE_LEVEL":                       {UnitPercent, StatAvg},
}

// HistoricalNames lists the GetMetricData metrics in the model's order.
var HistoricalNames = []string{
	"CONTACTS_QUEUED", "CONTACTS_HANDLED", "CONTACTS_ABANDONED", "CONTACTS_CONSULTED", "CONTACTS_AGENT_HUNG_UP_FIRST",
	"CONTACTS_HANDLED_INCOMING", "CONTACTS_HANDLED_OUTBOUND", "CONTACTS_HOLD_ABANDONS", "CONTACTS_TRANSFERRED_IN",
	"CONTACTS_TRANSFERRED_OUT", "CONTACTS_TRANSFERRED_IN_FROM_QUEUE", "CONTACTS_TRANSFERRED_OUT_FROM_QUEUE", "CONTACTS_MISSED",
	"CALLBACK_CONTACTS_HANDLED", "API_CONTACTS_HANDLED", "OCCUPANCY", "HANDLE_TIME", "AFTER_CONTACT_WORK_TIME", "QUEUED_TIME",
	"ABANDON_TIME", "QUEUE_ANSWER_TIME", "HOLD_TIME", "INTERACTION_TIME", "INTERACTION_AND_HOLD_TIME", "SERVICE_LEVEL",
}

// V2Def is one supported GetMetricDataV2 metric.
type V2Def struct {
	Unit string
	// Dims are the groupings and filters the metric accepts (the "Valid
	// groupings and filters" of the model's documentation, restricted to
	// the dimensions connect-local records).
	Dims []string
	// Threshold: the metric needs exactly one Threshold (LT or LTE).
	Threshold bool
	// AgentTime: computed from agent activity (status and contact time),
	// which has no queue or channel.
	AgentTime bool
}

var (
	qcpa  = []string{DimQueue, DimChannel, DimProfile, DimAgent}
	qcpas = []string{DimQueue, DimChannel, DimProfile, DimAgent, DimStep}
	qcp   = []string{DimQueue, DimChannel, DimProfile}
	pa    = []string{DimProfile, DimAgent}
)

// V2 is the table of the GetMetricDataV2 metrics connect-local supports;
// every other name is answered with InvalidParameterException.
var V2 = map[string]V2Def{
	"CONTACTS_HANDLED":              {Unit: UnitCount, Dims: qcpas},
	"CONTACTS_QUEUED":               {Unit: UnitCount, Dims: qcpa},
	"CONTACTS_ABANDONED":            {Unit: UnitCount, Dims: qcpas},
	"CONTACTS_TRANSFERRED_OUT":      {Unit: UnitCount, Dims: qcpa},
	"CONTACTS_HOLD_ABANDONS":        {Unit: UnitCount, Dims: qcpa},
	"AGENT_NON_RESPONSE":            {Unit: UnitCount, Dims: qcpa},
	"AVG_HANDLE_TIME":               {Unit: UnitSeconds, Dims: qcpas},
	"AVG_QUEUE_ANSWER_TIME":         {Unit: UnitSeconds, Dims: qcp},
	"AVG_AFTER_CONTACT_WORK_TIME":   {Unit: UnitSeconds, Dims: qcpa},
	"AVG_HOLD_TIME":                 {Unit: UnitSeconds, Dims: qcpa},
	"AVG_ABANDON_TIME":              {Unit: UnitSeconds, Dims: qcpa},
	"AVG_INTERACTION_TIME":          {Unit: UnitSeconds, Dims: qcp},
	"MAX_QUEUED_TIME":               {Unit: UnitSeconds, Dims: qcpa},
	"SERVICE_LEVEL":                 {Unit: UnitPercent, Dims: qcp, Threshold: true},
	"SUM_CONTACTS_ANSWERED_IN_X":    {Unit: UnitCount, Dims: qcp, Threshold: true},
	"SUM_CONTACTS_ABANDONED_IN_X":   {Unit: UnitCount, Dims: qcp, Threshold: true},
	"ABANDONMENT_RATE":              {Unit: UnitPercent, Dims: qcpa},
	"AGENT_ANSWER_RATE":             {Unit: UnitPercent, Dims: qcpa},
	"AGENT_OCCUPANCY":               {Unit: UnitPercent, Dims: pa, AgentTime: true},
	"SUM_CONTACT_TIME_AGENT":        {Unit: UnitSeconds, Dims: pa, AgentTime: true},
	"SUM_IDLE_TIME_AGENT":           {Unit: UnitSeconds, Dims: pa, AgentTime: true},
	"SUM_ONLINE_TIME_AGENT":         {Unit: UnitSeconds, Dims: pa, AgentTime: true},
	"SUM_NON_PRODUCTIVE_TIME_AGENT": {Unit: UnitSeconds, Dims: pa, AgentTime: true},
}

// Accepts reports whether the V2 metric accepts the dimension.
func (d V2Def) Accepts(dim string) bool {
	for _, x := range d.Dims {
		if x == dim {
			return true
		}
	}
	return false
}
