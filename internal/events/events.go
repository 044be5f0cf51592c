// Package events builds what Amazon Connect streams out, from plain
// descriptions of a contact or an agent: contact records (CTRs) for
// Kinesis and Firehose, agent events for Kinesis, and contact events for
// EventBridge, in the documented data models (docs/events.md).
//
// Builders are pure: the caller resolves names and ARNs and passes the
// time; nothing here reads a clock, the service or storage.
package events

import (
	"encoding/json"
	"time"

	"github.com/connect-local/connect-local/internal/routing"
)

// Ref is a named resource: its ARN and name.
type Ref struct {
	ARN  string
	Name string
}

// Contact is a contact as the builders need it, names resolved.
type Contact struct {
	AccountID, InstanceARN                                      string
	ID, ARN, InitialContactID, PreviousContactID, NextContactID string
	Channel, InitiationMethod                                   string
	Name, Description                                           string
	State                                                       string // the service's contact state
	Attributes, Tags                                            map[string]string
	CustomerEndpoint, SystemEndpoint                            string
	DisconnectReason                                            string

	Queue      *Ref // nil when the contact was never queued
	QueueType  string
	Agent      *Agent // nil when no agent took it
	Missed     int    // offers missed or rejected
	HoldSecs   int64
	Holds      int
	Priority   int64
	AdjustSecs *int64
	Criteria   *Criteria

	Initiation, ConnectedToSystem, Enqueue, ConnectedToAgent, Disconnect time.Time
	ACWStart, ACWEnd, LastUpdate, Scheduled, TransferCompleted           time.Time
	TransferredTo                                                        string
}

// Agent is the agent of a contact.
type Agent struct {
	ARN, Username  string
	RoutingProfile Ref
	Hierarchy      []Ref // level 1 first
}

// Criteria is a contact's routing criteria with each step's status.
type Criteria struct {
	Activation time.Time
	Index      int64
	Steps      []Step
}

// Step is one routing step.
type Step struct {
	Expression      routing.Expression
	DurationSeconds *int64
	Expiry          time.Time
	Status          string
}

// ts formats a contact record's timestamp (seconds, UTC, as Connect's
// records show them), or null.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// tsMilli formats an event timestamp (ISO 8601 with milliseconds), or null.
func tsMilli(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

func str(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// secs is whole seconds from a to b, or null when either is unknown.
func secs(a, b time.Time) any {
	if a.IsZero() || b.IsZero() {
		return nil
	}
	return int64(b.Sub(a) / time.Second)
}

func endpoint(addr string) any {
	if addr == "" {
		return nil
	}
	typ := "TELEPHONE_NUMBER"
	if len(addr) == 0 || addr[0] != '+' {
		typ = "EMAIL_ADDRESS"
		if !containsAt(addr) {
			typ = "CONTACT_FLOW"
		}
	}
	return map[string]any{"Address": addr, "Type": typ}
}

func containsAt(s string) bool {
	for i := range len(s) {
		if s[i] == '@' {
			return true
		}
	}
	return false
}

func hierarchy(levels []Ref, nameKey string) any {
	if len(levels) == 0 {
		return nil
	}
	m := map[string]any{}
	for i, g := range levels {
		if i >= 5 {
			break
		}
		m["Level"+string(rune('1'+i))] = map[string]any{"ARN": g.ARN, nameKey: g.Name}
	}
	return m
}

func stringMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// expression is a step's expression in the contact record's shape.
func expression(x routing.Expression) map[string]any {
	out := map[string]any{}
	if c := x.AttributeCondition; c != nil {
		out["AttributeCondition"] = condition(c)
	}
	if c := x.NotAttributeCondition; c != nil {
		out["NotAttributeCondition"] = condition(c)
	}
	if len(x.AndExpression) > 0 {
		var l []any
		for _, e := range x.AndExpression {
			l = append(l, expression(e))
		}
		out["AndExpression"] = l
	}
	if len(x.OrExpression) > 0 {
		var l []any
		for _, e := range x.OrExpression {
			l = append(l, expression(e))
		}
		out["OrExpression"] = l
	}
	return out
}

func condition(c *routing.AttributeCondition) map[string]any {
	m := map[string]any{"ComparisonOperator": c.ComparisonOperator}
	if c.Name != "" {
		m["Name"] = c.Name
	}
	if c.Value != "" {
		m["Value"] = c.Value
	}
	if c.ProficiencyLevel != nil {
		m["ProficiencyLevel"] = *c.ProficiencyLevel
	}
	if c.Range != nil {
		m["Range"] = map[string]any{"MinProficiencyLevel": c.Range.Min, "MaxProficiencyLevel": c.Range.Max}
	}
	if c.HasMatchCriteria {
		m["MatchCriteria"] = map[string]any{"AgentsCriteria": map[string]any{"AgentIds": c.AgentIDs}}
	}
	return m
}

func criteria(rc *Criteria) any {
	if rc == nil {
		return nil
	}
	steps := []any{}
	for _, s := range rc.Steps {
		expiry := map[string]any{"DurationInSeconds": nil, "ExpiryTimestamp": ts(s.Expiry)}
		if s.DurationSeconds != nil {
			expiry["DurationInSeconds"] = *s.DurationSeconds
		}
		steps = append(steps, map[string]any{"Expression": expression(s.Expression), "Expiry": expiry, "Status": s.Status})
	}
	return map[string]any{"ActivationTimestamp": ts(rc.Activation), "Index": rc.Index, "Steps": steps}
}

func marshal(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	return b, err
}
