package metrics

import "unsafe"

// names interns the values of dimensions (queue, channel, profile and
// agent IDs, and canonical step expressions) as small numbers, so that a
// cell's key is five uint32s rather than strings. ID 0 is "" (a dimension
// a layout lacks). Names are never forgotten: there are as many as the
// instance has resources, not contacts.
type names struct {
	list   []string
	ids    map[string]uint32
	recent byAddr[uint32]
}

func newNames() names {
	return names{list: []string{""}, ids: map[string]uint32{"": 0}, recent: newByAddr[uint32]()}
}

func (n *names) id(s string) uint32 {
	if s == "" {
		return 0
	}
	e := n.recent.at(s)
	if e.is(s) {
		return e.v
	}
	id, ok := n.ids[s]
	if !ok {
		id = uint32(len(n.list))
		n.list = append(n.list, s)
		n.ids[s] = id
	}
	e.set(s, id)
	return id
}

// byAddr is a small cache in front of a map keyed by name, by the name's
// address. Most names come back as the very string seen before (a
// contact's queue ID is its queue's, an agent's ID its user's), so the
// cache answers without hashing the name, probing the map and comparing
// keys: with thousands of agents those lookups were a percent or two of a
// simulated day. An entry holds the address, which keeps the bytes it
// points at alive and unchanged: the same address and length are the same
// name. A miss only costs the map's lookup.
type byAddr[V any] struct{ e *[addrCache]addrEntry[V] }

// addrCache is the number of entries of a byAddr (a power of 2).
const addrCache = 1 << addrBits

const addrBits = 13

type addrEntry[V any] struct {
	p *byte
	n int
	v V
}

func newByAddr[V any]() byAddr[V] { return byAddr[V]{e: new([addrCache]addrEntry[V])} }

// at is the entry s would sit in ("" never does: it has no address).
func (c byAddr[V]) at(s string) *addrEntry[V] {
	p := uint64(uintptr(unsafe.Pointer(unsafe.StringData(s))))
	return &c.e[(p>>3)*0x9E3779B97F4A7C15>>(64-addrBits)]
}

// is reports whether the entry is s's.
func (e *addrEntry[V]) is(s string) bool {
	return len(s) > 0 && e.p == unsafe.StringData(s) && e.n == len(s)
}

// set makes the entry s's, with v.
func (e *addrEntry[V]) set(s string, v V) {
	if len(s) > 0 {
		*e = addrEntry[V]{p: unsafe.StringData(s), n: len(s), v: v}
	}
}
