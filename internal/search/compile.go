package search

import (
	"slices"
	"strings"
	"time"
)

// compile turns q into one AND of clauses; primary is its TimeRange.
func (ix *instIndex) compile(q *Query) (*andClause, *rangeClause) {
	root := &andClause{}
	lo, hi := msOf(q.Range.Start), msOf(q.Range.End)
	if !q.Now.IsZero() {
		// Records are kept 24 months from initiation (docs/search.md#time-ranges).
		cut := msOf(retentionCutoff(q.Now))
		if q.Range.Field == Initiation {
			lo = max(lo, cut)
		}
		root.add(predClause(func(d *doc) bool { return d.times[Initiation] >= cut }))
	}
	primary := ix.rangeClause(q.Range.Field, lo, hi)
	root.add(primary)
	if len(q.ActiveRegions) > 0 && !slices.Contains(q.ActiveRegions, q.Region) {
		root.add(falseClause{})
	}
	root.add(ix.valueClause(&ix.queue, q.QueueIDs, func(d *doc) uint32 { return d.queue }))
	root.add(ix.valueClause(&ix.agent, q.AgentIDs, func(d *doc) uint32 { return d.agent }))
	root.add(ix.valueClause(&ix.channel, q.Channels, func(d *doc) uint32 { return d.channel }))
	root.add(ix.valueClause(&ix.meth, q.InitiationMethods, func(d *doc) uint32 { return d.method }))
	for l, ids := range q.HierarchyGroups {
		root.add(ix.valueClause(&ix.level[l], ids, func(d *doc) uint32 { return ix.paths[d.path][l] }))
	}
	root.add(ix.attrClause(q.Attributes, 'a', q.SearchableKeys, true))
	root.add(ix.attrClause(q.SegmentAttributes, 's', nil, false))
	root.add(ix.transcriptClause(q.Transcript))
	root.add(ix.nameClause(q.Name))
	root.add(ix.tagClause(q.Tags))
	root.add(ix.timeFilterClause(q.AdditionalTimes))
	for _, f := range q.RoutingSteps {
		root.add(ix.stepClause(f))
	}
	return root, primary
}

func (ix *instIndex) attrClause(f *AttributeFilter, kind byte, keys map[string]time.Time, checkKeys bool) clause {
	if f == nil {
		return nil
	}
	var kids []clause
	for _, c := range f.Criteria {
		if len(c.Values) == 0 {
			continue
		}
		pc := ix.pairClause(kind, c.Key, c.Values)
		if checkKeys {
			since, ok := keys[c.Key]
			if !ok {
				pc = falseClause{} // not configured as searchable (docs/search.md#criteria)
			} else if ms := msOf(since); ms != noTime {
				pc = &andClause{[]clause{pc, predClause(func(d *doc) bool { return d.times[Initiation] >= ms })}}
			}
		}
		kids = append(kids, pc)
	}
	return combine(kids, f.Match)
}

func (ix *instIndex) transcriptClause(f *TranscriptFilter) clause {
	if f == nil {
		return nil
	}
	var kids []clause
	for _, c := range f.Criteria {
		role := roleIndex(c.Role)
		var texts []clause
		for _, t := range c.Texts {
			texts = append(texts, ix.phraseClause(role, t, c.Match == MatchExact))
		}
		m := c.Match
		if m == MatchExact {
			m = MatchAny // some utterance is exactly one of the texts
		}
		kids = append(kids, combine(texts, m))
	}
	return combine(kids, f.Match)
}

func (ix *instIndex) nameClause(f *TextFilter) clause {
	if f == nil || len(f.Texts) == 0 {
		return nil
	}
	var phrases [][]string
	for _, t := range f.Texts {
		phrases = append(phrases, Tokens(t))
	}
	m := f.Match
	return predClause(func(d *doc) bool {
		name := Tokens(ix.names[d.name])
		hits := 0
		for _, p := range phrases {
			ok := containsRun(name, p)
			if m == MatchExact {
				ok = len(p) > 0 && slices.Equal(name, p)
			}
			if ok {
				hits++
			}
		}
		switch m {
		case MatchAny, MatchExact:
			return hits > 0
		case MatchNone:
			return hits == 0
		default:
			return hits == len(phrases)
		}
	})
}

func (ix *instIndex) oneTag(t Tag) clause {
	if t.HasValue {
		return ix.pairClause('t', t.Key, []string{t.Value})
	}
	prefix := pairKey('t', t.Key, "")
	return predClause(func(d *doc) bool {
		for _, p := range d.pairs {
			if strings.HasPrefix(ix.names[p], prefix) {
				return true
			}
		}
		return false
	})
}

func (ix *instIndex) tagClause(f *TagFilter) clause {
	if f == nil {
		return nil
	}
	var parts []clause
	if f.Cond != nil {
		parts = append(parts, ix.oneTag(*f.Cond))
	}
	var and []clause
	for _, t := range f.And {
		and = append(and, ix.oneTag(t))
	}
	parts = append(parts, combine(and, MatchAll))
	var or []clause
	for _, l := range f.Or {
		var kids []clause
		for _, t := range l {
			kids = append(kids, ix.oneTag(t))
		}
		or = append(or, combine(kids, MatchAll))
	}
	parts = append(parts, combine(or, MatchAny))
	return combine(parts, MatchAll)
}

func (ix *instIndex) timeFilterClause(f *TimeFilter) clause {
	if f == nil {
		return nil
	}
	var kids []clause
	for _, c := range f.Criteria {
		switch {
		case c.Range != nil:
			kids = append(kids, ix.rangeClause(c.Range.Field, msOf(c.Range.Start), msOf(c.Range.End)))
		case c.NotExists != nil:
			fld := *c.NotExists
			kids = append(kids, predClause(func(d *doc) bool { return d.times[fld] == noTime }))
		}
	}
	return combine(kids, f.Match)
}

// stepClause: some routing step's agents meet the filter.
func (ix *instIndex) stepClause(f AgentFilter) clause {
	if len(f.AgentIDs) == 0 {
		return nil
	}
	return predClause(func(d *doc) bool {
		for _, s := range ix.stepSets[d.steps] {
			n := 0
			for _, id := range f.AgentIDs {
				if slices.Contains(s, id) {
					n++
				}
			}
			var ok bool
			switch f.Match {
			case MatchAny:
				ok = n > 0
			case MatchNone:
				ok = n == 0
			case MatchExact:
				ok = n == len(f.AgentIDs) && len(uniq(s)) == len(uniq(f.AgentIDs))
			default:
				ok = n == len(f.AgentIDs)
			}
			if ok {
				return true
			}
		}
		return false
	})
}

func uniq(s []string) []string {
	u := slices.Clone(s)
	slices.Sort(u)
	return slices.Compact(u)
}
