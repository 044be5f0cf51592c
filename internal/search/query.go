package search

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"
)

// Field names a contact field a query ranges over or sorts by.
type Field int

// The fields. The first five are the TimeRange types, Expiry and the
// enum fields are sort-only.
const (
	Initiation Field = iota
	Scheduled
	ConnectedToAgent
	Disconnect
	Enqueue
	Expiry
	Channel
	InitiationMethod

	numTimes  = int(Expiry) + 1 // timestamps a record carries
	numRanged = int(Enqueue) + 1
)

var fieldNames = [...]string{"INITIATION_TIMESTAMP", "SCHEDULED_TIMESTAMP", "CONNECTED_TO_AGENT_TIMESTAMP",
	"DISCONNECT_TIMESTAMP", "ENQUEUE_TIMESTAMP", "EXPIRY_TIMESTAMP", "CHANNEL", "INITIATION_METHOD"}

func (f Field) String() string {
	if f >= 0 && int(f) < len(fieldNames) {
		return fieldNames[f]
	}
	return fmt.Sprintf("Field(%d)", int(f))
}

// ParseField maps a wire name (TimeRange.Type or Sort.FieldName) to a Field.
func ParseField(name string) (Field, bool) {
	for i, n := range fieldNames {
		if n == name {
			return Field(i), true
		}
	}
	return 0, false
}

func (f Field) isTime() bool    { return f >= Initiation && f <= Expiry }
func (f Field) rangeable() bool { return f >= Initiation && f <= Enqueue }

// Participant roles of transcript segments (docs/search.md#request).
var Roles = []string{"AGENT", "CUSTOMER", "SYSTEM", "CUSTOM_BOT", "SUPERVISOR"}

func roleIndex(r string) int {
	for i, x := range Roles {
		if x == r {
			return i
		}
	}
	return -1
}

// Record is what the index keeps of one contact. Zero times are absent.
type Record struct {
	ID               string
	Channel          string
	InitiationMethod string
	QueueID          string // "" when never queued
	AgentID          string // "" when never connected
	// HierarchyPath is the handling agent's hierarchy groups at handling
	// time, level 1 first (docs/search.md#criteria).
	HierarchyPath     []string
	Name              string
	Times             [numTimes]time.Time // indexed by Field
	Attributes        map[string]string
	SegmentAttributes map[string]string
	Tags              map[string]string
	// RoutingAgents are, per routing step, the agent IDs the step targets.
	RoutingAgents [][]string
	// Transcript is the searchable transcript, nil when there is none. The
	// index keeps the slice: callers must replace it, never modify it.
	Transcript []Segment
}

// Segment is one utterance of a transcript.
type Segment struct {
	Role    string // one of Roles
	Content string
}

// MatchType combines a list of conditions (docs/search.md#criteria; the last two are
// post-2023 additions).
type MatchType string

// The match types.
const (
	MatchAll   MatchType = "MATCH_ALL"
	MatchAny   MatchType = "MATCH_ANY"
	MatchExact MatchType = "MATCH_EXACT"
	MatchNone  MatchType = "MATCH_NONE"
)

// Query is one SearchContacts request. Empty lists and nil filters impose no
// condition; the non-empty ones are AND-ed (docs/search.md#criteria).
type Query struct {
	Range             TimeRange
	AgentIDs          []string
	HierarchyGroups   [5][]string // L1Ids … L5Ids
	Channels          []string
	InitiationMethods []string
	QueueIDs          []string
	Attributes        *AttributeFilter // SearchableContactAttributes
	SegmentAttributes *AttributeFilter // SearchableSegmentAttributes
	Transcript        *TranscriptFilter
	Name              *TextFilter
	Tags              *TagFilter
	AdditionalTimes   *TimeFilter
	RoutingSteps      []AgentFilter // each must be met by some routing step
	ActiveRegions     []string
	Sort              Sort

	// The rest is per call, not part of the request's identity.

	// Now is the time of the search: retention counts back from it.
	Now time.Time `json:"-"`
	// Region is the instance's region, for ActiveRegions.
	Region string `json:"-"`
	// SearchableKeys are the attribute keys configured for search and
	// when each was configured: only contacts initiated since then are
	// searchable by the key (docs/search.md#criteria).
	SearchableKeys map[string]time.Time `json:"-"`
	// Limit is the page size, 1..100.
	Limit int `json:"-"`
	// After continues from a previous page.
	After *Cursor `json:"-"`
}

// TimeRange bounds one timestamp, both ends included (docs/search.md#time-ranges).
type TimeRange struct {
	Field      Field
	Start, End time.Time
}

// AttributeFilter is SearchableContactAttributes (or segment attributes).
type AttributeFilter struct {
	Criteria []AttributeCriterion
	Match    MatchType // "" is MATCH_ALL
}

