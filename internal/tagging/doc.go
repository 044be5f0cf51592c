// Package tagging is TagResource, UntagResource, ListTagsForResource,
// TaggableARNs and SearchResourceTags: tags on every resource that has
// an ARN (docs/provisioning.md).
//
// It sits between internal/instance and the internal/service façade,
// which embeds a *Tagging so the handlers call its methods by their names
// on the Service. It owns no records: it turns an ARN into the record
// holding its tags through the instance.TagKind registry, which every
// family fills with its taggable types at initialisation. The façade
// gives New the instance's own kind and the resolver of phone-number
// ARNs, which it answers under the phone-number lock.
//
// It must never import internal/service or another family package, never
// know HTTP, the wire format or the generated api types, and never read
// the time.
package tagging
