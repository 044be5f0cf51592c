package metrics

import "github.com/connect-local/connect-local/internal/addrcache"

// names interns the values of dimensions (queue, channel, profile and
// agent IDs, and canonical step expressions) as small numbers, so that a
// cell's key is five uint32s rather than strings. ID 0 is "" (a dimension
// a layout lacks). Names are never forgotten: there are as many as the
// instance has resources, not contacts. recent answers before ids
// (addrcache).
type names struct {
	list   []string
	ids    map[string]uint32
	recent addrcache.Cache[uint32]
}

func newNames() names {
	return names{list: []string{""}, ids: map[string]uint32{"": 0}}
}

func (n *names) id(s string) uint32 {
	if s == "" {
		return 0
	}
	e := n.recent.At(s)
	if e.Is(s) {
		return e.V
	}
	id, ok := n.ids[s]
	if !ok {
		id = uint32(len(n.list))
		n.list = append(n.list, s)
		n.ids[s] = id
	}
	e.Set(s, id)
	return id
}
