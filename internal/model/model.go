package model

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

//go:embed connect.json
var connectJSON []byte

//go:embed connectparticipant.json
var participantJSON []byte

// Model is the parsed service model.
type Model struct {
	Metadata   map[string]any
	Operations map[string]*Operation
	Shapes     map[string]*Shape
}

// Operation is one API operation and its HTTP binding.
type Operation struct {
	Name       string
	Method     string
	RequestURI string
	Input      *Shape // nil when the operation takes no input
	Output     *Shape // nil when it returns no members
	Errors     []*Shape
	Idempotent bool
}

// Member is a structure member with its HTTP binding.
type Member struct {
	Name         string
	Shape        *Shape
	Location     string // "", "uri", "querystring", "header", "headers"
	LocationName string
	Box          bool
}

// WireName is the name the member has where it is bound: the label, query
// key or header for bound members, the member name in a JSON body.
func (m *Member) WireName() string {
	if m.LocationName != "" {
		return m.LocationName
	}
	return m.Name
}

// Shape is a model shape with its constraints.
type Shape struct {
	Name            string
	Type            string // structure, list, map, string, integer, long, double, float, boolean, timestamp, blob
	Members         map[string]*Member
	Order           []string // member names, sorted
	Required        map[string]bool
	Member          *Shape // list element
	Key             *Shape // map key
	Value           *Shape // map value
	Min, Max        *float64
	Enum            []string
	enumSet         map[string]bool
	Pattern         string
	Union           bool
	Error           bool
	HTTPCode        int
	Sensitive       bool
	TimestampFormat string

	patOnce sync.Once
	pat     *Pattern
}

// IsEnumValue reports whether v is one of the shape's enum values.
func (s *Shape) IsEnumValue(v string) bool { return s.enumSet[v] }

// CompiledPattern returns the shape's pattern translated for Go, or nil when
// the shape has none.
func (s *Shape) CompiledPattern() *Pattern {
	if s.Pattern == "" {
		return nil
	}
	s.patOnce.Do(func() { s.pat = CompilePattern(s.Pattern) })
	return s.pat
}

var (
	loadOnce sync.Once
	loaded   *Model
	loadErr  error
)

// Load returns the embedded Connect model, parsed once.
func Load() (*Model, error) {
	loadOnce.Do(func() { loaded, loadErr = Parse(connectJSON) })
	return loaded, loadErr
}

var (
	participantOnce sync.Once
	participant     *Model
	participantErr  error
)

// LoadParticipant returns the embedded Amazon Connect Participant Service
// model (connectparticipant, 2018-09-07), parsed once.
func LoadParticipant() (*Model, error) {
	participantOnce.Do(func() { participant, participantErr = Parse(participantJSON) })
	return participant, participantErr
}

// MustLoad is Load for program start-up and tests.
func MustLoad() *Model {
	m, err := Load()
	if err != nil {
		panic(err)
	}
	return m
}

type rawShape struct {
	Type      string               `json:"type"`
	Members   map[string]rawMember `json:"members"`
	Required  []string             `json:"required"`
	Member    *rawRef              `json:"member"`
	Key       *rawRef              `json:"key"`
	Value     *rawRef              `json:"value"`
	Min       *float64             `json:"min"`
	Max       *float64             `json:"max"`
	Enum      []string             `json:"enum"`
	Pattern   string               `json:"pattern"`
	Union     bool                 `json:"union"`
	Exception bool                 `json:"exception"`
	Error     *struct {
		HTTPStatusCode int `json:"httpStatusCode"`
	} `json:"error"`
	Sensitive       bool   `json:"sensitive"`
	TimestampFormat string `json:"timestampFormat"`
}

type rawRef struct {
	Shape string `json:"shape"`
}

type rawMember struct {
	Shape        string `json:"shape"`
	Location     string `json:"location"`
	LocationName string `json:"locationName"`
	Box          bool   `json:"box"`
}

type rawOp struct {
	Name string `json:"name"`
	HTTP struct {
		Method     string `json:"method"`
		RequestURI string `json:"requestUri"`
	} `json:"http"`
	Input      *rawRef  `json:"input"`
	Output     *rawRef  `json:"output"`
	Errors     []rawRef `json:"errors"`
	Idempotent bool     `json:"idempotent"`
}

