package addrcache

import (
	"strconv"
	"strings"
	"testing"
)

// lookup is how callers use a cache: the entry, else the map, noted.
func lookup(c *Cache[int], m map[string]int, s string) (v int, hit bool) {
	e := c.At(s)
	if e.Is(s) {
		return e.V, true
	}
	v = m[s]
	e.Set(s, v)
	return v, false
}

func TestCacheAnswersTheSameStringAndOnlyIt(t *testing.T) {
	var c Cache[int]
	m := map[string]int{}
	var names []string
	for i := range 20000 { // far more names than entries: they collide
		s := "agent-" + strconv.Itoa(i)
		m[s] = i
		names = append(names, s)
	}
	hits := 0
	for round := range 3 {
		for i, s := range names {
			if round == 2 {
				s = strings.Clone(s) // same name, another address: a miss, never a wrong value
			}
			v, hit := lookup(&c, m, s)
			if v != i {
				t.Fatalf("round %d: %q is %d, want %d", round, s, v, i)
			}
			if hit {
				hits++
				if round == 2 {
					t.Fatalf("a fresh copy of %q hit the cache", s)
				}
			}
		}
	}
	// A few names, looked up again, mostly hit (the rounds above evict
	// each other: 20,000 names in 4,096 entries).
	hits = 0
	for range 2 {
		for _, s := range names[:100] {
			if _, hit := lookup(&c, m, s); hit {
				hits++
			}
		}
	}
	if hits < 50 {
		t.Fatalf("100 names looked up twice hit %d times", hits)
	}
	// A name that is a prefix of a cached one, at the same address, is
	// another name.
	s := names[12345]
	lookup(&c, m, s)
	if e := c.At(s[:3]); e.Is(s[:3]) {
		t.Fatalf("%q's entry answers its prefix %q", s, s[:3])
	}
	if e := c.At(""); e.Is("") {
		t.Fatal(`"" is cached`)
	}
	e := c.At("")
	before := *e
	e.Set("", -1)
	if e.Is("") || *e != before {
		t.Fatal(`"" was kept`)
	}
}
