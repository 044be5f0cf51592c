package service

import (
	"strings"
)

// CreateQuickConnect stores a quick connect whose queue, user and flow exist.
func (s *Service) CreateQuickConnect(sc Scope, instanceID string, qc QuickConnect) (*QuickConnect, error) {
	return quickConnects.create(s, sc, instanceID, func(st *instanceState) (*QuickConnect, error) {
		return s.buildQuickConnect(sc, st, qc)
	})
}

// buildQuickConnect checks a new quick connect and resolves what it names.
func (s *Service) buildQuickConnect(sc Scope, st *instanceState, qc QuickConnect) (*QuickConnect, error) {
	if err := checkQuickConnectName(st, "", qc.Name); err != nil {
		return nil, err
	}
	if err := s.resolveQuickConnectTarget(sc, st, &qc); err != nil {
		return nil, err
	}
	qc.Tags = cloneTags(qc.Tags)
	return &qc, nil
}

func checkQuickConnectName(st *instanceState, selfID, name string) error {
	for _, o := range st.Quick {
		if o.ID != selfID && strings.EqualFold(o.Name, name) {
			return duplicate("A quick connect named %s already exists.", name)
		}
	}
	return nil
}

// resolveQuickConnectTarget checks that qc's queue, user and flow exist
// and replaces ARNs with IDs.
func (s *Service) resolveQuickConnectTarget(sc Scope, st *instanceState, qc *QuickConnect) error {
	switch qc.Type {
	case "QUEUE":
		q, err := s.queueOf(sc, st, qc.QueueID)
		if err != nil {
			return err
		}
		qc.QueueID, qc.UserID, qc.PhoneNumber = q.ID, "", ""
	case "USER":
		u, err := s.userOf(sc, st, qc.UserID)
		if err != nil {
			return err
		}
		qc.UserID, qc.QueueID, qc.PhoneNumber = u.ID, "", ""
	case "PHONE_NUMBER":
		if qc.PhoneNumber == "" {
			return invalidParam("PhoneConfig.PhoneNumber is required for a PHONE_NUMBER quick connect.")
		}
		qc.QueueID, qc.UserID, qc.FlowID = "", "", ""
		return nil
	}
	f, err := s.flowOf(sc, st, qc.FlowID)
	if err != nil {
		return err
	}
	qc.FlowID = f.ID
	return nil
}

func (s *Service) quickConnectOf(sc Scope, st *instanceState, idOrARN string) (*QuickConnect, error) {
	return quickConnects.of(sc, st, idOrARN)
}

// DescribeQuickConnect returns one quick connect.
func (s *Service) DescribeQuickConnect(sc Scope, instanceID, id string) (*QuickConnect, error) {
	return quickConnects.describe(s, sc, instanceID, id)
}

// ListQuickConnects pages through quick connects, optionally by type.
func (s *Service) ListQuickConnects(sc Scope, instanceID string, types []string, req PageRequest) (Page[QuickConnect], error) {
	want := map[string]bool{}
	for _, t := range types {
		want[t] = true
	}
	return quickConnects.list(s, sc, instanceID, func(id string) string { return "ListQuickConnects|" + id + "|" + strings.Join(types, ",") },
		func(q *QuickConnect) bool { return len(want) == 0 || want[q.Type] }, req)
}
