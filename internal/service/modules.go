package service

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"github.com/connect-local/connect-local/internal/instance"
	"strings"

	"github.com/connect-local/connect-local/internal/flow"
	"github.com/connect-local/connect-local/internal/resourcesearch"
	"github.com/connect-local/connect-local/internal/storage"
)

// Flow modules (CreateContactFlowModule … SearchContactFlowModules): flow
// content an InvokeFlowModule block runs and returns from
// (docs/flows.md#flow-modules). A module is always PUBLISHED here: Create
// validates its content like a published flow's; an ARCHIVED module
// cannot be invoked.

const bucketModules = "flow-modules" // {i}/{moduleId} → FlowModule

// FlowModule is a stored flow module.
type FlowModule struct {
	ID          string            `json:"id"`
	ARN         string            `json:"arn"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Content     string            `json:"content"`
	Settings    string            `json:"settings,omitempty"`
	State       string            `json:"state"`  // ACTIVE | ARCHIVED
	Status      string            `json:"status"` // PUBLISHED
	Tags        map[string]string `json:"tags,omitempty"`
	Modified
}

// ContentSHA256 is FlowModuleContentSha256.
func (m *FlowModule) ContentSHA256() string {
	sum := sha256.Sum256([]byte(m.Content))
	return hex.EncodeToString(sum[:])
}

func checkModuleContent(content string) error {
	err := flow.Validate(content)
	var fe *flow.InvalidFlowError
	if errors.As(err, &fe) {
		return invalidFlowModule(fe.Problems)
	}
	return err
}

func checkModuleName(res *flowResources, selfID, name string) error {
	if strings.TrimSpace(name) == "" {
		return invalidParam("Name must not be empty.")
	}
	for _, m := range res.modules {
		if m.ID != selfID && strings.EqualFold(m.Name, name) {
			return duplicate("A flow module named %s already exists.", name)
		}
	}
	return nil
}

// CreateContactFlowModule stores a module after validating its content.
func (s *Service) CreateContactFlowModule(sc Scope, instanceID, name, description, content, settings string, tags map[string]string) (*FlowModule, error) {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	res := st.flowRes()
	if err := checkModuleName(res, "", name); err != nil {
		return nil, err
	}
	if err := checkModuleContent(content); err != nil {
		return nil, err
	}
	m := &FlowModule{ID: s.newID(), Name: name, Description: description, Content: content, Settings: settings,
		State: FlowActive, Status: FlowPublished, Tags: cloneTags(tags), Modified: s.modified(sc)}
	m.ARN = sc.ARN("instance/" + st.ID + "/flow-module/" + m.ID)
	err = s.commit(st, func(tx storage.Tx) error { return putJSON(tx, bucketModules, childKey(st.ID, m.ID), m) },
		func() { res.modules[m.ID] = m })
	if err != nil {
		return nil, err
	}
	out := *m
	return &out, nil
}

func (s *Service) moduleOf(sc Scope, st *instanceState, idOrARN string) (*FlowModule, error) {
	id, ok := resolveID(sc, st.ID, "flow-module", idOrARN)
	if m := st.flowRes().modules[id]; ok && m != nil {
		return m, nil
	}
	return nil, notFound("Flow module not found: %s", idOrARN)
}

// DescribeContactFlowModule returns one module.
func (s *Service) DescribeContactFlowModule(sc Scope, instanceID, moduleID string) (*FlowModule, error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	m, err := s.moduleOf(sc, st, moduleID)
	if err != nil {
		return nil, err
	}
	out := *m
	out.Tags = cloneTags(m.Tags)
	return &out, nil
}

// ListContactFlowModules pages through modules, optionally of one state.
func (s *Service) ListContactFlowModules(sc Scope, instanceID, state string, req PageRequest) (Page[FlowModule], error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return Page[FlowModule]{}, err
	}
	defer unlock()
	var all []FlowModule
	for _, m := range st.flowRes().modules {
		if state == "" || m.State == state {
			all = append(all, *m)
		}
	}
	req.Binding = "ListContactFlowModules|" + st.ID + "|" + state
	return paginate(s, all, func(m FlowModule) string { return m.ID }, req)
}

func (s *Service) updateModule(sc Scope, instanceID, moduleID string, change func(res *flowResources, m *FlowModule) error) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	m, err := s.moduleOf(sc, st, moduleID)
	if err != nil {
		return err
	}
	n := *m
	if err := change(st.flowRes(), &n); err != nil {
		return err
	}
	n.Modified = s.modified(sc)
	return s.commit(st, func(tx storage.Tx) error { return putJSON(tx, bucketModules, childKey(st.ID, n.ID), &n) },
		func() { st.flowRes().modules[n.ID] = &n })
}

// UpdateContactFlowModuleContent replaces a module's content (and settings).
func (s *Service) UpdateContactFlowModuleContent(sc Scope, instanceID, moduleID string, content, settings *string) error {
	return s.updateModule(sc, instanceID, moduleID, func(_ *flowResources, m *FlowModule) error {
		if content != nil {
			if err := checkModuleContent(*content); err != nil {
				return err
			}
			m.Content = *content
		}
		if settings != nil {
			m.Settings = *settings
		}
		return nil
	})
}

// UpdateContactFlowModuleMetadata changes name, description and state.
func (s *Service) UpdateContactFlowModuleMetadata(sc Scope, instanceID, moduleID string, name, description, state *string) error {
	return s.updateModule(sc, instanceID, moduleID, func(res *flowResources, m *FlowModule) error {
		if name != nil {
			if err := checkModuleName(res, m.ID, *name); err != nil {
				return err
			}
			m.Name = *name
		}
		if description != nil {
			m.Description = *description
		}
		if state != nil {
			m.State = *state
		}
		return nil
	})
}

// DeleteContactFlowModule deletes a module.
func (s *Service) DeleteContactFlowModule(sc Scope, instanceID, moduleID string) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	m, err := s.moduleOf(sc, st, moduleID)
	if err != nil {
		return err
	}
	return s.commit(st, func(tx storage.Tx) error { return tx.Delete(bucketModules, childKey(st.ID, m.ID)) },
		func() { delete(st.flowRes().modules, m.ID) })
}

// SchemaModules is what SearchContactFlowModules may name.
var SchemaModules = resourcesearch.Schema{Resource: "flow modules", Fields: []string{"name", "description", "resourceID"}}

// SearchModulesIn searches an instance's modules; StateCondition and
// StatusCondition read state and status.
func (s *Service) SearchModulesIn(sc Scope, instanceID string, q resourcesearch.Query, req PageRequest) (Page[FlowModule], error) {
	return searchRecords(s, sc, instanceID, "SearchContactFlowModules", q, req, func(st *instanceState) []FlowModule { return values(st.flowRes().modules) },
		func(_ *instanceState, r FlowModule) searchable {
			return searchable{fields: map[string]string{"name": r.Name, "description": r.Description, "resourceID": r.ID,
				"state": r.State, "status": r.Status}, tags: r.Tags}
		}, func(r FlowModule) string { return r.ID })
}

// moduleContent is the content an InvokeFlowModule block runs. The caller
// holds the instance's lock.
func (s *Service) moduleContent(st *instanceState, idOrARN string) (content, id string, err error) {
	m, err := s.moduleOf(st.Scope, st, idOrARN)
	if err != nil {
		return "", "", err
	}
	if m.State == FlowArchived {
		return "", "", invalidRequest("Flow module %s is archived.", m.Name)
	}
	return m.Content, m.ID, nil
}

func init() {
	instance.RegisterTagKind("flow-module", childKind(bucketModules, func(st *instanceState) map[string]*FlowModule { return st.flowRes().modules },
		func(r *FlowModule) (*string, *map[string]string) { return &r.ARN, &r.Tags }))
}
