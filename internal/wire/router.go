package wire

import (
	"net/url"
	"sort"
	"strings"

	"github.com/connect-local/connect-local/internal/model"
)

// Router maps (method, path) to a model operation by its URI template.
type Router struct {
	byMethod map[string][]*route
}

type route struct {
	op       *model.Operation
	segs     []segment
	literals int
	greedy   bool
}

type segment struct {
	literal string
	label   string
	greedy  bool
}

// NewRouter compiles the URI template of every operation in m.
func NewRouter(m *model.Model) *Router {
	r := &Router{byMethod: map[string][]*route{}}
	for _, name := range m.OperationNames() {
		op := m.Operations[name]
		rt := &route{op: op}
		path, _, _ := strings.Cut(op.RequestURI, "?")
		for _, s := range splitPath(path) {
			if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
				label := s[1 : len(s)-1]
				g := strings.HasSuffix(label, "+")
				rt.segs = append(rt.segs, segment{label: strings.TrimSuffix(label, "+"), greedy: g})
				rt.greedy = rt.greedy || g
			} else {
				rt.segs = append(rt.segs, segment{literal: s})
				rt.literals++
			}
		}
		r.byMethod[op.Method] = append(r.byMethod[op.Method], rt)
	}
	for _, rs := range r.byMethod {
		// Most literal segments first, so /users/{I}/search beats /users/{I}/{U}.
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].literals > rs[j].literals })
	}
	return r
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// Match finds the operation for method and the escaped request path, and
// returns its decoded path labels.
func (r *Router) Match(method, escapedPath string) (*model.Operation, map[string]string, bool) {
	raw := splitPath(escapedPath)
	for _, rt := range r.byMethod[method] {
		if labels, ok := rt.match(raw); ok {
			return rt.op, labels, true
		}
	}
	return nil, nil, false
}

// match reports whether raw matches the route, and its labels. It checks
// the literal segments first and builds the labels only for the route that
// matches: most routes of a method are tried and refused for every request.
// The segments after a greedy label are never looked at.
func (rt *route) match(raw []string) (map[string]string, bool) {
	if !rt.greedy && len(raw) != len(rt.segs) {
		return nil, false
	}
	for i, s := range rt.segs {
		if i >= len(raw) {
			return nil, false
		}
		if s.greedy {
			break
		}
		if s.literal != "" {
			if v, ok := unescape(raw[i]); !ok || v != s.literal {
				return nil, false
			}
		}
	}
	labels := map[string]string{}
	for i, s := range rt.segs {
		if s.greedy {
			v, err := url.PathUnescape(strings.Join(raw[i:], "/"))
			if err != nil || v == "" {
				return nil, false
			}
			labels[s.label] = v
			return labels, true
		}
		if s.literal != "" {
			continue
		}
		v, ok := unescape(raw[i])
		if !ok || v == "" {
			return nil, false
		}
		labels[s.label] = v
	}
	return labels, true
}

// unescape is url.PathUnescape of one path segment, without its work (or
// an allocation) when there is nothing to unescape.
func unescape(seg string) (string, bool) {
	if strings.IndexByte(seg, '%') < 0 {
		return seg, true
	}
	v, err := url.PathUnescape(seg)
	return v, err == nil
}
