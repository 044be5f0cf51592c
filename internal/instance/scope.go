package instance

import (
	"strings"
)

// Scope is where a request lives: resources are isolated per account and
// region, as in AWS.
type Scope struct {
	Account string `json:"account"`
	Region  string `json:"region"`
}

// ARN builds an Amazon Connect ARN in this scope.
func (s Scope) ARN(resource string) string {
	return "arn:aws:connect:" + s.Region + ":" + s.Account + ":" + resource
}

// ParsedARN is an Amazon Connect ARN split into its parts.
type ParsedARN struct {
	Scope
	Resource string // e.g. instance/{id}/queue/{id}
}

// ParseARN splits an Amazon Connect ARN; ok is false for anything else.
func ParseARN(s string) (ParsedARN, bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "connect" {
		return ParsedARN{}, false
	}
	return ParsedARN{Scope: Scope{Account: parts[4], Region: parts[3]}, Resource: parts[5]}, true
}

// ResolveID turns an ID-or-ARN parameter into a bare ID. For an ARN, the
// scope, instance and resource type must match; otherwise ok is false and
// the caller answers as for an unknown resource.
func ResolveID(sc Scope, instanceID, kind, v string) (string, bool) {
	if !strings.HasPrefix(v, "arn:") {
		return v, true
	}
	a, ok := ParseARN(v)
	if !ok || a.Scope != sc {
		return "", false
	}
	segs := strings.Split(a.Resource, "/")
	if kind == "instance" {
		if len(segs) == 2 && segs[0] == "instance" {
			return segs[1], true
		}
		return "", false
	}
	if len(segs) == 4 && segs[0] == "instance" && segs[1] == instanceID && segs[2] == kind {
		return segs[3], true
	}
	return "", false
}