// Parse builds a Model from service-2.json bytes.
func Parse(b []byte) (*Model, error) {
	var raw struct {
		Metadata   map[string]any      `json:"metadata"`
		Operations map[string]rawOp    `json:"operations"`
		Shapes     map[string]rawShape `json:"shapes"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	m := &Model{Metadata: raw.Metadata, Operations: map[string]*Operation{}, Shapes: map[string]*Shape{}}
	for n, rs := range raw.Shapes {
		s := &Shape{Name: n, Type: rs.Type, Min: rs.Min, Max: rs.Max, Enum: rs.Enum, Pattern: rs.Pattern,
			Union: rs.Union, Error: rs.Exception, Sensitive: rs.Sensitive, TimestampFormat: rs.TimestampFormat}
		if rs.Error != nil {
			s.HTTPCode = rs.Error.HTTPStatusCode
		}
		if len(rs.Enum) > 0 {
			s.enumSet = map[string]bool{}
			for _, e := range rs.Enum {
				s.enumSet[e] = true
			}
		}
		m.Shapes[n] = s
	}
	ref := func(name string) (*Shape, error) {
		s, ok := m.Shapes[name]
		if !ok {
			return nil, fmt.Errorf("model: unknown shape %q", name)
		}
		return s, nil
	}
	var err error
	for n, rs := range raw.Shapes {
		s := m.Shapes[n]
		if rs.Member != nil {
			if s.Member, err = ref(rs.Member.Shape); err != nil {
				return nil, err
			}
		}
		if rs.Key != nil {
			if s.Key, err = ref(rs.Key.Shape); err != nil {
				return nil, err
			}
		}
		if rs.Value != nil {
			if s.Value, err = ref(rs.Value.Shape); err != nil {
				return nil, err
			}
		}
		if rs.Type == "structure" {
			s.Members = map[string]*Member{}
			s.Required = map[string]bool{}
			for mn, rm := range rs.Members {
				ms, err := ref(rm.Shape)
				if err != nil {
					return nil, err
				}
				s.Members[mn] = &Member{Name: mn, Shape: ms, Location: rm.Location, LocationName: rm.LocationName, Box: rm.Box}
				s.Order = append(s.Order, mn)
			}
			sort.Strings(s.Order)
			for _, r := range rs.Required {
				s.Required[r] = true
			}
		}
	}
	for n, ro := range raw.Operations {
		op := &Operation{Name: n, Method: strings.ToUpper(ro.HTTP.Method), RequestURI: ro.HTTP.RequestURI, Idempotent: ro.Idempotent}
		if ro.Input != nil {
			if op.Input, err = ref(ro.Input.Shape); err != nil {
				return nil, err
			}
		}
		if ro.Output != nil {
			if op.Output, err = ref(ro.Output.Shape); err != nil {
				return nil, err
			}
		}
		for _, e := range ro.Errors {
			es, err := ref(e.Shape)
			if err != nil {
				return nil, err
			}
			op.Errors = append(op.Errors, es)
		}
		m.Operations[n] = op
	}
	return m, nil
}

// OperationNames returns every operation name, sorted.
func (m *Model) OperationNames() []string {
	out := make([]string, 0, len(m.Operations))
	for n := range m.Operations {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Pattern is a model pattern translated to Go's RE2. Java features RE2 lacks
// (look-ahead) are emulated: leading look-aheads become separate checks.
type Pattern struct {
	Source   string
	main     *regexp.Regexp
	mustNot  []*regexp.Regexp // (?!X) at the start: the value must not start with X
	must     []*regexp.Regexp // (?=X) at the start: the value must start with X
	Disabled bool             // the pattern could not be translated; it is not enforced
}

// MatchString reports whether v satisfies the pattern.
func (p *Pattern) MatchString(v string) bool {
	if p == nil || p.Disabled {
		return true
	}
	for _, r := range p.mustNot {
		if r.MatchString(v) {
			return false
		}
	}
	for _, r := range p.must {
		if !r.MatchString(v) {
			return false
		}
	}
	return p.main.MatchString(v)
}

// Regexp is the translated pattern without its leading look-aheads (nil
// when Disabled), for tools that generate matching strings; MatchString is
// the whole check.
func (p *Pattern) Regexp() *regexp.Regexp {
	if p == nil {
		return nil
	}
	return p.main
}

// CompilePattern translates a model (Java) pattern. Model patterns are
// searched, not anchored, as Java's Matcher.find would; most carry ^...$.
func CompilePattern(src string) *Pattern {
	p := &Pattern{Source: src}
	s := src
	// A few model patterns are written as /.../ literals or with doubled
	// backslashes; both are clearly meant as the plain pattern.
	if len(s) > 2 && strings.HasPrefix(s, "/") && strings.HasSuffix(s, "/") {
		s = s[1 : len(s)-1]
	}
	s = strings.ReplaceAll(s, `\\`, `\`)
	s = javaUnicodeEscape.ReplaceAllString(s, `\x{$1}`)
	anchored := strings.HasPrefix(s, "^")
	s = strings.TrimPrefix(s, "^")
	for {
		var neg bool
		switch {
		case strings.HasPrefix(s, "(?!"):
			neg = true
		case strings.HasPrefix(s, "(?="):
		default:
			goto rest
		}
		end := matchingParen(s)
		if end < 0 {
			p.Disabled = true
			return p
		}
		body := s[3:end]
		r, err := regexp.Compile(`^(?:` + body + `)`)
		if err != nil {
			p.Disabled = true
			return p
		}
		if neg {
			p.mustNot = append(p.mustNot, r)
		} else {
			p.must = append(p.must, r)
		}
		s = s[end+1:]
		anchored = true
	}
rest:
	if anchored {
		s = "^" + s
	}
	r, err := regexp.Compile(s)
	if err != nil {
		p.Disabled = true
		return p
	}
	p.main = r
	return p
}

var javaUnicodeEscape = regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`)

func matchingParen(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
