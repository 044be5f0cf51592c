package service

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

// parsedARN is an Amazon Connect ARN split into its parts.
type parsedARN struct {
	Scope
	Resource string // e.g. instance/{id}/queue/{id}
}

func parseARN(s string) (parsedARN, bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "connect" {
		return parsedARN{}, false
	}
	return parsedARN{Scope: Scope{Account: parts[4], Region: parts[3]}, Resource: parts[5]}, true
}

// resolveID turns an ID-or-ARN parameter into a bare ID. For an ARN, the
// scope, instance and resource type must match; otherwise ok is false and
// the caller answers as for an unknown resource.
func resolveID(sc Scope, instanceID, kind, v string) (string, bool) {
	if !strings.HasPrefix(v, "arn:") {
		return v, true
	}
	a, ok := parseARN(v)
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

// ResolveInstance returns the ID of instance idOrARN if it exists in scope
// sc, and a not-found error otherwise. The /_local/ routes resolve their
// {instance} with it, in the caller's scope, before anything else.
func (s *Service) ResolveInstance(sc Scope, idOrARN string) (string, error) {
	st, err := s.rlockInstance(sc, idOrARN)
	if err != nil {
		return "", err
	}
	defer st.mu.RUnlock()
	return st.ID, nil
}
