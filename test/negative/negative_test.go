// Package negative is the model-driven negative test: for every operation
// connect-local implements, it builds a request that satisfies the model,
// then breaks the model's constraints one at a time — a required member
// missing, a string too short or too long, a number out of range, a bad
// enum value, a pattern mismatch, a list or map too long, a union with no
// member or two, a value of the wrong type — sends each through HTTP to an
// in-process server and requires 400 InvalidParameterException naming the
// member, with nothing written to storage. TestEveryConstraintThroughA
// CaseVariantKey breaks each one again through a differently-cased copy of
// the member, which must be ignored (exact-case member names).
package negative

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/handler"
	"github.com/connect-local/connect-local/internal/model"
	"github.com/connect-local/connect-local/internal/server"
	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/storage/storagetest"
)

// node is one value in a valid request, with the shape and member it
// stands for.
type node struct {
	path     []any // member names (string) and list indices (int) from the root
	shape    *model.Shape
	name     string // the wire name the validation message must mention
	required bool
	loc      string // where the top-level member is bound: "", uri, querystring, header
	member   bool   // a structure member (not a list element or map value)
}

// mutation is one broken request: root is the valid request with the
// value at path replaced by bad (or removed, for kind "missing").
type mutation struct {
	what   string
	kind   string
	name   string
	root   map[string]any
	path   []any
	bad    any
	node   node
	remove bool
}

