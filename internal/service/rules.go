package service

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/storage"
)

// Rules (docs/provisioning.md#rules) are stored and read back only:
// connect-local runs no Contact Lens analysis and raises none of the
// events a rule triggers on, so no rule ever fires. Actions are kept as
// the JSON the caller sent.

// Rule is a stored rule.
type Rule struct {
	ID                 string            `json:"id"`
	ARN                string            `json:"arn"`
	Name               string            `json:"name"`
	EventSource        string            `json:"eventSource"`
	IntegrationAssocID string            `json:"integrationAssociationId,omitempty"`
	Function           string            `json:"function"`
	Actions            json.RawMessage   `json:"actions"`
	ActionTypes        []string          `json:"actionTypes,omitempty"`
	PublishStatus      string            `json:"publishStatus"`
	ClientToken        string            `json:"clientToken,omitempty"`
	Tags               map[string]string `json:"tags,omitempty"`
	CreatedTime        time.Time         `json:"createdTime"`
	UpdatedTime        time.Time         `json:"updatedTime"`
	UpdatedBy          string            `json:"updatedBy,omitempty"`
}

func (s *Service) ruleOf(sc Scope, st *instanceState, idOrARN string) (*Rule, error) {
	id, ok := resolveID(sc, st.ID, "rule", idOrARN)
	if r := st.rules[id]; ok && r != nil {
		return r, nil
	}
	return nil, notFound("Rule not found: %s", idOrARN)
}

func checkRuleName(st *instanceState, selfID, name string) error {
	for _, o := range st.rules {
		if o.ID != selfID && strings.EqualFold(o.Name, name) {
			return duplicate("A rule named %s already exists.", name)
		}
	}
	return nil
}

// CreateRule stores a rule.
func (s *Service) CreateRule(sc Scope, instanceID string, r Rule) (*Rule, error) {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	for _, o := range st.rules {
		if r.ClientToken != "" && o.ClientToken == r.ClientToken {
			out := *o
			return &out, nil
		}
	}
	if err := checkRuleName(st, "", r.Name); err != nil {
		return nil, err
	}
	r.ID = s.newID()
	r.ARN = sc.ARN("instance/" + st.ID + "/rule/" + r.ID)
	r.CreatedTime, r.UpdatedTime = s.clock.Now(), s.clock.Now()
	r.Tags = cloneTags(r.Tags)
	err = s.commitData(st, func(tx storage.Tx) error { return putJSON(tx, bucketRules, childKey(st.ID, r.ID), &r) },
		func() { st.rules[r.ID] = &r })
	if err != nil {
		return nil, err
	}
	out := r
	return &out, nil
}

// DescribeRule returns one rule.
func (s *Service) DescribeRule(sc Scope, instanceID, id string) (*Rule, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	r, err := s.ruleOf(sc, st, id)
	if err != nil {
		return nil, err
	}
	out := *r
	return &out, nil
}

// UpdateRule replaces a rule's name, function, actions and status.
func (s *Service) UpdateRule(sc Scope, instanceID, id string, u Rule) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	r, err := s.ruleOf(sc, st, id)
	if err != nil {
		return err
	}
	if err := checkRuleName(st, r.ID, u.Name); err != nil {
		return err
	}
	n := *r
	n.Name, n.Function, n.Actions, n.ActionTypes, n.PublishStatus = u.Name, u.Function, u.Actions, u.ActionTypes, u.PublishStatus
	n.UpdatedTime = s.clock.Now()
	return s.commitData(st, func(tx storage.Tx) error { return putJSON(tx, bucketRules, childKey(st.ID, n.ID), &n) },
		func() { st.rules[n.ID] = &n })
}

// DeleteRule deletes a rule.
func (s *Service) DeleteRule(sc Scope, instanceID, id string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	r, err := s.ruleOf(sc, st, id)
	if err != nil {
		return err
	}
	return s.commitData(st, func(tx storage.Tx) error { return tx.Delete(bucketRules, childKey(st.ID, r.ID)) },
		func() { delete(st.rules, r.ID) })
}

// ListRules pages through rules by event source and status.
func (s *Service) ListRules(sc Scope, instanceID, source, status string, req PageRequest) (Page[Rule], error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[Rule]{}, err
	}
	defer st.Mu.RUnlock()
	var all []Rule
	for _, r := range st.rules {
		if (source == "" || r.EventSource == source) && (status == "" || r.PublishStatus == status) {
			all = append(all, *r)
		}
	}
	req.Binding = "ListRules|" + st.ID + "|" + source + "|" + status
	return paginate(s, all, func(r Rule) string { return r.ID }, req)
}
