package service

import (
	"strings"

	"github.com/connect-local/connect-local/internal/flow"
	"github.com/connect-local/connect-local/internal/flowres"
	"github.com/connect-local/connect-local/internal/instance"
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

// ContactFlowInput is what CreateContactFlow takes (internal/flowres
// owns the contact flows' operations).
type ContactFlowInput = flowres.ContactFlowInput

// flowOf finds a flow by ID or ARN, either with the :$SAVED alias. The
// caller holds s.mu.
func (s *Service) flowOf(sc Scope, st *instanceState, idOrARN string) (*ContactFlow, error) {
	return flows.of(sc, st, idOrARN)
}

// trimSavedAlias drops the ":$SAVED" alias a flow ID or ARN may carry.
func trimSavedAlias(idOrARN string) string { return strings.TrimSuffix(idOrARN, savedAlias) }

// interpretFlow runs flow flowID for a contact at flow start (issue 4) and
// logs the actions it skipped. in.Lookup is filled from the instance: a
// queue exists if the instance has it (an agent queue if the user exists);
// full, when not nil, says whether a queue is at capacity. A contact with no
// working queue gets BasicQueue, so the default "Basic routing flow" routes
// with no flow authoring. The flow must be PUBLISHED. The caller holds s.mu.
func (s *Service) interpretFlow(sc Scope, st *instanceState, flowID string, in flow.RunInput, full func(queueID string, agent bool) bool) (flow.RunResult, error) {
	content, id, err := s.runnableContent(st, flowID, false)
	if err != nil {
		return flow.RunResult{}, err
	}
	prog, err := st.parsedFlows.parse(content)
	if err != nil {
		return flow.RunResult{}, invalidRequest("Flow %s cannot run: %v", flowID, err)
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
			"flow", id, "action", sk.Identifier, "type", sk.Type)
	}
	if res.Outcome == flow.OutcomeError {
		s.log.Warn("flow run stopped", "flow", id, "error", res.Error)
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
