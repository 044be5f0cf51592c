package flowres

import (
	"errors"
	"strings"

	"github.com/connect-local/connect-local/internal/flow"
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/storage"
)

// Contact flows (CreateContactFlow … DeleteContactFlow). Their records
// live in the instance's core map (instance.State.Flows): queues, phone
// numbers and the façade's flow runtime read them; their operations live
// here with the other flow resources (docs/flows.md).

// ContactFlowInput is what CreateContactFlow takes.
type ContactFlowInput struct {
	Name        string
	Type        string
	Description string
	Content     string
	Status      string // PUBLISHED (default) or SAVED
	Tags        map[string]string
}

// flows is the family of contact flows, for the operations here.
var flows = instance.Family[instance.ContactFlow]{Bucket: instance.BucketFlows, Kind: "contact-flow", Noun: "Flow",
	Records: func(st *instance.State) map[string]*instance.ContactFlow { return st.Flows },
	ID:      func(r *instance.ContactFlow) string { return r.ID },
	SetID:   func(r *instance.ContactFlow, id, arn string) { r.ID, r.ARN = id, arn },
	Stamp:   func(r *instance.ContactFlow, m instance.Modified) { r.Modified = m },
	// ":$SAVED" asks for a flow's SAVED content; there is one content per
	// flow here, so it names the flow itself.
	LookupID: func(v string) string { return strings.TrimSuffix(v, ":$SAVED") }}

// checkFlowContent validates content in the flow language when the flow is
// (or becomes) PUBLISHED; SAVED content is stored unchecked, as Connect
// documents. Problems answer InvalidContactFlowException.
func checkFlowContent(status, content string) error {
	if status == instance.FlowSaved {
		return nil
	}
	err := flow.Validate(content)
	var fe *flow.InvalidFlowError
	if errors.As(err, &fe) {
		return instance.InvalidFlow(fe.Problems)
	}
	return err
}

// CreateContactFlow creates a flow; names are unique per instance.
func (s *FlowRes) CreateContactFlow(sc instance.Scope, instanceID string, in ContactFlowInput) (*instance.ContactFlow, error) {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if in.Status == "" {
		in.Status = instance.FlowPublished
	}
	if err := checkFlowName(st, "", in.Name); err != nil {
		return nil, err
	}
	if err := checkFlowContent(in.Status, in.Content); err != nil {
		return nil, err
	}
	f := &instance.ContactFlow{ID: s.core.NewID(), Name: in.Name, Type: in.Type, State: instance.FlowActive, Status: in.Status,
		Description: in.Description, Content: in.Content, Tags: instance.CloneTags(in.Tags), Modified: s.core.Modified(sc)}
	f.ARN = sc.ARN("instance/" + st.ID + "/contact-flow/" + f.ID)
	err = s.core.Commit(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, instance.BucketFlows, instance.ChildKey(st.ID, f.ID), f)
	},
		func() { st.Flows[f.ID] = f })
	if err != nil {
		return nil, err
	}
	out := *f
	return &out, nil
}

func checkFlowName(st *instance.State, selfID, name string) error {
	for _, f := range st.Flows {
		if f.ID != selfID && strings.EqualFold(f.Name, name) {
			return instance.Duplicate("A flow named %s already exists.", name)
		}
	}
	return nil
}

// DescribeContactFlow returns one flow.
func (s *FlowRes) DescribeContactFlow(sc instance.Scope, instanceID, flowID string) (*instance.ContactFlow, error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	f, err := flows.Of(sc, st, flowID)
	if err != nil {
		return nil, err
	}
	out := *f
	out.Tags = instance.CloneTags(f.Tags)
	return &out, nil
}

// ListContactFlows pages through an instance's flows, optionally only those
// of the given types.
func (s *FlowRes) ListContactFlows(sc instance.Scope, instanceID string, types []string, req instance.PageRequest) (instance.Page[instance.ContactFlow], error) {
	want := map[string]bool{}
	for _, t := range types {
		want[t] = true
	}
	return flows.List(s.core, sc, instanceID, func(id string) string { return "ListContactFlows|" + id + "|" + strings.Join(types, ",") },
		func(f *instance.ContactFlow) bool { return len(want) == 0 || want[f.Type] }, req)
}

// UpdateContactFlowContent replaces the content, validating it unless the
// flow is SAVED.
func (s *FlowRes) UpdateContactFlowContent(sc instance.Scope, instanceID, flowID, content string) error {
	return flows.Update(s.core, sc, instanceID, flowID, func(_ *instance.State, f *instance.ContactFlow) error {
		if err := checkFlowContent(f.Status, content); err != nil {
			return err
		}
		f.Content = content
		return nil
	})
}

// UpdateContactFlowName changes the name and/or description.
func (s *FlowRes) UpdateContactFlowName(sc instance.Scope, instanceID, flowID string, name, description *string) error {
	if name == nil && description == nil {
		return instance.InvalidParam("Either Name or Description must be provided.")
	}
	return s.UpdateContactFlowMetadata(sc, instanceID, flowID, name, description, nil)
}

// UpdateContactFlowMetadata changes the name, description and/or state
// (ACTIVE or ARCHIVED).
func (s *FlowRes) UpdateContactFlowMetadata(sc instance.Scope, instanceID, flowID string, name, description, state *string) error {
	return flows.Update(s.core, sc, instanceID, flowID, func(st *instance.State, f *instance.ContactFlow) error {
		if name != nil {
			if err := checkFlowName(st, f.ID, *name); err != nil {
				return err
			}
			f.Name = *name
		}
		if description != nil {
			f.Description = *description
		}
		if state != nil {
			f.State = *state
		}
		return nil
	})
}

// DeleteContactFlow deletes a flow. The flows CreateInstance made cannot be
// deleted (InvalidRequestException): queues and the routing engine fall
// back on them. [INF: Connect does not document this case]
func (s *FlowRes) DeleteContactFlow(sc instance.Scope, instanceID, flowID string) error {
	return flows.Remove(s.core, sc, instanceID, flowID, func(_ *instance.State, f *instance.ContactFlow) error {
		if f.Default {
			return instance.InvalidRequest("The default flow %s cannot be deleted.", f.Name)
		}
		return nil
	})
}
