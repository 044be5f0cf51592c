package tagging

import (
	"slices"
	"strings"

	"github.com/connect-local/connect-local/internal/instance"
)

// SearchResourceTags (docs/provisioning.md).

// tagSearchTypes maps SearchResourceTags' resource types to the ARN
// segment of the resources they name.
var tagSearchTypes = map[string]string{
	"AGENT": "agent", "ROUTING_PROFILE": "routing-profile", "STANDARD_QUEUE": "queue",
	"SECURITY_PROFILE": "security-profile", "OPERATING_HOURS": "operating-hours", "CONTACT_FLOW": "contact-flow",
}

// TagCondition matches a tag's key and value; an empty string matches
// anything, and a comparison is STARTS_WITH, CONTAINS or EXACT
// (default: EXACT), case-insensitive [INF].
type TagCondition struct {
	Key, KeyComparison, Value, ValueComparison string
}

func tagMatches(s, want, cmp string) bool {
	if want == "" {
		return true
	}
	s, want = strings.ToLower(s), strings.ToLower(want)
	switch cmp {
	case "STARTS_WITH":
		return strings.HasPrefix(s, want)
	case "CONTAINS":
		return strings.Contains(s, want)
	}
	return s == want
}

// TagPair is one key and value.
type TagPair struct{ Key, Value string }

// SearchResourceTags pages through the distinct tags of an instance's
// resources of the given types (all searchable types when none).
func (s *Tagging) SearchResourceTags(sc instance.Scope, instanceID string, types []string, cond TagCondition, req instance.PageRequest) (instance.Page[TagPair], error) {
	var segs []string
	for _, t := range types {
		seg, ok := tagSearchTypes[t]
		if !ok {
			return instance.Page[TagPair]{}, instance.InvalidParam("%s is not a resource type SearchResourceTags searches.", t)
		}
		segs = append(segs, seg)
	}
	if len(segs) == 0 {
		for _, seg := range tagSearchTypes {
			segs = append(segs, seg)
		}
	}
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[TagPair]{}, err
	}
	defer st.Mu.RUnlock()
	seen := map[TagPair]bool{}
	var all []TagPair
	for _, seg := range segs {
		k, _ := instance.TagKindOf(seg)
		for _, id := range k.IDs(st) {
			_, tags, _ := k.Lookup(st, id)
			for key, v := range tags {
				p := TagPair{key, v}
				if !seen[p] && tagMatches(key, cond.Key, cond.KeyComparison) && tagMatches(v, cond.Value, cond.ValueComparison) {
					seen[p] = true
					all = append(all, p)
				}
			}
		}
	}
	slices.SortFunc(all, func(a, b TagPair) int { return strings.Compare(a.Key+"\x00"+a.Value, b.Key+"\x00"+b.Value) })
	req.Binding = "SearchResourceTags|" + st.ID + "|" + strings.Join(types, ",") + "|" + cond.Key + "|" + cond.KeyComparison + "|" + cond.Value + "|" + cond.ValueComparison
	return instance.Paginate(s.core, all, func(p TagPair) string { return p.Key + "\x00" + p.Value }, req)
}
