package service

import (
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/provisioning"
	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/tagging"
)

// Tagging lives in internal/tagging; Service embeds it (service.go).
// The façade registers its own families' taggable types, and gives
// tagging the instance itself (instanceKind) and phone numbers
// (resolveTaggedPhone), which it holds under the phone-number lock.

// QuotaTagsPerResource is the most tags one resource can carry.
const QuotaTagsPerResource = tagging.QuotaTagsPerResource

// TagCondition and TagPair are SearchResourceTags' (internal/tagging).
type (
	TagCondition = tagging.TagCondition
	TagPair      = tagging.TagPair
)

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

// resolveTaggedPhone resolves a phone number's ARN for internal/tagging:
// under the phone-number lock (internal/provisioning), with the instance
// holding it locked.
func (s *Service) resolveTaggedPhone(sc Scope, arn string, write bool) (*tagging.Target, func(), error) {
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
	return &tagging.Target{Kind: phoneKind, St: st.State, ID: p.ID, Tags: p.Tags}, func() { unlock(); phoneMu.Unlock() }, nil
}

func validateTagKeys(keys []string) error { return instance.ValidateTagKeys(keys) }

func validateTags(tags map[string]string) error { return instance.ValidateTags(tags) }
