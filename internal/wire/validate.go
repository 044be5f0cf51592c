package wire

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/connect-local/connect-local/internal/model"
)

// maxDepth bounds how deeply nested a request may be (hostile input).
const maxDepth = 32

// validate checks v against the model shape and returns an
// InvalidParameterException naming every violated member (docs/errors.md#errors-per-operation), or
// the value to decode into the operation's api type: built member by member
// from what was checked, so it holds only the members the shapes declare, by
// their exact wire names, all the way down through structures, lists and
// maps. A member spelled in another case ("firstname" for "FirstName") is an
// unknown member and is dropped, as AWS ignores unknown members; it never
// reaches encoding/json, whose struct decoding would match it
// case-insensitively and overwrite the validated value.
func validate(s *model.Shape, v map[string]any) (map[string]any, *Error) {
	var c checker
	out := c.structure(s, v, "", 0)
	if len(c.errs) == 0 {
		return out, nil
	}
	n := len(c.errs)
	noun := "error"
	if n > 1 {
		noun = "errors"
	}
	list := c.errs
	if len(list) > 10 {
		list = list[:10]
	}
	return nil, InvalidParameter("%d validation %s detected: %s", n, noun, strings.Join(list, "; "))
}

type checker struct{ errs []string }

func (c *checker) fail(path string, v any, sensitive bool, format string, args ...any) {
	shown := "null"
	if v != nil {
		shown = "'" + clip(fmt.Sprint(v)) + "'"
		if sensitive {
			shown = "'*** Sensitive Data Redacted ***'"
		}
		if _, ok := v.(map[string]any); ok {
			shown = "of type object"
		}
		if _, ok := v.([]any); ok {
			shown = "of type list"
		}
	}
	prefix := "Value " + shown + " at '" + path + "'"
	if v == nil {
		prefix = "Value null at '" + path + "'"
	}
	c.errs = append(c.errs, prefix+" failed to satisfy constraint: "+fmt.Sprintf(format, args...))
}

// structure checks obj's members and returns them; everything else in obj
// is left behind. Members are keyed by member name, which is a body
// member's exact wire name and the api types' json tag (the Connect model
// gives no body member a locationName; TestBodyWireNamesAreMemberNames
// holds it to that).
func (c *checker) structure(s *model.Shape, obj map[string]any, path string, depth int) map[string]any {
	// When obj holds declared members only (the usual request), it is
	// rebuilt in place: it came from decoding this request and nothing
	// else holds it.
	var out map[string]any
	if declaredOnly(s, obj) {
		out = obj
	} else {
		out = make(map[string]any, len(s.Order))
	}
	for _, name := range s.Order {
		m := s.Members[name]
		v, ok := obj[name]
		if !ok || v == nil {
			// Most members of an input are absent: their path is built
			// only to name a missing required one.
			if s.Required[name] {
				c.fail(join(path, lowerFirst(m.WireName())), nil, false, "Member must not be null")
			}
			continue
		}
		out[name] = c.value(m.Shape, v, join(path, lowerFirst(m.WireName())), depth+1)
	}
	set := len(out)
	if s.Union && set != 1 {
		where := path
		if where == "" {
			where = lowerFirst(s.Name)
		}
		c.errs = append(c.errs, fmt.Sprintf("Value at '%s' failed to satisfy constraint: Union must have exactly one member set, found %d", where, set))
	}
	return out
}

// declaredOnly reports whether every entry of obj is a member of s, by its
// exact name, and not null.
func declaredOnly(s *model.Shape, obj map[string]any) bool {
	for k, v := range obj {
		if _, ok := s.Members[k]; !ok || v == nil {
			return false
		}
	}
	return true
}

