package wire

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/model"
)

// decodeInput gathers an operation's input members from where the model
// binds them (path labels, query string, headers, JSON body) into one JSON
// object keyed by member name. Numbers stay json.Number so nothing is lost
// before validation.
func decodeInput(op *model.Operation, r *http.Request, labels map[string]string, body []byte) (map[string]any, error) {
	in := map[string]any{}
	shape := op.Input
	if shape == nil {
		return in, nil
	}
	hasBody := false
	for _, name := range shape.Order {
		if shape.Members[name].Location == "" {
			hasBody = true
			break
		}
	}
	if hasBody && len(bytes.TrimSpace(body)) > 0 {
		if tooDeep(body, maxJSONDepth) {
			return nil, Errorf("SerializationException", http.StatusBadRequest, "The request body is nested more than %d levels deep.", maxJSONDepth)
		}
		var doc any
		if json.Valid(body) {
			doc = parseValid(body)
		} else {
			// The Decoder says what is wrong.
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.UseNumber()
			if err := dec.Decode(&doc); err != nil {
				return nil, Errorf("SerializationException", http.StatusBadRequest, "The request body is not valid JSON: %s", jsonErrText(err))
			}
			if _, err := dec.Token(); err != io.EOF {
				return nil, Errorf("SerializationException", http.StatusBadRequest, "The request body has data after its JSON value.")
			}
		}
		obj, ok := doc.(map[string]any)
		if !ok && doc != nil {
			return nil, Errorf("SerializationException", http.StatusBadRequest, "The request body must be a JSON object.")
		}
		if onlyBodyMembers(shape, obj) {
			// The usual body: nothing to leave out, so the decoded object
			// is the input (nobody else holds it).
			in = obj
		} else {
			for _, name := range shape.Order {
				if m := shape.Members[name]; m.Location == "" {
					if v, ok := obj[name]; ok && v != nil {
						in[name] = v
					}
				}
			}
		}
	}
	var query url.Values // parsed for the first query member: most operations have none
	for _, name := range shape.Order {
		m := shape.Members[name]
		switch m.Location {
		case "uri":
			if v, ok := labels[m.WireName()]; ok {
				if m.Shape.Type != "string" {
					// A number in the path (a view or form version).
					c, err := scalarFrom(m, m.Shape, v)
					if err != nil {
						return nil, err
					}
					in[name] = c
					continue
				}
				in[name] = v
			}
		case "querystring":
			if query == nil {
				query = r.URL.Query()
			}
			vals, ok := query[m.WireName()]
			if !ok {
				continue
			}
			v, err := scalarsFrom(m, vals)
			if err != nil {
				return nil, err
			}
			in[name] = v
		case "header":
			if h := r.Header.Get(m.WireName()); h != "" {
				v, err := scalarsFrom(m, []string{h})
				if err != nil {
					return nil, err
				}
				in[name] = v
			}
		}
	}
	return in, nil
}

// onlyBodyMembers reports whether every entry of obj is a body member of
// shape, by its exact name, and not null.
func onlyBodyMembers(shape *model.Shape, obj map[string]any) bool {
	if obj == nil {
		return false
	}
	for k, v := range obj {
		if m, ok := shape.Members[k]; !ok || m.Location != "" || v == nil {
			return false
		}
	}
	return true
}

// maxJSONDepth bounds the nesting of a request body before it is decoded
// (hostile input): encoding/json would otherwise build up to 10,000 levels.
// Validation then holds the decoded members to maxDepth.
const maxJSONDepth = 2 * maxDepth

// tooDeep reports whether the JSON text b opens more than limit arrays or
// objects at once. It only counts brackets outside strings; malformed text
// is left for the decoder to reject.
func tooDeep(b []byte, limit int) bool {
	depth, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			if depth > limit {
				return true
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return false
}

// scalarsFrom converts bound string values to the member's JSON form.
func scalarsFrom(m *model.Member, vals []string) (any, error) {
	if m.Shape.Type == "list" {
		out := make([]any, 0, len(vals))
		for _, v := range vals {
			c, err := scalarFrom(m, m.Shape.Member, v)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	}
	return scalarFrom(m, m.Shape, vals[len(vals)-1])
}

func scalarFrom(m *model.Member, s *model.Shape, v string) (any, error) {
	bad := func(what string) error {
		return InvalidParameter("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must be %s", clip(v), lowerFirst(m.WireName()), what)
	}
	switch s.Type {
	case "integer", "long":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return nil, bad("an integer")
		}
		return json.Number(v), nil
	case "double", "float":
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return nil, bad("a number")
		}
		return json.Number(v), nil
	case "boolean":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, bad("a boolean")
		}
		return b, nil
	case "timestamp":
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return json.Number(strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', 3, 64)), nil
		}
		if t, err := http.ParseTime(v); err == nil {
			return json.Number(strconv.FormatInt(t.Unix(), 10)), nil
		}
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			return json.Number(v), nil
		}
		return nil, bad("a timestamp")
	}
	return v, nil
}

func jsonErrText(err error) string {
	s := err.Error()
	return strings.TrimPrefix(s, "json: ")
}
