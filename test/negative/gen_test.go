package negative

import (
	"encoding/json"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/connect-local/connect-local/internal/model"
)

// maxGenDepth bounds how deep optional members are filled in; recursive
// shapes (routing expressions, search criteria) stop there.
const maxGenDepth = 4

// valid returns a value that satisfies shape s, or false when none could be
// made (a pattern too hard to generate). Optional members are filled in
// down to maxGenDepth so that their constraints can be broken too.
func valid(s *model.Shape, depth int) (any, bool) {
	if depth > 2*maxGenDepth {
		return nil, false
	}
	switch s.Type {
	case "structure":
		obj := map[string]any{}
		for _, name := range s.Order {
			m := s.Members[name]
			if s.Union {
				continue
			}
			if !s.Required[name] && depth >= maxGenDepth {
				continue
			}
			v, ok := valid(m.Shape, depth+1)
			if !ok {
				if s.Required[name] {
					return nil, false
				}
				continue
			}
			obj[name] = v
		}
		if s.Union {
			for _, name := range s.Order {
				if v, ok := valid(s.Members[name].Shape, depth+1); ok {
					obj[name] = v
					break
				}
			}
			if len(obj) != 1 {
				return nil, false
			}
		}
		return obj, true
	case "list":
		n := max(1, minOf(s))
		if s.Max != nil && float64(n) > *s.Max {
			n = int(*s.Max)
		}
		e, ok := valid(s.Member, depth+1)
		if !ok {
			return nil, false
		}
		list := make([]any, n)
		for i := range list {
			list[i] = e
		}
		return list, true
	case "map":
		k, ok := valid(s.Key, depth+1)
		if !ok {
			return nil, false
		}
		v, ok := valid(s.Value, depth+1)
		if !ok {
			return nil, false
		}
		if minOf(s) > 1 {
			return nil, false
		}
		return map[string]any{k.(string): v}, true
	case "string":
		return validString(s)
	case "integer", "long", "double", "float":
		n := 1.0
		if s.Min != nil {
			n = *s.Min
		} else if s.Max != nil && *s.Max < 1 {
			n = *s.Max
		}
		return json.Number(strconv.FormatFloat(n, 'f', -1, 64)), true
	case "boolean":
		return true, true
	case "timestamp":
		return json.Number("1703174400"), true
	}
	return "YQ==", true // blob
}

func minOf(s *model.Shape) int {
	if s.Min == nil {
		return 0
	}
	return int(*s.Min)
}

// fits reports whether str satisfies s's length, enum and pattern.
func fits(s *model.Shape, str string) bool {
	n := utf8.RuneCountInString(str)
	if s.Min != nil && float64(n) < *s.Min || s.Max != nil && float64(n) > *s.Max {
		return false
	}
	if len(s.Enum) > 0 && !s.IsEnumValue(str) {
		return false
	}
	return s.CompiledPattern().MatchString(str)
}

// common values that satisfy many of the model's patterns.
var common = []string{"a", "abc", "Name1", "1", "12345678", "00000000-0000-4000-8000-000000000000", "UTC",
	"arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000",
	"user@example.com", "+15555550100", "https://example.com/a", "2023-12-21T09:00:00Z", "a.b", "VOICE"}

func validString(s *model.Shape) (any, bool) {
	if len(s.Enum) > 0 {
		return s.Enum[0], true
	}
	var candidates []string
	if re := s.CompiledPattern().Regexp(); re != nil {
		if parsed, err := syntax.Parse(re.String(), syntax.Perl); err == nil {
			for _, k := range []int{0, 1, 2, 4, 8, 16, 32, 64, 128} {
				var b strings.Builder
				gen(&b, parsed.Simplify(), k)
				candidates = append(candidates, b.String())
			}
		}
	}
	candidates = append(candidates, common...)
	for _, c := range candidates {
		for _, str := range []string{c, pad(c, minOf(s))} {
			if fits(s, str) {
				return str, true
			}
		}
	}
	return nil, false
}

func pad(s string, n int) string {
	if k := n - utf8.RuneCountInString(s); k > 0 {
		return s + strings.Repeat("a", k)
	}
	return s
}

// gen writes a string matching re, repeating every open-ended repetition k
// extra times (bounded ones as few times as allowed).
func gen(b *strings.Builder, re *syntax.Regexp, k int) {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		b.WriteRune(pick(re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('a')
	case syntax.OpCapture:
		gen(b, re.Sub[0], k)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			gen(b, s, k)
		}
	case syntax.OpAlternate:
		gen(b, re.Sub[0], k)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, -1
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
		}
		n := lo + k
		if hi >= 0 && n > hi {
			n = hi
		}
		for range n {
			gen(b, re.Sub[0], k)
		}
	}
}

// pick chooses a printable rune from a class's ranges, preferring letters.
func pick(ranges []rune) rune {
	for _, want := range []rune{'a', 'A', '0', '-', '_'} {
		for i := 0; i+1 < len(ranges); i += 2 {
			if ranges[i] <= want && want <= ranges[i+1] {
				return want
			}
		}
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		if lo < ' ' && hi >= ' ' {
			return ' '
		}
		if lo >= ' ' {
			return lo
		}
	}
	if len(ranges) > 0 {
		return ranges[0]
	}
	return 'a'
}