// value checks v against s and returns what was checked: structures
// rebuilt from their declared members, lists and maps rebuilt element by
// element, scalars as they are. After a failure what it returns is unused.
func (c *checker) value(s *model.Shape, v any, path string, depth int) any {
	if depth > maxDepth {
		c.fail(path, nil, false, "Request is nested more than %d levels deep", maxDepth)
		return nil
	}
	switch s.Type {
	case "structure":
		obj, ok := v.(map[string]any)
		if !ok {
			c.fail(path, v, false, "Member must be an object")
			return nil
		}
		return c.structure(s, obj, path, depth)
	case "list":
		list, ok := v.([]any)
		if !ok {
			c.fail(path, v, false, "Member must be a list")
			return nil
		}
		c.size(s, v, len(list), path)
		out := make([]any, len(list))
		for i, e := range list {
			p := fmt.Sprintf("%s.%d.member", path, i+1)
			if e == nil {
				c.fail(p, nil, false, "Member must not be null")
				continue
			}
			out[i] = c.value(s.Member, e, p, depth+1)
		}
		return out
	case "map":
		obj, ok := v.(map[string]any)
		if !ok {
			c.fail(path, v, false, "Member must be a map")
			return nil
		}
		c.size(s, v, len(obj), path)
		// Map keys are data, not member names: "a" and "A" are two keys.
		out := make(map[string]any, len(obj))
		for k, e := range obj {
			if s.Key != nil {
				c.value(s.Key, k, path+".key", depth+1)
			}
			if e == nil {
				c.fail(path+"."+k, nil, false, "Map value must not be null")
				continue
			}
			out[k] = c.value(s.Value, e, path+"."+clip(k), depth+1)
		}
		return out
	case "string":
		str, ok := v.(string)
		if !ok {
			c.fail(path, v, false, "Member must be a string")
			return nil
		}
		n := utf8.RuneCountInString(str)
		if s.Min != nil && float64(n) < *s.Min {
			c.fail(path, str, s.Sensitive, "Member must have length greater than or equal to %s", num(*s.Min))
		}
		if s.Max != nil && float64(n) > *s.Max {
			c.fail(path, str, s.Sensitive, "Member must have length less than or equal to %s", num(*s.Max))
		}
		if len(s.Enum) > 0 && !s.IsEnumValue(str) {
			c.fail(path, str, s.Sensitive, "Member must satisfy enum value set: [%s]", strings.Join(s.Enum, ", "))
		}
		if p := s.CompiledPattern(); p != nil && !p.MatchString(str) {
			c.fail(path, str, s.Sensitive, "Member must satisfy regular expression pattern: %s", s.Pattern)
		}
	case "integer", "long":
		n, ok := v.(json.Number)
		if !ok {
			c.fail(path, v, false, "Member must be an integer")
			return nil
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			c.fail(path, v, false, "Member must be an integer")
			return nil
		}
		if s.Type == "integer" && (i > math.MaxInt32 || i < math.MinInt32) {
			c.fail(path, v, false, "Member must be a 32-bit integer")
			return nil
		}
		c.rangeCheck(s, float64(i), v, path)
	case "double", "float":
		n, ok := v.(json.Number)
		if !ok {
			c.fail(path, v, false, "Member must be a number")
			return nil
		}
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			c.fail(path, v, false, "Member must be a finite number")
			return nil
		}
		c.rangeCheck(s, f, v, path)
	case "boolean":
		if _, ok := v.(bool); !ok {
			c.fail(path, v, false, "Member must be a boolean")
		}
	case "timestamp":
		switch t := v.(type) {
		case json.Number:
			f, err := strconv.ParseFloat(string(t), 64)
			if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > 1e11 {
				c.fail(path, v, false, "Member must be a timestamp in epoch seconds")
			}
		case string:
			if !isISOTime(t) {
				c.fail(path, v, false, "Member must be a timestamp")
			}
		default:
			c.fail(path, v, false, "Member must be a timestamp")
		}
	}
	return v
}

func (c *checker) size(s *model.Shape, v any, n int, path string) {
	if s.Min != nil && float64(n) < *s.Min {
		c.fail(path, v, false, "Member must have length greater than or equal to %s", num(*s.Min))
	}
	if s.Max != nil && float64(n) > *s.Max {
		c.fail(path, v, false, "Member must have length less than or equal to %s", num(*s.Max))
	}
}

func (c *checker) rangeCheck(s *model.Shape, f float64, v any, path string) {
	if s.Min != nil && f < *s.Min {
		c.fail(path, v, false, "Member must have value greater than or equal to %s", num(*s.Min))
	}
	if s.Max != nil && f > *s.Max {
		c.fail(path, v, false, "Member must have value less than or equal to %s", num(*s.Max))
	}
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func clip(s string) string {
	if len(s) > 64 {
		return s[:61] + "..."
	}
	return s
}
