package routingconfig

import (
	"github.com/connect-local/connect-local/internal/instance"
	"strings"
)

// CreateQuickConnect stores a quick connect whose queue, user and flow exist.
func (s *RoutingConfig) CreateQuickConnect(sc instance.Scope, instanceID string, qc instance.QuickConnect) (*instance.QuickConnect, error) {
	return quickConnects.Create(s.core, sc, instanceID, func(st *instance.State) (*instance.QuickConnect, error) {
		return s.buildQuickConnect(sc, st, qc)
	})
}

// buildQuickConnect checks a new quick connect and resolves what it names.
func (s *RoutingConfig) buildQuickConnect(sc instance.Scope, st *instance.State, qc instance.QuickConnect) (*instance.QuickConnect, error) {
	if err := checkQuickConnectName(st, "", qc.Name); err != nil {
		return nil, err
	}
	if err := s.resolveQuickConnectTarget(sc, st, &qc); err != nil {
		return nil, err
	}
	qc.Tags = instance.CloneTags(qc.Tags)
	return &qc, nil
}

func checkQuickConnectName(st *instance.State, selfID, name string) error {
	for _, o := range st.Quick {
		if o.ID != selfID && strings.EqualFold(o.Name, name) {
			return instance.Duplicate("A quick connect named %s already exists.", name)
		}
	}
	return nil
}

// resolveQuickConnectTarget checks that qc's queue, user and flow exist
// and replaces ARNs with IDs.
func (s *RoutingConfig) resolveQuickConnectTarget(sc instance.Scope, st *instance.State, qc *instance.QuickConnect) error {
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
			return instance.InvalidParam("PhoneConfig.PhoneNumber is required for a PHONE_NUMBER quick connect.")
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

func (s *RoutingConfig) quickConnectOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.QuickConnect, error) {
	return quickConnects.Of(sc, st, idOrARN)
}

// DescribeQuickConnect returns one quick connect.
func (s *RoutingConfig) DescribeQuickConnect(sc instance.Scope, instanceID, id string) (*instance.QuickConnect, error) {
	return quickConnects.Describe(s.core, sc, instanceID, id)
}

// ListQuickConnects pages through quick connects, optionally by type.
func (s *RoutingConfig) ListQuickConnects(sc instance.Scope, instanceID string, types []string, req instance.PageRequest) (instance.Page[instance.QuickConnect], error) {
	want := map[string]bool{}
	for _, t := range types {
		want[t] = true
	}
	return quickConnects.List(s.core, sc, instanceID, func(id string) string { return "ListQuickConnects|" + id + "|" + strings.Join(types, ",") },
		func(q *instance.QuickConnect) bool { return len(want) == 0 || want[q.Type] }, req)
}