// AttributeCriterion matches when the attribute Key equals one of Values.
type AttributeCriterion struct {
	Key    string
	Values []string
}

// TranscriptFilter is ContactAnalysis.Transcript.
type TranscriptFilter struct {
	Criteria []TranscriptCriterion
	Match    MatchType // "" is MATCH_ALL
}

// TranscriptCriterion looks for Texts in one role's utterances.
type TranscriptCriterion struct {
	Role  string
	Texts []string
	Match MatchType
}

// TextFilter is the Name criterion.
type TextFilter struct {
	Texts []string
	Match MatchType
}

// TagFilter is ContactTags; the parts that are set are AND-ed.
type TagFilter struct {
	Or   [][]Tag // any of these AND-lists
	And  []Tag
	Cond *Tag
}

// Tag is one tag condition; an empty Value with HasValue false only asks
// for the key.
type Tag struct {
	Key, Value string
	HasValue   bool
}

// TimeFilter is AdditionalTimeRange.
type TimeFilter struct {
	Criteria []TimeCondition
	Match    MatchType
}

// TimeCondition is a range, or (NotExists) the absence of a timestamp.
type TimeCondition struct {
	Range     *TimeRange
	NotExists *Field
}

// AgentFilter is one RoutingCriteria step's AgentCriteria.
type AgentFilter struct {
	AgentIDs []string
	Match    MatchType
}

// Sort orders the results; ties go by contact ID (docs/search.md#sorting-paging-and-counts).
type Sort struct {
	Field Field
	Desc  bool
}

// Cursor is where a page ended: the last contact's sort key and ID, and
// how many results came before it and on its page.
type Cursor struct {
	Pos     int    `json:"p"`
	Missing bool   `json:"m,omitempty"`
	Num     int64  `json:"n,omitempty"`
	Str     string `json:"s,omitempty"`
	ID      string `json:"i"`
}

// Result is one page.
type Result struct {
	IDs   []string
	Total int     // matches, capped at MaxTotal
	Next  *Cursor // nil on the last page
	// Examined is how many index entries the search checked.
	Examined int
}

// Limits (docs/search.md#time-ranges, docs/search.md#sorting-paging-and-counts).
const (
	MaxWindow    = 8 * 7 * 24 * time.Hour
	MaxTotal     = 10000
	DefaultLimit = 100
)

// Retention is how far back contacts stay searchable: 24 months.
func retentionCutoff(now time.Time) time.Time { return now.AddDate(0, -24, 0) }

// QueryError is a request that cannot be run; callers answer
// InvalidParameterException with its message.
type QueryError struct{ Msg string }

func (e *QueryError) Error() string { return e.Msg }

func badQuery(format string, args ...any) error {
	return &QueryError{Msg: fmt.Sprintf(format, args...)}
}

// Validate checks the rules the model cannot express (docs/search.md#time-ranges).
func (q *Query) Validate() error {
	r := q.Range
	if !r.Field.rangeable() {
		return badQuery("TimeRange.Type %s cannot bound a search.", r.Field)
	}
	if r.Start.After(r.End) {
		return badQuery("TimeRange.StartTime must not be after TimeRange.EndTime.")
	}
	if r.End.Sub(r.Start) > MaxWindow {
		return badQuery("TimeRange must span at most 8 weeks.")
	}
	if q.AdditionalTimes != nil {
		for _, c := range q.AdditionalTimes.Criteria {
			if c.Range != nil && !c.Range.Field.rangeable() {
				return badQuery("AdditionalTimeRange: %s cannot bound a search.", c.Range.Field)
			}
			if c.Range != nil && c.Range.Start.After(c.Range.End) {
				return badQuery("AdditionalTimeRange: StartTime must not be after EndTime.")
			}
			if c.NotExists != nil && !c.NotExists.rangeable() {
				return badQuery("AdditionalTimeRange: %s is not a timestamp condition type.", *c.NotExists)
			}
			if (c.Range == nil) == (c.NotExists == nil) {
				return badQuery("AdditionalTimeRange: each criterion needs exactly one of TimeRange and TimestampCondition.")
			}
		}
	}
	if q.Transcript != nil {
		for _, c := range q.Transcript.Criteria {
			if roleIndex(c.Role) < 0 {
				return badQuery("Unknown ParticipantRole %q.", c.Role)
			}
		}
	}
	if q.Sort.Field < Initiation || q.Sort.Field > InitiationMethod {
		return badQuery("Unknown Sort.FieldName.")
	}
	if q.Limit < 0 || q.Limit > 100 {
		return badQuery("MaxResults must be between 1 and 100.")
	}
	return nil
}

// Fingerprint identifies the request (not the page): a NextToken is valid
// only for a request with the same fingerprint (docs/search.md#sorting-paging-and-counts).
func (q *Query) Fingerprint() string {
	b, _ := json.Marshal(q)
	h := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(h[:18])
}