func TestEveryConstraintOfEveryImplementedOperation(t *testing.T) {
	m := model.MustLoad()
	disk := storagetest.NewFaulty(storage.NewMemory())
	srv, err := server.New(server.Options{Store: disk, Clock: clock.NewVirtual(time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer func() { hs.Close(); srv.Close() }()
	var ops []string
	for name := range handler.New(srv.Service).Routes() {
		ops = append(ops, name)
	}
	sort.Strings(ops)

	total, kinds := 0, map[string]int{}
	var noBaseline []string
	for _, name := range ops {
		op := m.Operations[name]
		if op.Input == nil {
			continue
		}
		root, ok := valid(op.Input, 0)
		if !ok {
			noBaseline = append(noBaseline, name)
			continue
		}
		doc := root.(map[string]any)
		t.Run(name, func(t *testing.T) {
			code, typ, msg := send(t, hs.URL, op, doc)
			if code == 400 && modelError.MatchString(msg) {
				t.Fatalf("the generated valid request fails validation: %s %s\n%s", typ, msg, dump(doc))
			}
			for _, mu := range mutations(op.Input, doc) {
				before := disk.Commits()
				code, typ, msg := send(t, hs.URL, op, mu.root)
				if code != 400 || typ != "InvalidParameterException" {
					t.Errorf("%s: got %d %s %s\n%s", mu.what, code, typ, msg, dump(mu.root))
					continue
				}
				if !strings.Contains(msg, mu.name) {
					t.Errorf("%s: message does not name %q: %s", mu.what, mu.name, msg)
				}
				if disk.Commits() != before {
					t.Errorf("%s: a rejected request wrote to storage", mu.what)
				}
				total++
				kinds[strings.SplitN(mu.what, " ", 2)[0]]++
			}
		})
	}
	if len(noBaseline) > 0 {
		t.Errorf("no valid request could be generated for %v", noBaseline)
	}
	t.Logf("%d operations, %d broken requests: %v", len(ops), total, kinds)
	if total < 10*len(ops) {
		t.Fatalf("only %d broken requests for %d operations", total, len(ops))
	}
}

var modelError = regexp.MustCompile(`^\d+ validation errors? detected`)

func dump(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// walk lists every node of a valid value of shape s.
func walk(s *model.Shape, v any, path []any, name string, required bool, loc string, member bool, out *[]node) {
	*out = append(*out, node{path: path, shape: s, name: name, required: required, loc: loc, member: member})
	switch s.Type {
	case "structure":
		obj := v.(map[string]any)
		for _, mn := range s.Order {
			if mv, ok := obj[mn]; ok {
				mem := s.Members[mn]
				l := loc
				if len(path) == 0 {
					l = mem.Location
				}
				walk(mem.Shape, mv, append(clone(path), mn), lowerFirst(mem.WireName()), s.Required[mn], l, true, out)
			}
		}
	case "list":
		if list := v.([]any); len(list) > 0 {
			walk(s.Member, list[0], append(clone(path), 0), name, false, loc, false, out)
		}
	case "map":
		for k, mv := range v.(map[string]any) {
			walk(s.Value, mv, append(clone(path), k), name, false, loc, false, out)
		}
	}
}

func clone(p []any) []any { return append([]any(nil), p...) }

// mutations breaks each constraint of each node of doc, one at a time.
func mutations(input *model.Shape, doc map[string]any) []mutation {
	var nodes []node
	walk(input, doc, nil, "", true, "", false, &nodes)
	var out []mutation
	for _, n := range nodes[1:] {
		at := fmt.Sprint(n.path)
		with := func(kind string, v any) {
			root := deepCopy(doc).(map[string]any)
			set(root, n.path, v)
			out = append(out, mutation{what: kind + " " + at, kind: kind, name: n.name, root: root, path: n.path, bad: v, node: n})
		}
		if n.required && n.loc != "uri" {
			root := deepCopy(doc).(map[string]any)
			del(root, n.path)
			out = append(out, mutation{what: "missing " + at, kind: "missing", name: n.name, root: root, path: n.path, node: n, remove: true})
		}
		s, cur := n.shape, get(doc, n.path)
		typeErr := func(v any) {
			if n.loc == "" {
				with("type", v)
			}
		}
		switch s.Type {
		case "string":
			str := cur.(string)
			if s.Min != nil && (*s.Min > 1 || *s.Min == 1 && n.loc != "uri") {
				with("short", truncate(str, int(*s.Min)-1))
			}
			if s.Max != nil && *s.Max < 1<<20 {
				with("long", pad(str, int(*s.Max)+1))
			}
			if len(s.Enum) > 0 {
				with("enum", badEnum(s))
			} else if p := s.CompiledPattern(); p != nil && !p.Disabled {
				if bad, ok := badPattern(s, n.loc); ok {
					with("pattern", bad)
				}
			}
			typeErr(json.Number("1"))
		case "integer", "long", "double", "float":
			if s.Min != nil {
				with("below", num(*s.Min-1))
			}
			if s.Max != nil && *s.Max < 1e15 {
				with("above", num(*s.Max+1))
			}
			if s.Type == "integer" || s.Type == "long" {
				with("fraction", json.Number("1.5"))
			}
			if s.Type == "integer" && (s.Max == nil || *s.Max > 1<<31) {
				with("int32", json.Number("2147483648"))
			}
			if n.loc == "querystring" || n.loc == "header" {
				with("type", "abc")
			}
			typeErr("one")
		case "boolean":
			if n.loc == "querystring" || n.loc == "header" {
				with("type", "maybe")
			}
			typeErr("yes")
		case "timestamp":
			typeErr(true)
		case "list":
			list := cur.([]any)
			if s.Min != nil && *s.Min > 0 {
				with("short", list[:int(*s.Min)-1])
			}
			if s.Max != nil && *s.Max <= 1000 && len(list) > 0 {
				long := make([]any, int(*s.Max)+1)
				for i := range long {
					long[i] = list[0]
				}
				with("long", long)
			}
			typeErr("x")
		case "map":
			obj := cur.(map[string]any)
			if s.Max != nil && *s.Max <= 1000 && len(obj) > 0 {
				if long, ok := longMap(s, obj, int(*s.Max)+1); ok {
					with("long", long)
				}
			}
			if s.Key != nil {
				for k, v := range obj {
					if bad, ok := badKey(s.Key); ok {
						with("key", map[string]any{bad: v})
					}
					_ = k
					break
				}
			}
			typeErr("x")
		case "structure":
			if s.Union {
				with("union-empty", map[string]any{})
				obj := cur.(map[string]any)
				for _, mn := range s.Order {
					if _, set := obj[mn]; set {
						continue
					}
					if v, ok := valid(s.Members[mn].Shape, 1); ok {
						two := deepCopy(obj).(map[string]any)
						two[mn] = v
						with("union-two", two)
						break
					}
				}
			}
			typeErr("x")
		}
	}
	return out
}

func num(f float64) json.Number { return json.Number(fmt.Sprint(f)) }

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return pad(string(r), n)
}

func badEnum(s *model.Shape) string {
	for _, c := range []string{strings.ToLower(s.Enum[0]), s.Enum[0] + "X", "X"} {
		if !s.IsEnumValue(c) {
			return c
		}
	}
	return "NOT-AN-ENUM-VALUE"
}

// badPattern finds a string of an allowed length that the pattern refuses.
func badPattern(s *model.Shape, loc string) (string, bool) {
	for _, c := range []string{"!", " ", "\x01", "#", "%", "<>", "\\", "é", "a b", "{}", "-", "_", "0", "A", "a"} {
		str := c
		if k := minOf(s) - utf8.RuneCountInString(str); k > 0 {
			str += strings.Repeat(c, k)
		}
		n := utf8.RuneCountInString(str)
		if s.Max != nil && float64(n) > *s.Max || str == "." || str == ".." {
			continue
		}
		if loc == "uri" && strings.Contains(str, "/") {
			continue
		}
		if !s.CompiledPattern().MatchString(str) {
			return str, true
		}
	}
	return "", false
}

func badKey(k *model.Shape) (string, bool) {
	if k.Max != nil && *k.Max < 1<<16 {
		return strings.Repeat("k", int(*k.Max)+1), true
	}
	return badPattern(k, "")
}

// longMap has n entries with distinct valid keys.
func longMap(s *model.Shape, obj map[string]any, n int) (map[string]any, bool) {
	var v any
	for _, x := range obj {
		v = x
	}
	out := map[string]any{}
	for i := 0; len(out) < n && i < 10*n; i++ {
		k := fmt.Sprintf("k%d", i)
		if s.Key != nil && !fits(s.Key, k) {
			return nil, false
		}
		out[k] = v
	}
	return out, len(out) == n
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

func get(v any, path []any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			v = v.(map[string]any)[k]
		case int:
			v = v.([]any)[k]
		}
	}
	return v
}

func set(root map[string]any, path []any, val any) {
	parent := get(root, path[:len(path)-1])
	switch k := path[len(path)-1].(type) {
	case string:
		parent.(map[string]any)[k] = val
	case int:
		parent.([]any)[k] = val
	}
}

func del(root map[string]any, path []any) {
	parent := get(root, path[:len(path)-1])
	delete(parent.(map[string]any), path[len(path)-1].(string))
}

var label = regexp.MustCompile(`\{([^}+]+)\+?\}`)

// send builds the HTTP request for input as the model binds it and returns
// the status, error type and message.
func send(t *testing.T, base string, op *model.Operation, input map[string]any) (int, string, string) {
	t.Helper()
	code, typ, msg, _ := sendRaw(t, base, op, input)
	return code, typ, msg
}

// sendRaw is send that also returns the body answered. Top-level keys the
// input shape does not declare go in the JSON body.
func sendRaw(t *testing.T, base string, op *model.Operation, input map[string]any) (int, string, string, string) {
	t.Helper()
	path, rawQuery, _ := strings.Cut(op.RequestURI, "?")
	q := url.Values{}
	if rawQuery != "" {
		q, _ = url.ParseQuery(rawQuery)
	}
	hdr := http.Header{}
	body := map[string]any{}
	labels := map[string]string{}
	hasBody := false
	for _, name := range op.Input.Order {
		mem := op.Input.Members[name]
		if mem.Location == "" {
			hasBody = true
		}
		v, ok := input[name]
		if !ok {
			continue
		}
		switch mem.Location {
		case "uri":
			labels[mem.WireName()] = scalar(v)
		case "querystring":
			if list, ok := v.([]any); ok {
				for _, e := range list {
					q.Add(mem.WireName(), scalar(e))
				}
			} else {
				q.Set(mem.WireName(), scalar(v))
			}
		case "header":
			hdr.Set(mem.WireName(), scalar(v))
		default:
			body[name] = v
		}
	}
	for k, v := range input {
		if _, declared := op.Input.Members[k]; !declared {
			body[k] = v
		}
	}
	path = label.ReplaceAllStringFunc(path, func(l string) string {
		name := label.FindStringSubmatch(l)[1]
		v, ok := labels[name]
		if !ok {
			v = "missing"
		}
		return url.PathEscape(v)
	})
	var rd io.Reader
	if hasBody {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = strings.NewReader(string(b))
	}
	req, err := http.NewRequest(op.Method, base+path, rd)
	if err != nil {
		t.Fatalf("%s %s: %v", op.Method, path, err)
	}
	req.URL.RawQuery = q.Encode()
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e struct{ Message string }
	b, _ := io.ReadAll(resp.Body)
	json.Unmarshal(b, &e)
	return resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), e.Message, string(b)
}

func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		return fmt.Sprint(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
