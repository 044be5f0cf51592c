package flow

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Version is the only flow-language version Connect accepts.
const Version = "2019-10-30"

// Limits of the flow language.
const (
	MaxActions          = 250 // actions in one flow
	MaxIdentifierLength = 50  // characters in an action Identifier
	MaxProblems         = 50  // problems one InvalidFlowError reports (the model's Problems max)
)

// Flow is a parsed, valid flow. Build one with Parse.
type Flow struct {
	Version     string
	StartAction string
	Actions     []*Action
	byID        map[string]*Action
	ends        *Action // the first block when a run only logs it and ends (EndsAtOnce)
}

// Action is one step of a flow.
type Action struct {
	Identifier string
	Type       string
	// Parameters as written, decoded with numbers kept as json.Number.
	Parameters  map[string]any
	Transitions Transitions
	// spec is the checked form of Parameters for an interpreted type.
	spec any
	// logParams is Parameters flattened for the flow log when no value
	// refers to the contact ($.…): every execution's log entry for this
	// block shares it, read-only. logStatic says it is set.
	logParams map[string]string
	logStatic bool
	// shapes are the shared records of the block's entries in compact
	// logs (log.go).
	shapes *shapes
}

// Transitions say which action runs next.
type Transitions struct {
	NextAction string
	Errors     []ErrorTransition
	Conditions []ConditionTransition
}

// ErrorTransition is the branch taken on an error of ErrorType.
type ErrorTransition struct {
	NextAction string
	ErrorType  string
}

// ConditionTransition is the branch taken when Condition holds.
type ConditionTransition struct {
	NextAction string
	Condition  Condition
}

// Condition compares an action's result with one operand.
type Condition struct {
	Operator string
	Operands []string
}

// Action returns the action with the given identifier.
func (f *Flow) Action(id string) (*Action, bool) {
	a, ok := f.byID[id]
	return a, ok
}

// InvalidFlowError lists everything wrong with a flow's content. The service
// answers it as InvalidContactFlowException, one problem per entry.
type InvalidFlowError struct {
	Problems []string
}

func (e *InvalidFlowError) Error() string {
	if len(e.Problems) == 1 {
		return "invalid flow: " + e.Problems[0]
	}
	return fmt.Sprintf("invalid flow: %d problems, the first: %s", len(e.Problems), e.Problems[0])
}

// Validate checks content as Parse does and returns nil or an
// *InvalidFlowError.
func Validate(content string) error {
	_, err := Parse(content)
	return err
}

// Parse decodes and validates a flow. Any problem, including malformed
// JSON, makes it return an *InvalidFlowError listing every problem found.
func Parse(content string) (*Flow, error) {
	c := &checker{}
	f := c.parse(content)
	if err := c.err(); err != nil {
		return nil, err
	}
	f.ends = f.findEnd()
	return f, nil
}

// checker collects problems.
type checker struct {
	problems []string
}

func (c *checker) add(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *checker) err() error {
	if len(c.problems) == 0 {
		return nil
	}
	p := c.problems
	if len(p) > MaxProblems {
		more := len(p) - (MaxProblems - 1)
		p = append(p[:MaxProblems-1:MaxProblems-1], fmt.Sprintf("... and %d more problems.", more))
	}
	return &InvalidFlowError{Problems: p}
}

// The document as decoded before checking.
type rawFlow struct {
	Version     *string
	StartAction *string
	Actions     []rawAction
}

type rawAction struct {
	Identifier  *string
	Type        *string
	Parameters  json.RawMessage
	Transitions *rawTransitions
}

type rawTransitions struct {
	NextAction string
	Errors     []ErrorTransition
	Conditions []struct {
		NextAction string
		Condition  *struct {
			Operator string
			Operands []any
		}
	}
}

func (c *checker) parse(content string) *Flow {
	var raw rawFlow
	if err := json.Unmarshal([]byte(content), &raw); err != nil {
		c.add("The content is not valid flow-language JSON: %s.", jsonProblem(err))
		return nil
	}
	switch {
	case raw.Version == nil:
		c.add("Version is missing; it must be %q.", Version)
	case *raw.Version != Version:
		c.add("Version %q is not supported; it must be %q.", *raw.Version, Version)
	}
	if len(raw.Actions) > MaxActions {
		c.add("The flow has %d actions; at most %d are allowed.", len(raw.Actions), MaxActions)
	}
	f := &Flow{Version: Version, byID: map[string]*Action{}}
	seen := map[string]int{}
	for _, ra := range raw.Actions {
		if ra.Identifier != nil && *ra.Identifier != "" {
			if seen[*ra.Identifier]++; seen[*ra.Identifier] == 2 {
				c.add("Identifier %q is used by more than one action.", *ra.Identifier)
			}
		}
	}
	for i, ra := range raw.Actions {
		if a := c.action(i, ra); a != nil && f.byID[a.Identifier] == nil {
			f.byID[a.Identifier] = a
			f.Actions = append(f.Actions, a)
		}
	}
	switch {
	case raw.StartAction == nil || *raw.StartAction == "":
		c.add("StartAction is missing.")
	case f.byID[*raw.StartAction] == nil && !c.hasIdentifier(raw, *raw.StartAction):
		c.add("StartAction %q names no action.", *raw.StartAction)
	default:
		f.StartAction = *raw.StartAction
	}
	for _, a := range f.Actions {
		c.targets(f, raw, a)
	}
	return f
}

