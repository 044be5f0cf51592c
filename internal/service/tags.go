package service

import (
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/provisioning"
	"maps"
	"slices"
	"strings"

	"github.com/connect-local/connect-local/internal/storage"
)

// Tags work on every resource that has an ARN. resolveTagged is the one
// place that turns an ARN into the record holding its tags; a new resource
// type needs one entry in tagKinds (keyed by the type's ARN segment).
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

type tagKind = instance.TagKind

// The taggable types of the service's own families (instance.RegisterTagKind).
func init() {
	for seg, k := range map[string]tagKind{
		"queue": instance.ChildKind(bucketQueues, func(st *instance.State) map[string]*Queue { return st.Queues },
			func(r *Queue) (*string, *map[string]string) { return &r.ARN, &r.Tags }),
		"operating-hours": instance.ChildKind(bucketHours, func(st *instance.State) map[string]*HoursOfOperation { return st.Hours },
			func(r *HoursOfOperation) (*string, *map[string]string) { return &r.ARN, &r.Tags }),
		"routing-profile": instance.ChildKind(bucketProfiles, func(st *instance.State) map[string]*RoutingProfile { return st.Profiles },
			func(r *RoutingProfile) (*string, *map[string]string) { return &r.ARN, &r.Tags }),
		"agent": instance.ChildKind(bucketUsers, func(st *instance.State) map[string]*User { return st.Users },
			func(r *User) (*string, *map[string]string) { return &r.ARN, &r.Tags }),
		"agent-group": instance.ChildKind(bucketGroups, func(st *instance.State) map[string]*HierarchyGroup { return st.Groups },
			func(r *HierarchyGroup) (*string, *map[string]string) { return &r.ARN, &r.Tags }),
		"agent-state": instance.ChildKind(bucketStatuses, func(st *instance.State) map[string]*AgentStatus { return st.Statuses },
			func(r *AgentStatus) (*string, *map[string]string) { return &r.ARN, &r.Tags }),
		"security-profile": instance.ChildKind(bucketSecurity, func(st *instance.State) map[string]*SecurityProfile { return st.Security },
			func(r *SecurityProfile) (*string, *map[string]string) { return &r.ARN, &r.Tags }),
		"contact-flow": instance.ChildKind(bucketFlows, func(st *instance.State) map[string]*ContactFlow { return st.Flows },
			func(r *ContactFlow) (*string, *map[string]string) { return &r.ARN, &r.Tags }),
		"transfer-destination": instance.ChildKind(bucketQuick, func(st *instance.State) map[string]*QuickConnect { return st.Quick },
			func(r *QuickConnect) (*string, *map[string]string) { return &r.ARN, &r.Tags }),
	} {
		instance.RegisterTagKind(seg, k)
	}
}

// phoneKind is a phone number (phone-number/{id}, outside any instance
// in its ARN; stored in the instance that holds it).
var phoneKind = instance.ChildKind(provisioning.BucketPhones, provisioning.Phones,
	func(r *PhoneNumber) (*string, *map[string]string) { return &r.ARN, &r.Tags })

// childKind is instance.ChildKind for the service's view of an instance.
func childKind[T any](bucket string, records func(*instanceState) map[string]*T, fields func(*T) (*string, *map[string]string)) tagKind {
	return instance.ChildKind(bucket, func(st *instance.State) map[string]*T { return records(wrap(st)) }, fields)
}

// instanceKind is the instance itself (instance/{i}); it needs no ids.
var instanceKind = tagKind{
	Lookup: func(st *instance.State, _ string) (string, map[string]string, bool) {
		return st.ARN, st.Tags, true
	},
	Store: func(st *instance.State, _ string, tags map[string]string) (func(storage.Tx) error, func()) {
		n := st.Instance
		n.Tags = tags
		return func(tx storage.Tx) error { return putJSON(tx, bucketInstances, n.ID, n) },
			func() { st.Instance = n }
	},
}

// tagTarget is a resolved taggable resource.
type tagTarget struct {
	kind tagKind
	st   *instanceState
	id   string
	tags map[string]string
}

// resolveTagged finds the resource an ARN names in the caller's scope and
// locks its instance (for writing when write is set); the caller calls
// the returned unlock.
func (s *Service) resolveTagged(sc Scope, arn string, write bool) (*tagTarget, func(), error) {
	if a, ok := parseARN(arn); ok && a.Scope == sc && strings.HasPrefix(a.Resource, "phone-number/") && strings.Count(a.Resource, "/") == 1 {
		return s.resolveTaggedPhone(sc, arn, write)
	}
	t, err := s.resolveTaggedIn(sc, arn, write)
	if err != nil {
		return nil, nil, err
	}
	if write {
		return t, t.st.Mu.Unlock, nil
	}
	return t, t.st.Mu.RUnlock, nil
}

