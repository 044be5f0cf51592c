package service

import "github.com/connect-local/connect-local/internal/instance"

// Scope is where a request lives (internal/instance).
type Scope = instance.Scope

type parsedARN = instance.ParsedARN

func parseARN(s string) (parsedARN, bool) { return instance.ParseARN(s) }

// resolveID turns an ID-or-ARN parameter into a bare ID (instance.ResolveID).
func resolveID(sc Scope, instanceID, kind, v string) (string, bool) {
	return instance.ResolveID(sc, instanceID, kind, v)
}

// ResolveInstance returns the ID of instance idOrARN if it exists in scope
// sc, and a not-found error otherwise. The /_local/ routes resolve their
// {instance} with it, in the caller's scope, before anything else.
func (s *Service) ResolveInstance(sc Scope, idOrARN string) (string, error) {
	st, err := s.rlockInstance(sc, idOrARN)
	if err != nil {
		return "", err
	}
	defer st.Mu.RUnlock()
	return st.ID, nil
}