// hasIdentifier reports whether any action, valid or not, has identifier
// id, so that one bad action does not also make every transition to it
// dangling.
func (c *checker) hasIdentifier(raw rawFlow, id string) bool {
	for _, a := range raw.Actions {
		if a.Identifier != nil && *a.Identifier == id {
			return true
		}
	}
	return false
}

func (c *checker) targets(f *Flow, raw rawFlow, a *Action) {
	check := func(what, target string) {
		if target != "" && f.byID[target] == nil && !c.hasIdentifier(raw, target) {
			c.add("Action %q: %s names no action (%q).", a.Identifier, what, target)
		}
	}
	t := a.Transitions
	check("NextAction", t.NextAction)
	for _, e := range t.Errors {
		check("the "+e.ErrorType+" error transition", e.NextAction)
	}
	for i, cond := range t.Conditions {
		check("condition "+strconv.Itoa(i+1), cond.NextAction)
	}
}

// identifierForbidden are the characters an Identifier may not contain.
const identifierForbidden = `%:(\/)=$,;[]{}`

// reservedIdentifiers may not be used as Identifiers.
var reservedIdentifiers = map[string]bool{
	"__proto__": true, "constructor": true, "__defineGetter__": true, "__defineSetter__": true,
	"toString": true, "hasOwnProperty": true, "isPrototypeOf": true, "propertyIsEnumerable": true,
	"toLocaleString": true, "valueOf": true,
}

func (c *checker) action(i int, ra rawAction) *Action {
	if ra.Identifier == nil || *ra.Identifier == "" {
		c.add("Action %d has no Identifier.", i+1)
		return nil
	}
	a := &Action{Identifier: *ra.Identifier, Parameters: map[string]any{}, shapes: &shapes{}}
	ok := true
	switch {
	case len([]rune(a.Identifier)) > MaxIdentifierLength:
		c.add("Identifier %q is longer than %d characters.", a.Identifier, MaxIdentifierLength)
		ok = false
	case strings.ContainsAny(a.Identifier, identifierForbidden):
		c.add("Identifier %q contains a character that is not allowed (one of %s).", a.Identifier, identifierForbidden)
		ok = false
	case reservedIdentifiers[a.Identifier]:
		c.add("Identifier %q is reserved.", a.Identifier)
		ok = false
	}
	switch {
	case ra.Type == nil || *ra.Type == "":
		c.add("Action %q has no Type.", a.Identifier)
		ok = false
	case !KnownType(*ra.Type):
		c.add("Action %q has an unknown Type %q.", a.Identifier, *ra.Type)
		ok = false
	default:
		a.Type = *ra.Type
	}
	if p := bytes.TrimSpace(ra.Parameters); len(p) > 0 && !bytes.Equal(p, []byte("null")) {
		d := json.NewDecoder(bytes.NewReader(p))
		d.UseNumber()
		if err := d.Decode(&a.Parameters); err != nil {
			c.add("Action %q: Parameters must be an object.", a.Identifier)
			ok = false
		}
	}
	if t := ra.Transitions; t != nil {
		a.Transitions.NextAction = t.NextAction
		a.Transitions.Errors = t.Errors
		for j, rc := range t.Conditions {
			ct := ConditionTransition{NextAction: rc.NextAction}
			if cond, good := c.condition(a.Identifier, j, rc.Condition); good {
				ct.Condition = cond
			} else {
				ok = false
			}
			a.Transitions.Conditions = append(a.Transitions.Conditions, ct)
		}
	}
	if a.Type != "" && Interpreted(a.Type) {
		a.spec = c.spec(a)
	}
	if !dynamic(a.Parameters) {
		// A nil execution resolves no reference, and there is none.
		a.logParams, a.logStatic = (*Execution)(nil).flatten(a.Parameters), true
	}
	if !ok {
		// Keep the identifier known so transitions to it are not reported
		// as dangling, but leave the broken action out of the flow.
		return nil
	}
	return a
}

func (c *checker) condition(id string, j int, rc *struct {
	Operator string
	Operands []any
}) (Condition, bool) {
	if rc == nil {
		c.add("Action %q: condition %d has no Condition.", id, j+1)
		return Condition{}, false
	}
	if !operators[rc.Operator] {
		c.add("Action %q: condition %d has an unknown Operator %q.", id, j+1, rc.Operator)
		return Condition{}, false
	}
	if len(rc.Operands) != 1 {
		c.add("Action %q: condition %d (%s) takes exactly one operand.", id, j+1, rc.Operator)
		return Condition{}, false
	}
	s, ok := scalarString(rc.Operands[0])
	if !ok {
		c.add("Action %q: condition %d (%s) has an operand that is not a string.", id, j+1, rc.Operator)
		return Condition{}, false
	}
	return Condition{Operator: rc.Operator, Operands: []string{s}}, true
}

// scalarString renders a JSON string or number as a string.
func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case json.Number:
		return x.String(), true
	}
	return "", false
}

// jsonProblem describes a decoding error without Go type names.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			return "the document must be a JSON object"
		}
		return fmt.Sprintf("%s must not be a JSON %s", field, te.Value)
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (at byte %d)", strings.TrimPrefix(se.Error(), "json: "), se.Offset)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
