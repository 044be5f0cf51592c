package service

import (
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
	"strings"
	"time"
)

// SearchResourceTags and GetFederationToken (docs/provisioning.md).

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
func (s *Service) SearchResourceTags(sc Scope, instanceID string, types []string, cond TagCondition, req PageRequest) (Page[TagPair], error) {
	var segs []string
	for _, t := range types {
		seg, ok := tagSearchTypes[t]
		if !ok {
			return Page[TagPair]{}, invalidParam("%s is not a resource type SearchResourceTags searches.", t)
		}
		segs = append(segs, seg)
	}
	if len(segs) == 0 {
		for _, seg := range tagSearchTypes {
			segs = append(segs, seg)
		}
	}
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[TagPair]{}, err
	}
	defer st.Mu.RUnlock()
	seen := map[TagPair]bool{}
	var all []TagPair
	for _, seg := range segs {
		k, _ := instance.TagKindOf(seg)
		for _, id := range k.IDs(st.State) {
			_, tags, _ := k.Lookup(st.State, id)
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
	return paginate(s, all, func(p TagPair) string { return p.Key + "\x00" + p.Value }, req)
}

// FederationToken is GetFederationToken's answer: a credential set that
// connect-local issues and nothing checks.
type FederationToken struct {
	AccessToken, RefreshToken           string
	AccessExpiration, RefreshExpiration time.Time
	SignInURL                           string
}

// Federation token lifetimes [INF: Connect's documentation gives none].
const (
	FederationAccessTTL  = 12 * time.Hour
	FederationRefreshTTL = 30 * 24 * time.Hour
)

// GetFederationToken issues a fake credential set for the instance: the
// tokens are MACs of the instance and the time (the same instant gives the
// same tokens), carry nothing secret, and no request ever needs them.
func (s *Service) GetFederationToken(sc Scope, instanceID string) (*FederationToken, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	now := s.clock.Now()
	alias := st.Alias
	if alias == "" {
		alias = st.ID
	}
	return &FederationToken{
		AccessToken:      "connect-local-access-" + s.mac("federation-access", st.ID, now.String()),
		RefreshToken:     "connect-local-refresh-" + s.mac("federation-refresh", st.ID, now.String()),
		AccessExpiration: now.Add(FederationAccessTTL), RefreshExpiration: now.Add(FederationRefreshTTL),
		SignInURL: "https://" + alias + ".my.connect.aws/auth/sign-in",
	}, nil
}