// resolveTaggedPhone is resolveTagged for a phone number: under
// the phone-number lock (internal/provisioning), with the instance
// holding it locked.
func (s *Service) resolveTaggedPhone(sc Scope, arn string, write bool) (*tagTarget, func(), error) {
	missing := notFound("Resource not found: %s", arn)
	phoneMu := provisioning.PhoneMu(s.Provisioning)
	phoneMu.Lock()
	core, p, err := provisioning.PhoneOf(s.Provisioning, sc, arn)
	if err != nil {
		phoneMu.Unlock()
		return nil, nil, missing
	}
	st := wrap(core)
	lock, unlock := st.Mu.RLock, st.Mu.RUnlock
	if write {
		lock, unlock = st.Mu.Lock, st.Mu.Unlock
	}
	lock()
	if st.Deleted || provisioning.Phones(st.State)[p.ID] != p {
		unlock()
		phoneMu.Unlock()
		return nil, nil, missing
	}
	return &tagTarget{kind: phoneKind, st: st, id: p.ID, tags: p.Tags}, func() { unlock(); phoneMu.Unlock() }, nil
}

func (s *Service) resolveTaggedIn(sc Scope, arn string, write bool) (t *tagTarget, err error) {
	a, ok := parseARN(arn)
	if !ok || a.Region == "" || a.Account == "" || a.Resource == "" {
		return nil, invalidParam("%s is not a valid Amazon Connect ARN.", arn)
	}
	missing := notFound("Resource not found: %s", arn)
	segs := strings.Split(a.Resource, "/")
	if a.Scope != sc || segs[0] != "instance" || (len(segs) != 2 && len(segs) != 4) {
		return nil, missing
	}
	if strings.HasPrefix(segs[1], "arn:") {
		return nil, missing
	}
	lock, unlock := s.rlockInstance, func(st *instanceState) { st.Mu.RUnlock() }
	if write {
		lock, unlock = s.lockInstance, func(st *instanceState) { st.Mu.Unlock() }
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
	t = &tagTarget{kind: instanceKind, st: st, id: st.ID}
	if len(segs) == 4 {
		if t.kind, ok = instance.TagKindOf(segs[2]); !ok {
			return nil, missing
		}
		t.id = segs[3]
	}
	got, tags, ok := t.kind.Lookup(st.State, t.id)
	if !ok || got != arn {
		return nil, missing
	}
	t.tags = tags
	return t, nil
}

// saveTags stores the target's new tags (nil when there are none).
func (s *Service) saveTags(t *tagTarget, tags map[string]string) error {
	write, apply := t.kind.Store(t.st.State, t.id, cloneTags(tags))
	return s.commitData(t.st, write, apply)
}

func validateTagKeys(keys []string) error { return instance.ValidateTagKeys(keys) }

func validateTags(tags map[string]string) error { return instance.ValidateTags(tags) }

// TagResource adds tags to a resource, replacing the values of keys it
// already has.
func (s *Service) TagResource(sc Scope, arn string, tags map[string]string) error {
	if err := validateTags(tags); err != nil {
		return err
	}
	t, unlock, err := s.resolveTagged(sc, arn, true)
	if err != nil {
		return err
	}
	defer unlock()
	merged := make(map[string]string, len(t.tags)+len(tags))
	maps.Copy(merged, t.tags)
	maps.Copy(merged, tags)
	if len(merged) > QuotaTagsPerResource {
		return invalidParam("A resource can have at most %d tags; this request would give it %d.", QuotaTagsPerResource, len(merged))
	}
	return s.saveTags(t, merged)
}

// UntagResource removes tag keys from a resource; absent keys are ignored.
func (s *Service) UntagResource(sc Scope, arn string, keys []string) error {
	if err := validateTagKeys(keys); err != nil {
		return err
	}
	t, unlock, err := s.resolveTagged(sc, arn, true)
	if err != nil {
		return err
	}
	defer unlock()
	left := maps.Clone(t.tags)
	for _, k := range keys {
		delete(left, k)
	}
	return s.saveTags(t, left)
}

// ListTagsForResource returns a resource's tags, never nil.
func (s *Service) ListTagsForResource(sc Scope, arn string) (map[string]string, error) {
	t, unlock, err := s.resolveTagged(sc, arn, false)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := maps.Clone(t.tags)
	if out == nil {
		out = map[string]string{}
	}
	return out, nil
}

// TaggableARNs lists the ARN of the instance and of every taggable resource
// in it, sorted. It is for tests and tools that need ARNs the API cannot
// list yet (such as contact flows).
func (s *Service) TaggableARNs(sc Scope, instanceID string) ([]string, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	out := []string{st.ARN}
	for _, k := range instance.TagKinds() {
		for _, id := range k.IDs(st.State) {
			arn, _, _ := k.Lookup(st.State, id)
			out = append(out, arn)
		}
	}
	slices.Sort(out)
	return out, nil
}
