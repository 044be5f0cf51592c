package service

import (
	"errors"
	"github.com/connect-local/connect-local/internal/instance"
	"strings"

	"github.com/connect-local/connect-local/internal/flow"
	"github.com/connect-local/connect-local/internal/storage"
)

// Flow statuses and states.
const (
	FlowPublished = instance.FlowPublished
	FlowSaved     = instance.FlowSaved
	FlowActive    = instance.FlowActive
	FlowArchived  = instance.FlowArchived
)

// savedAlias is the suffix that asks for a flow's SAVED content. There is
// one content per flow here, so it names the flow itself.
const savedAlias = ":$SAVED"

// ContactFlowInput is what CreateContactFlow takes.
type ContactFlowInput struct {
	Name        string
	Type        string
	Description string
	Content     string
	Status      string // PUBLISHED (default) or SAVED
	Tags        map[string]string
}

// checkFlowContent validates content in the flow language when the flow is
// (or becomes) PUBLISHED; SAVED content is stored unchecked, as Connect
// documents. Problems answer InvalidContactFlowException.
func checkFlowContent(status, content string) error {
	if status == FlowSaved {
		return nil
	}
	err := flow.Validate(content)
	var fe *flow.InvalidFlowError
	if errors.As(err, &fe) {
		return invalidFlow(fe.Problems)
	}
	return err
}

// CreateContactFlow creates a flow; names are unique per instance.
func (s *Service) CreateContactFlow(sc Scope, instanceID string, in ContactFlowInput) (*ContactFlow, error) {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	if in.Status == "" {
		in.Status = FlowPublished
	}
	if err := checkFlowName(st, "", in.Name); err != nil {
		return nil, err
	}
	if err := checkFlowContent(in.Status, in.Content); err != nil {
		return nil, err
	}
	f := &ContactFlow{ID: s.newID(), Name: in.Name, Type: in.Type, State: FlowActive, Status: in.Status,
		Description: in.Description, Content: in.Content, Tags: cloneTags(in.Tags), Modified: s.modified(sc)}
	f.ARN = sc.ARN("instance/" + st.ID + "/contact-flow/" + f.ID)
	err = s.commit(st, func(tx storage.Tx) error { return putJSON(tx, bucketFlows, childKey(st.ID, f.ID), f) },
		func() { st.Flows[f.ID] = f })
	if err != nil {
		return nil, err
	}
	out := *f
	return &out, nil
}

func checkFlowName(st *instanceState, selfID, name string) error {
	for _, f := range st.Flows {
		if f.ID != selfID && strings.EqualFold(f.Name, name) {
			return duplicate("A flow named %s already exists.", name)
		}
	}
	return nil
}

// flowOf finds a flow by ID or ARN, either with the :$SAVED alias. The
// caller holds s.mu.
func (s *Service) flowOf(sc Scope, st *instanceState, idOrARN string) (*ContactFlow, error) {
	return flows.of(sc, st, idOrARN)
}

// trimSavedAlias drops the ":$SAVED" alias a flow ID or ARN may carry.
func trimSavedAlias(idOrARN string) string { return strings.TrimSuffix(idOrARN, savedAlias) }

// DescribeContactFlow returns one flow.
func (s *Service) DescribeContactFlow(sc Scope, instanceID, flowID string) (*ContactFlow, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	f, err := s.flowOf(sc, st, flowID)
	if err != nil {
		return nil, err
	}
	out := *f
	out.Tags = cloneTags(f.Tags)
	return &out, nil
}

// ListContactFlows pages through an instance's flows, optionally only those
// of the given types.
func (s *Service) ListContactFlows(sc Scope, instanceID string, types []string, req PageRequest) (Page[ContactFlow], error) {
	want := map[string]bool{}
	for _, t := range types {
		want[t] = true
	}
	return flows.list(s, sc, instanceID, func(id string) string { return "ListContactFlows|" + id + "|" + strings.Join(types, ",") },
		func(f *ContactFlow) bool { return len(want) == 0 || want[f.Type] }, req)
}

// updateFlow applies change to a copy of the flow and stores it.
func (s *Service) updateFlow(sc Scope, instanceID, flowID string, change func(st *instanceState, f *ContactFlow) error) error {
	return flows.update(s, sc, instanceID, flowID, change)
}

