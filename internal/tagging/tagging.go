package tagging

import (
	"maps"
	"slices"
	"strings"

	"github.com/connect-local/connect-local/internal/instance"
)

// Tags work on every resource that has an ARN. resolve is the one place
// that turns an ARN into the record holding its tags; a new resource
// type needs one instance.RegisterTagKind (keyed by the type's ARN
// segment) in the package that owns it.
//
// Decisions where Connect's documentation is silent [INF]:
//   - A string that is not an Amazon Connect ARN is InvalidParameterException.
//     A well-formed Connect ARN that names nothing here (another account,
//     region or instance, an unknown ID, or a resource type connect-local
//     does not keep) is ResourceNotFoundException, so callers cannot probe
//     other accounts.
//   - Keys starting with "aws:" are reserved: InvalidParameterException (the
//     model's key pattern says the same; this check also guards callers
//     that bypass the wire layer).
//   - More than 50 tags on one resource after a TagResource is
//     InvalidParameterException: TagResource does not model
//     LimitExceededException, and the request's tags are what is wrong.
//   - Tagging does not change a resource's LastModifiedTime.

// QuotaTagsPerResource is the most tags one resource can carry.
const QuotaTagsPerResource = 50

// Tagging is TagResource, UntagResource, ListTagsForResource,
// TaggableARNs and SearchResourceTags (search.go). internal/service
// embeds it, so the handlers call its methods by their names on the
// Service.
type Tagging struct {
	core *instance.Core
	// self is the instance itself as a taggable record (instance/{i}).
	self instance.TagKind
	// phone resolves a phone number's ARN (phone-number/{id}, outside any
	// instance in its ARN); the façade owns the phone-number lock.
	phone func(sc instance.Scope, arn string, write bool) (*Target, func(), error)
}

// New is the tagging operations over core (the façade's); self is the
// instance's own tag kind and phone resolves a phone number's ARN.
func New(core *instance.Core, self instance.TagKind, phone func(sc instance.Scope, arn string, write bool) (*Target, func(), error)) *Tagging {
	return &Tagging{core: core, self: self, phone: phone}
}

// Target is a resolved taggable resource: its kind, the instance that
// holds it (locked), its ID and its tags.
type Target struct {
	Kind instance.TagKind
	St   *instance.State
	ID   string
	Tags map[string]string
}

// resolve finds the resource an ARN names in the caller's scope and
// locks its instance (for writing when write is set); the caller calls
// the returned unlock.
func (s *Tagging) resolve(sc instance.Scope, arn string, write bool) (*Target, func(), error) {
	if a, ok := instance.ParseARN(arn); ok && a.Scope == sc && strings.HasPrefix(a.Resource, "phone-number/") && strings.Count(a.Resource, "/") == 1 {
		return s.phone(sc, arn, write)
	}
	t, err := s.resolveIn(sc, arn, write)
	if err != nil {
		return nil, nil, err
	}
	if write {
		return t, t.St.Mu.Unlock, nil
	}
	return t, t.St.Mu.RUnlock, nil
}

func (s *Tagging) resolveIn(sc instance.Scope, arn string, write bool) (t *Target, err error) {
	a, ok := instance.ParseARN(arn)
	if !ok || a.Region == "" || a.Account == "" || a.Resource == "" {
		return nil, instance.InvalidParam("%s is not a valid Amazon Connect ARN.", arn)
	}
	missing := instance.NotFound("Resource not found: %s", arn)
	segs := strings.Split(a.Resource, "/")
	if a.Scope != sc || segs[0] != "instance" || (len(segs) != 2 && len(segs) != 4) {
		return nil, missing
	}
	if strings.HasPrefix(segs[1], "arn:") {
		return nil, missing
	}
	lock, unlock := s.core.RLock, func(st *instance.State) { st.Mu.RUnlock() }
	if write {
		lock, unlock = s.core.Lock, func(st *instance.State) { st.Mu.Unlock() }
	}
	st, err := lock(sc, segs[1])
	if err != nil {
		return nil, missing
	}
	defer func() {
		if err != nil {
			unlock(st)
		}
	}()
	t = &Target{Kind: s.self, St: st, ID: st.ID}
	if len(segs) == 4 {
		if t.Kind, ok = instance.TagKindOf(segs[2]); !ok {
			return nil, missing
		}
		t.ID = segs[3]
	}
	got, tags, ok := t.Kind.Lookup(st, t.ID)
	if !ok || got != arn {
		return nil, missing
	}
	t.Tags = tags
	return t, nil
}

// save stores the target's new tags (nil when there are none).
func (s *Tagging) save(t *Target, tags map[string]string) error {
	write, apply := t.Kind.Store(t.St, t.ID, instance.CloneTags(tags))
	return s.core.CommitData(t.St, write, apply)
}

// TagResource adds tags to a resource, replacing the values of keys it
// already has.
func (s *Tagging) TagResource(sc instance.Scope, arn string, tags map[string]string) error {
	if err := instance.ValidateTags(tags); err != nil {
		return err
	}
	t, unlock, err := s.resolve(sc, arn, true)
	if err != nil {
		return err
	}
	defer unlock()
	merged := make(map[string]string, len(t.Tags)+len(tags))
	maps.Copy(merged, t.Tags)
	maps.Copy(merged, tags)
	if len(merged) > QuotaTagsPerResource {
		return instance.InvalidParam("A resource can have at most %d tags; this request would give it %d.", QuotaTagsPerResource, len(merged))
	}
	return s.save(t, merged)
}

// UntagResource removes tag keys from a resource; absent keys are ignored.
func (s *Tagging) UntagResource(sc instance.Scope, arn string, keys []string) error {
	if err := instance.ValidateTagKeys(keys); err != nil {
		return err
	}
	t, unlock, err := s.resolve(sc, arn, true)
	if err != nil {
		return err
	}
	defer unlock()
	left := maps.Clone(t.Tags)
	for _, k := range keys {
		delete(left, k)
	}
	return s.save(t, left)
}

// ListTagsForResource returns a resource's tags, never nil.
func (s *Tagging) ListTagsForResource(sc instance.Scope, arn string) (map[string]string, error) {
	t, unlock, err := s.resolve(sc, arn, false)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := maps.Clone(t.Tags)
	if out == nil {
		out = map[string]string{}
	}
	return out, nil
}

// TaggableARNs lists the ARN of the instance and of every taggable resource
// in it, sorted. It is for tests and tools that need ARNs the API cannot
// list yet (such as contact flows).
func (s *Tagging) TaggableARNs(sc instance.Scope, instanceID string) ([]string, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	out := []string{st.ARN}
	for _, k := range instance.TagKinds() {
		for _, id := range k.IDs(st) {
			arn, _, _ := k.Lookup(st, id)
			out = append(out, arn)
		}
	}
	slices.Sort(out)
	return out, nil
}
