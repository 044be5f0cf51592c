package service

// writeInstance locks one instance for a change and returns it with the
// unlock; readInstance is the same for reading.
func (s *Service) writeInstance(sc Scope, instanceID string) (*instanceState, func(), error) {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return nil, nil, err
	}
	return st, st.Mu.Unlock, nil
}

func (s *Service) readInstance(sc Scope, instanceID string) (*instanceState, func(), error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, nil, err
	}
	return st, st.Mu.RUnlock, nil
}

// withInstance runs fn under the lock of an instance already found, if it
// still exists (work done outside the lock comes back through it).
func (s *Service) withInstance(st *instanceState, write bool, fn func()) bool {
	return st.With(write, fn)
}