// UpdateContactFlowContent replaces the content, validating it unless the
// flow is SAVED.
func (s *Service) UpdateContactFlowContent(sc Scope, instanceID, flowID, content string) error {
	return s.updateFlow(sc, instanceID, flowID, func(_ *instanceState, f *ContactFlow) error {
		if err := checkFlowContent(f.Status, content); err != nil {
			return err
		}
		f.Content = content
		return nil
	})
}

// UpdateContactFlowName changes the name and/or description.
func (s *Service) UpdateContactFlowName(sc Scope, instanceID, flowID string, name, description *string) error {
	if name == nil && description == nil {
		return invalidParam("Either Name or Description must be provided.")
	}
	return s.UpdateContactFlowMetadata(sc, instanceID, flowID, name, description, nil)
}

// UpdateContactFlowMetadata changes the name, description and/or state
// (ACTIVE or ARCHIVED).
func (s *Service) UpdateContactFlowMetadata(sc Scope, instanceID, flowID string, name, description, state *string) error {
	return s.updateFlow(sc, instanceID, flowID, func(st *instanceState, f *ContactFlow) error {
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
func (s *Service) DeleteContactFlow(sc Scope, instanceID, flowID string) error {
	return flows.remove(s, sc, instanceID, flowID, func(_ *instanceState, f *ContactFlow) error {
		if f.Default {
			return invalidRequest("The default flow %s cannot be deleted.", f.Name)
		}
		return nil
	})
}

// interpretFlow runs flow flowID for a contact at flow start (issue 4) and
// logs the actions it skipped. in.Lookup is filled from the instance: a
// queue exists if the instance has it (an agent queue if the user exists);
// full, when not nil, says whether a queue is at capacity. A contact with no
// working queue gets BasicQueue, so the default "Basic routing flow" routes
// with no flow authoring. The flow must be PUBLISHED. The caller holds s.mu.
func (s *Service) interpretFlow(sc Scope, st *instanceState, flowID string, in flow.RunInput, full func(queueID string, agent bool) bool) (flow.RunResult, error) {
	f, err := s.flowOf(sc, st, flowID)
	if err != nil {
		return flow.RunResult{}, err
	}
	if f.Status != FlowPublished {
		return flow.RunResult{}, invalidRequest("Flow %s is not published.", f.Name)
	}
	prog, err := st.parsedFlows.parse(f.Content)
	if err != nil {
		return flow.RunResult{}, invalidRequest("Flow %s cannot run: %v", f.Name, err)
	}
	if in.QueueID == "" {
		for _, q := range st.Queues {
			if q.Name == "BasicQueue" {
				in.QueueID = q.ID
			}
		}
	}
	in.Lookup = func(ref flow.QueueRef) flow.QueueInfo {
		var id string
		var ok bool
		if ref.Agent {
			id, ok = resolveID(sc, st.ID, "agent", ref.ID)
			ok = ok && st.Users[id] != nil
		} else {
			id, ok = resolveID(sc, st.ID, "queue", ref.ID)
			ok = ok && st.Queues[id] != nil
		}
		if !ok {
			return flow.QueueInfo{}
		}
		return flow.QueueInfo{ID: id, Exists: true, AtCapacity: full != nil && full(id, ref.Agent)}
	}
	res := flow.Run(prog, in)
	for _, sk := range res.Skipped {
		s.log.Info("flow action not interpreted; took its success branch",
			"flow", f.ID, "action", sk.Identifier, "type", sk.Type)
	}
	if res.Outcome == flow.OutcomeError {
		s.log.Warn("flow run stopped", "flow", f.ID, "error", res.Error)
	}
	return res, nil
}

// flowCache keeps parsed flows by content: a contact's flow runs at every
// contact start, and parsing dominated starting a contact. Parsed flows are
// read-only (flow.Run never changes one), so one serves every run. The
// caller holds s.mu for writing.
type flowCache struct {
	byContent map[string]*flow.Flow
}

// maxCachedFlows bounds the cache; past it the cache starts over.
const maxCachedFlows = 1024

func (c *flowCache) parse(content string) (*flow.Flow, error) {
	if f, ok := c.byContent[content]; ok {
		return f, nil
	}
	f, err := flow.Parse(content)
	if err != nil {
		return nil, err
	}
	if c.byContent == nil || len(c.byContent) >= maxCachedFlows {
		c.byContent = map[string]*flow.Flow{}
	}
	c.byContent[content] = f
	return f, nil
}
