package flowres

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
	instance.Modified
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
		return instance.InvalidFlowModule(fe.Problems)
	}
	return err
}

func checkModuleName(res *data, selfID, name string) error {
	if strings.TrimSpace(name) == "" {
		return instance.InvalidParam("Name must not be empty.")
	}
	for _, m := range res.modules {
		if m.ID != selfID && strings.EqualFold(m.Name, name) {
			return instance.Duplicate("A flow module named %s already exists.", name)
		}
	}
	return nil
}

// CreateContactFlowModule stores a module after validating its content.
func (s *FlowRes) CreateContactFlowModule(sc instance.Scope, instanceID, name, description, content, settings string, tags map[string]string) (*FlowModule, error) {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	res := of(st)
	if err := checkModuleName(res, "", name); err != nil {
		return nil, err
	}
	if err := checkModuleContent(content); err != nil {
		return nil, err
	}
	m := &FlowModule{ID: s.core.NewID(), Name: name, Description: description, Content: content, Settings: settings,
		State: instance.FlowActive, Status: instance.FlowPublished, Tags: instance.CloneTags(tags), Modified: s.core.Modified(sc)}
	m.ARN = sc.ARN("instance/" + st.ID + "/flow-module/" + m.ID)
	err = s.core.Commit(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketModules, instance.ChildKey(st.ID, m.ID), m)
	},
		func() { res.modules[m.ID] = m })
	if err != nil {
		return nil, err
	}
	out := *m
	return &out, nil
}

func (s *FlowRes) moduleOf(sc instance.Scope, st *instance.State, idOrARN string) (*FlowModule, error) {
	id, ok := instance.ResolveID(sc, st.ID, "flow-module", idOrARN)
	if m := of(st).modules[id]; ok && m != nil {
		return m, nil
	}
	return nil, instance.NotFound("Flow module not found: %s", idOrARN)
}

// DescribeContactFlowModule returns one module.
func (s *FlowRes) DescribeContactFlowModule(sc instance.Scope, instanceID, moduleID string) (*FlowModule, error) {
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
	out.Tags = instance.CloneTags(m.Tags)
	return &out, nil
}

// ListContactFlowModules pages through modules, optionally of one state.
func (s *FlowRes) ListContactFlowModules(sc instance.Scope, instanceID, state string, req instance.PageRequest) (instance.Page[FlowModule], error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return instance.Page[FlowModule]{}, err
	}
	defer unlock()
	var all []FlowModule
	for _, m := range of(st).modules {
		if state == "" || m.State == state {
			all = append(all, *m)
		}
	}
	req.Binding = "ListContactFlowModules|" + st.ID + "|" + state
	return instance.Paginate(s.core, all, func(m FlowModule) string { return m.ID }, req)
}

func (s *FlowRes) updateModule(sc instance.Scope, instanceID, moduleID string, change func(res *data, m *FlowModule) error) error {
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
	if err := change(of(st), &n); err != nil {
		return err
	}
	n.Modified = s.core.Modified(sc)
	return s.core.Commit(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketModules, instance.ChildKey(st.ID, n.ID), &n)
	},
		func() { of(st).modules[n.ID] = &n })
}

// UpdateContactFlowModuleContent replaces a module's content (and settings).
func (s *FlowRes) UpdateContactFlowModuleContent(sc instance.Scope, instanceID, moduleID string, content, settings *string) error {
	return s.updateModule(sc, instanceID, moduleID, func(_ *data, m *FlowModule) error {
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
func (s *FlowRes) UpdateContactFlowModuleMetadata(sc instance.Scope, instanceID, moduleID string, name, description, state *string) error {
	return s.updateModule(sc, instanceID, moduleID, func(res *data, m *FlowModule) error {
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
func (s *FlowRes) DeleteContactFlowModule(sc instance.Scope, instanceID, moduleID string) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	m, err := s.moduleOf(sc, st, moduleID)
	if err != nil {
		return err
	}
	return s.core.Commit(st, func(tx storage.Tx) error { return tx.Delete(bucketModules, instance.ChildKey(st.ID, m.ID)) },
		func() { delete(of(st).modules, m.ID) })
}

// SchemaModules is what SearchContactFlowModules may name.
var SchemaModules = resourcesearch.Schema{Resource: "flow modules", Fields: []string{"name", "description", "resourceID"}}

// SearchModulesIn searches an instance's modules; StateCondition and
// StatusCondition read state and status.
func (s *FlowRes) SearchModulesIn(sc instance.Scope, instanceID string, q resourcesearch.Query, req instance.PageRequest) (instance.Page[FlowModule], error) {
	return instance.SearchRecords(s.core, sc, instanceID, "SearchContactFlowModules", q, req, func(st *instance.State) []FlowModule { return instance.Values(of(st).modules) },
		func(_ *instance.State, r FlowModule) instance.Searchable {
			return instance.Searchable{FieldMap: map[string]string{"name": r.Name, "description": r.Description, "resourceID": r.ID,
				"state": r.State, "status": r.Status}, TagMap: r.Tags}
		}, func(r FlowModule) string { return r.ID })
}

func init() {
	instance.RegisterTagKind("flow-module", instance.ChildKind(bucketModules, func(st *instance.State) map[string]*FlowModule { return of(st).modules },
		func(r *FlowModule) (*string, *map[string]string) { return &r.ARN, &r.Tags }))
}
