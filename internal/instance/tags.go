package instance

import (
	"maps"
	"slices"
	"strings"

	"github.com/connect-local/connect-local/internal/storage"
)

// TagKind reaches one taggable resource type's records inside an
// instance (the service's TagResource and its kin resolve an ARN to one).
type TagKind struct {
	IDs    func(st *State) []string
	Lookup func(st *State, id string) (arn string, tags map[string]string, ok bool)
	// Store returns the durable write of the record with tags replaced and
	// the matching change to memory.
	Store func(st *State, id string, tags map[string]string) (write func(storage.Tx) error, apply func())
}

// tagKinds holds every taggable resource type inside an instance, keyed by
// the resource-type segment of its ARN (instance/{i}/{type}/{id}).
var tagKinds = map[string]TagKind{}

// RegisterTagKind makes records of ARN segment seg taggable. Call it only
// at package initialisation.
func RegisterTagKind(seg string, k TagKind) { tagKinds[seg] = k }

// TagKindOf is the taggable type of ARN segment seg.
func TagKindOf(seg string) (TagKind, bool) {
	k, ok := tagKinds[seg]
	return k, ok
}

// TagKinds is every taggable type by ARN segment; the caller must not
// change the map.
func TagKinds() map[string]TagKind { return tagKinds }

// ChildKind builds the TagKind of a record type stored under {i}/{id} in
// bucket; fields points at a record's ARN and Tags.
func ChildKind[T any](bucket string, records func(*State) map[string]*T, fields func(*T) (*string, *map[string]string)) TagKind {
	return TagKind{
		IDs: func(st *State) []string { return slices.Collect(maps.Keys(records(st))) },
		Lookup: func(st *State, id string) (string, map[string]string, bool) {
			r := records(st)[id]
			if r == nil {
				return "", nil, false
			}
			arn, tags := fields(r)
			return *arn, *tags, true
		},
		Store: func(st *State, id string, tags map[string]string) (func(storage.Tx) error, func()) {
			n := *records(st)[id]
			_, tp := fields(&n)
			*tp = tags
			return func(tx storage.Tx) error { return PutJSON(tx, bucket, ChildKey(st.ID, id), &n) },
				func() { records(st)[id] = &n }
		},
	}
}

// ValidateTagKeys refuses keys with the reserved prefix "aws:".
func ValidateTagKeys(keys []string) error {
	for _, k := range keys {
		if strings.HasPrefix(k, "aws:") {
			return InvalidParam("Tag key %s uses the reserved prefix aws:.", k)
		}
	}
	return nil
}

// ValidateTags is ValidateTagKeys for a tag map.
func ValidateTags(tags map[string]string) error {
	return ValidateTagKeys(slices.Collect(maps.Keys(tags)))
}
