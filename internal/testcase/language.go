package testcase

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Version is the Testing language version connect-local reads.
const Version = "2025-06-21"

// TestCase is parsed test-case content.
type TestCase struct {
	Version      string
	Observations []*Observation
	byID         map[string]*Observation
}

// Observation is one expected event and the actions taken when it occurs.
type Observation struct {
	Identifier  string
	Event       Event
	Usage       string // EXACTLY (default): observed once
	Actions     []Action
	NextObs     []string
	startActive bool
}

// Event is what the system is expected to do.
type Event struct {
	Identifier string
	Type       string
	Actor      string
	Properties map[string]any
}

// Action is what the test does when its observation's event occurs.
type Action struct {
	Identifier string
	Type       string
	Parameters map[string]any
	Next       string
}

// Event and action types of the language.
const (
	EvTestInitiated     = "TestInitiated"
	EvTestCompleted     = "TestCompleted"
	EvMessageReceived   = "MessageReceived"
	EvFlowActionStarted = "FlowActionStarted"

	ActSendInstruction = "SendInstruction"
	ActAssert          = "Assert"
	ActTestControl     = "TestControl"
	ActOverride        = "OverrideSystemBehavior"
)

var eventTypes = map[string]bool{EvTestInitiated: true, EvTestCompleted: true, EvMessageReceived: true, EvFlowActionStarted: true}
var actionTypes = map[string]bool{ActSendInstruction: true, ActAssert: true, ActTestControl: true, ActOverride: true}

// InvalidError lists everything wrong with test-case content.
type InvalidError struct{ Problems []string }

func (e *InvalidError) Error() string {
	if len(e.Problems) == 1 {
		return "invalid test case: " + e.Problems[0]
	}
	return fmt.Sprintf("invalid test case: %d problems, the first: %s", len(e.Problems), e.Problems[0])
}

type rawCase struct {
	Version      *string
	Observations []struct {
		Identifier string
		Event      *Event
		Usage      *struct{ Type string }
		Actions    []struct {
			Identifier  string
			Type        string
			Parameters  map[string]any
			Transitions *struct{ NextAction string }
		}
		Transitions *struct{ NextObservations []string }
	}
}

// Parse reads and checks test-case content.
func Parse(content string) (*TestCase, error) {
	var raw rawCase
	d := json.NewDecoder(bytes.NewReader([]byte(content)))
	d.UseNumber()
	var problems []string
	add := func(f string, a ...any) { problems = append(problems, fmt.Sprintf(f, a...)) }
	if err := d.Decode(&raw); err != nil {
		return nil, &InvalidError{Problems: []string{"the content is not valid Testing-language JSON: " + strings.TrimPrefix(err.Error(), "json: ")}}
	}
	switch {
	case raw.Version == nil:
		add("Version is missing; it must be %q", Version)
	case *raw.Version != Version:
		add("Version %q is not supported; it must be %q", *raw.Version, Version)
	}
	if len(raw.Observations) == 0 {
		add("there are no Observations")
	}
	tc := &TestCase{Version: Version, byID: map[string]*Observation{}}
	for i, ro := range raw.Observations {
		o := &Observation{Identifier: ro.Identifier, Usage: "EXACTLY"}
		if o.Identifier == "" {
			add("observation %d has no Identifier", i+1)
			continue
		}
		if tc.byID[o.Identifier] != nil {
			add("observation Identifier %q is used more than once", o.Identifier)
			continue
		}
		if ro.Event == nil || !eventTypes[ro.Event.Type] {
			typ := ""
			if ro.Event != nil {
				typ = ro.Event.Type
			}
			add("observation %q: the Event Type %q is not one of TestInitiated, TestCompleted, MessageReceived, FlowActionStarted", o.Identifier, typ)
		} else {
			o.Event = *ro.Event
		}
		if ro.Usage != nil && ro.Usage.Type != "" {
			o.Usage = ro.Usage.Type
		}
		ids := map[string]bool{}
		for j, ra := range ro.Actions {
			if !actionTypes[ra.Type] {
				add("observation %q: action %d has an unknown Type %q", o.Identifier, j+1, ra.Type)
				continue
			}
			if ra.Identifier != "" && ids[ra.Identifier] {
				add("observation %q: action Identifier %q is used more than once", o.Identifier, ra.Identifier)
			}
			ids[ra.Identifier] = true
			a := Action{Identifier: ra.Identifier, Type: ra.Type, Parameters: ra.Parameters}
			if ra.Transitions != nil {
				a.Next = ra.Transitions.NextAction
			}
			if msg := checkAction(a); msg != "" {
				add("observation %q: action %q: %s", o.Identifier, a.Identifier, msg)
			}
			o.Actions = append(o.Actions, a)
		}
		for _, a := range o.Actions {
			if a.Next != "" && !ids[a.Next] {
				add("observation %q: action %q: NextAction %q names no action", o.Identifier, a.Identifier, a.Next)
			}
		}
		if ro.Transitions != nil {
			o.NextObs = ro.Transitions.NextObservations
		}
		tc.byID[o.Identifier] = o
		tc.Observations = append(tc.Observations, o)
	}
	targeted := map[string]bool{}
	for _, o := range tc.Observations {
		for _, n := range o.NextObs {
			if tc.byID[n] == nil {
				add("observation %q: NextObservations names no observation (%q)", o.Identifier, n)
			}
			targeted[n] = true
		}
	}
	for _, o := range tc.Observations {
		o.startActive = !targeted[o.Identifier]
	}
	if len(problems) > 0 {
		return nil, &InvalidError{Problems: problems}
	}
	return tc, nil
}

// checkAction checks the parameters an action needs.
func checkAction(a Action) string {
	p := a.Parameters
	switch a.Type {
	case ActSendInstruction:
		in, _ := p["Instruction"].(map[string]any)
		switch t, _ := in["Type"].(string); t {
		case "DtmfInput", "TextUtterance":
		default:
			return fmt.Sprintf("Instruction.Type %q is not DtmfInput or TextUtterance", t)
		}
	case ActAssert:
		if ns, _ := p["Namespace"].(string); !strings.HasPrefix(ns, "$.") {
			return "Namespace must be a JSONPath such as $.Attributes.name"
		}
		op, _ := p["Operator"].(string)
		if !assertOperators[op] {
			return fmt.Sprintf("Operator %q is not supported", op)
		}
	case ActTestControl:
		cmd, _ := p["Command"].(map[string]any)
		switch t, _ := cmd["Type"].(string); t {
		case "EndTest", "LogData":
		default:
			return fmt.Sprintf("Command.Type %q is not EndTest or LogData", t)
		}
	case ActOverride:
		b, _ := p["Behavior"].(map[string]any)
		props, _ := b["Properties"].(map[string]any)
		if t, _ := props["ActionType"].(string); t == "" {
			return "Behavior.Properties.ActionType is missing"
		}
		s, _ := props["Strategy"].(map[string]any)
		switch t, _ := s["Type"].(string); t {
		case "SubstituteResource", "MockResponse":
		default:
			return fmt.Sprintf("Strategy.Type %q is not SubstituteResource or MockResponse", t)
		}
	}
	return ""
}

var assertOperators = map[string]bool{
	"Equals": true, "TextStartsWith": true, "TextEndsWith": true, "TextContains": true,
	"NumberGreaterThan": true, "NumberGreaterOrEqualTo": true, "NumberLessThan": true, "NumberLessOrEqualTo": true,
	"Exists": true,
}
