package flow

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// This file resolves the flow language's JSONPath references against an
// execution's data (docs/flows.md#jsonpath-references): every namespace
// that holds data in connect-local — $.Attributes, $.FlowAttributes,
// $.External, $.Lex, $.StoredCustomerInput, $.Queue and the contact's own
// fields ($.ContactId, $.Channel, $.CustomerEndpoint.Address, …).

// Lookup resolves a whole-value JSONPath ("$.Attributes.x", "$.Queue.Name",
// "$.External.a.b", …) against the execution's data now.
func (e *Execution) Lookup(path string) (string, bool) { return e.lookup(path) }

// lookup resolves a whole-value path. It answers false for a path naming
// nothing (missing data, an unknown namespace).
func (e *Execution) lookup(path string) (string, bool) {
	segs, ok := splitPath(path)
	if !ok || len(segs) == 0 {
		return "", false
	}
	head, rest := segs[0], segs[1:]
	one := func(m map[string]string) (string, bool) {
		if len(rest) != 1 {
			return "", false
		}
		v, ok := m[rest[0]]
		return v, ok
	}
	c := &e.Contact
	switch head {
	case "Attributes":
		return one(e.Attributes)
	case "FlowAttributes":
		return one(e.FlowAttributes)
	case "External":
		return walkJSON(e.External, rest)
	case "StoredCustomerInput":
		return e.StoredInput, len(rest) == 0 && e.hasStored
	case "Lex":
		return e.lexValue(rest)
	case "Queue":
		if len(rest) != 1 {
			return "", false
		}
		switch rest[0] {
		case "Id":
			return e.QueueID, e.QueueID != ""
		case "ARN", "Arn":
			return e.QueueARN, e.QueueARN != ""
		case "Name":
			return e.QueueName, e.QueueName != ""
		}
		return "", false
	case "CustomerEndpoint", "SystemEndpoint":
		addr := c.CustomerEndpoint
		if head == "SystemEndpoint" {
			addr = c.SystemEndpoint
		}
		if len(rest) == 1 && rest[0] == "Address" {
			return addr, addr != ""
		}
		if len(rest) == 1 && rest[0] == "Type" && addr != "" {
			return "TELEPHONE_NUMBER", true
		}
		return "", false
	case "Tags":
		return one(e.Tags)
	}
	if len(rest) != 0 {
		return "", false
	}
	var v string
	switch head {
	case "ContactId":
		v = c.ContactID
	case "InitialContactId":
		v = c.InitialContactID
	case "PreviousContactId":
		v = c.PreviousContactID
	case "Channel":
		v = c.Channel
	case "InitiationMethod":
		v = c.InitiationMethod
	case "InstanceARN":
		v = c.InstanceARN
	case "Name":
		v = e.Name
	case "Description":
		v = e.Description
	case "LanguageCode":
		v = e.LanguageCode
	case "TextToSpeechVoice":
		v = e.Voice
	default:
		return "", false
	}
	return v, v != ""
}

func (e *Execution) lexValue(rest []string) (string, bool) {
	if e.Lex == nil || len(rest) == 0 {
		return "", false
	}
	switch rest[0] {
	case "IntentName":
		return e.Lex.IntentName, len(rest) == 1 && e.Lex.IntentName != ""
	case "Slots":
		if len(rest) != 2 {
			return "", false
		}
		v, ok := e.Lex.Slots[rest[1]]
		return v, ok
	case "SessionAttributes":
		if len(rest) != 2 {
			return "", false
		}
		v, ok := e.Lex.SessionAttributes[rest[1]]
		return v, ok
	case "SentimentResponse":
		if len(rest) == 2 && rest[1] == "Label" {
			return e.Lex.Sentiment, e.Lex.Sentiment != ""
		}
	}
	return "", false
}

// walkJSON reads a nested value of a Lambda's JSON answer. A leaf that is
// an object or array reads as its JSON text.
func walkJSON(v any, path []string) (string, bool) {
	for _, k := range path {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[k]; !ok {
				return "", false
			}
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(x) {
				return "", false
			}
			v = x[i]
		default:
			return "", false
		}
	}
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// splitPath splits "$.A.b['c d'][0]" into [A b "c d" 0].
func splitPath(p string) ([]string, bool) {
	rest, ok := strings.CutPrefix(p, "$.")
	if !ok || rest == "" {
		return nil, false
	}
	var segs []string
	for rest != "" {
		switch rest[0] {
		case '.':
			rest = rest[1:]
			continue
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, false
			}
			k := rest[1:end]
			if len(k) >= 2 && (k[0] == '\'' || k[0] == '"') && k[len(k)-1] == k[0] {
				k = k[1 : len(k)-1]
			}
			segs = append(segs, k)
			rest = rest[end+1:]
			continue
		}
		end := strings.IndexAny(rest, ".[")
		if end < 0 {
			end = len(rest)
		}
		segs = append(segs, rest[:end])
		rest = rest[end:]
	}
	return segs, true
}

// value resolves a parameter: a whole-value JSONPath is looked up, any
// other text is taken as written (with Interpolate applied when interp).
func (e *Execution) value(v any, interp bool) (string, bool) {
	s, ok := scalarString(v)
	if !ok {
		if b, isBool := v.(bool); isBool {
			return strconv.FormatBool(b), true
		}
		return "", false
	}
	if strings.HasPrefix(s, "$.") && !strings.ContainsAny(s, " \t\n") {
		return e.lookup(s)
	}
	if interp {
		return e.Interpolate(s), true
	}
	return s, true
}

// Interpolate replaces every JSONPath reference inside text ("Hello
// $.Attributes.name") with its value; a reference naming nothing becomes
// empty, as Connect speaks nothing for it.
func (e *Execution) Interpolate(text string) string {
	if !strings.Contains(text, "$.") {
		return text
	}
	var b strings.Builder
	for {
		i := strings.Index(text, "$.")
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:i])
		j := i + 2
		for j < len(text) && pathChar(text[j], text[i:j]) {
			j++
		}
		ref := strings.TrimRight(text[i:j], ".")
		v, _ := e.lookup(ref)
		b.WriteString(v)
		text = text[i+len(ref):]
	}
}

func pathChar(c byte, sofar string) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '-', c == '.':
		return true
	case c == '[' || c == '\'' || c == '"':
		return true
	case c == ']':
		return strings.Count(sofar, "[") > strings.Count(sofar, "]")
	case c == ' ':
		// Inside brackets a key may hold spaces.
		return strings.Count(sofar, "[") > strings.Count(sofar, "]")
	}
	return false
}

// stringMap converts a parameter object to resolved strings, sorted keys.
func (e *Execution) stringMap(v any) (map[string]string, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, v == nil
	}
	out := make(map[string]string, len(m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		val := m[k]
		if obj, isObj := val.(map[string]any); isObj {
			val = obj["Value"]
		}
		s, ok := e.value(val, false)
		if !ok {
			return nil, false
		}
		out[k] = s
	}
	return out, true
}

// Holds evaluates the condition against v (the flow language's operator
// table; number operators are false when either side is not a number).
func (c Condition) Holds(v string) bool { return c.holds(v) }
