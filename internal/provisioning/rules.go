package provisioning

import (
	"encoding/json"
	"github.com/connect-local/connect-local/internal/instance"
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

func (s *Provisioning) ruleOf(sc instance.Scope, st *instance.State, idOrARN string) (*Rule, error) {
	id, ok := instance.ResolveID(sc, st.ID, "rule", idOrARN)
	if r := of(st).rules[id]; ok && r != nil {
		return r, nil
	}
	return nil, instance.NotFound("Rule not found: %s", idOrARN)
}

func checkRuleName(st *instance.State, selfID, name string) error {
	for _, o := range of(st).rules {
		if o.ID != selfID && strings.EqualFold(o.Name, name) {
			return instance.Duplicate("A rule named %s already exists.", name)
		}
	}
	return nil
}

// CreateRule stores a rule.
func (s *Provisioning) CreateRule(sc instance.Scope, instanceID string, r Rule) (*Rule, error) {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	for _, o := range of(st).rules {
		if r.ClientToken != "" && o.ClientToken == r.ClientToken {
			out := *o
			return &out, nil
		}
	}
	if err := checkRuleName(st, "", r.Name); err != nil {
		return nil, err
	}
	r.ID = s.core.NewID()
	r.ARN = sc.ARN("instance/" + st.ID + "/rule/" + r.ID)
	r.CreatedTime, r.UpdatedTime = s.core.Clock.Now(), s.core.Clock.Now()
	r.Tags = instance.CloneTags(r.Tags)
	err = s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketRules, instance.ChildKey(st.ID, r.ID), &r)
	},
		func() { of(st).rules[r.ID] = &r })
	if err != nil {
		return nil, err
	}
	out := r
	return &out, nil
}

// DescribeRule returns one rule.
func (s *Provisioning) DescribeRule(sc instance.Scope, instanceID, id string) (*Rule, error) {
	st, err := s.core.RLock(sc, instanceID)
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
func (s *Provisioning) UpdateRule(sc instance.Scope, instanceID, id string, u Rule) error {
	st, err := s.core.Lock(sc, instanceID)
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
	n.UpdatedTime = s.core.Clock.Now()
	return s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketRules, instance.ChildKey(st.ID, n.ID), &n)
	},
		func() { of(st).rules[n.ID] = &n })
}

// DeleteRule deletes a rule.
func (s *Provisioning) DeleteRule(sc instance.Scope, instanceID, id string) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	r, err := s.ruleOf(sc, st, id)
	if err != nil {
		return err
	}
	return s.core.CommitData(st, func(tx storage.Tx) error { return tx.Delete(bucketRules, instance.ChildKey(st.ID, r.ID)) },
		func() { delete(of(st).rules, r.ID) })
}

// ListRules pages through rules by event source and status.
func (s *Provisioning) ListRules(sc instance.Scope, instanceID, source, status string, req instance.PageRequest) (instance.Page[Rule], error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[Rule]{}, err
	}
	defer st.Mu.RUnlock()
	var all []Rule
	for _, r := range of(st).rules {
		if (source == "" || r.EventSource == source) && (status == "" || r.PublishStatus == status) {
			all = append(all, *r)
		}
	}
	req.Binding = "ListRules|" + st.ID + "|" + source + "|" + status
	return instance.Paginate(s.core, all, func(r Rule) string { return r.ID }, req)
}
