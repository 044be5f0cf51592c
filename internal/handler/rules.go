package handler

import (
	"context"
	"encoding/json"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

func (h *Handler) ruleRoutes(o *api.Operations) {
	o.CreateRule = op(h.CreateRule)
	o.DescribeRule = op(h.DescribeRule)
	o.UpdateRule = op0(h.UpdateRule)
	o.DeleteRule = op0(h.DeleteRule)
	o.ListRules = op(h.ListRules)
}

// ruleActionsIn keeps a rule's actions as the JSON sent, and their types.
func ruleActionsIn(in []*api.RuleAction) (json.RawMessage, []string, error) {
	b, err := json.Marshal(in)
	if err != nil {
		return nil, nil, wire.InvalidParameter("Actions: %v", err)
	}
	var types []string
	for _, a := range in {
		types = append(types, api.Val(a.ActionType))
	}
	return b, types, nil
}

func (h *Handler) CreateRule(_ context.Context, sc service.Scope, in *api.CreateRuleRequest) (*api.CreateRuleResponse, error) {
	actions, types, err := ruleActionsIn(in.Actions)
	if err != nil {
		return nil, err
	}
	r, err := h.svc.CreateRule(sc, *in.InstanceId, service.Rule{Name: *in.Name, Function: *in.Function, Actions: actions, ActionTypes: types,
		PublishStatus: *in.PublishStatus, ClientToken: api.Val(in.ClientToken), EventSource: api.Val(in.TriggerEventSource.EventSourceName),
		IntegrationAssocID: api.Val(in.TriggerEventSource.IntegrationAssociationId)})
	if err != nil {
		return nil, err
	}
	return &api.CreateRuleResponse{RuleId: &r.ID, RuleArn: &r.ARN}, nil
}

func (h *Handler) DescribeRule(_ context.Context, sc service.Scope, in *api.DescribeRuleRequest) (*api.DescribeRuleResponse, error) {
	r, err := h.svc.DescribeRule(sc, *in.InstanceId, *in.RuleId)
	if err != nil {
		return nil, err
	}
	var actions []*api.RuleAction
	if err := json.Unmarshal(r.Actions, &actions); err != nil {
		return nil, err
	}
	return &api.DescribeRuleResponse{Rule: &api.Rule{RuleId: &r.ID, RuleArn: &r.ARN, Name: &r.Name, Function: &r.Function, Actions: actions,
		PublishStatus: &r.PublishStatus, Tags: r.Tags, CreatedTime: api.NewTime(r.CreatedTime), LastUpdatedTime: api.NewTime(r.UpdatedTime),
		LastUpdatedBy: strp(r.UpdatedBy), TriggerEventSource: &api.RuleTriggerEventSource{EventSourceName: &r.EventSource,
			IntegrationAssociationId: strp(r.IntegrationAssocID)}}}, nil
}

func (h *Handler) UpdateRule(_ context.Context, sc service.Scope, in *api.UpdateRuleRequest) error {
	actions, types, err := ruleActionsIn(in.Actions)
	if err != nil {
		return err
	}
	return h.svc.UpdateRule(sc, *in.InstanceId, *in.RuleId, service.Rule{Name: *in.Name, Function: *in.Function, Actions: actions,
		ActionTypes: types, PublishStatus: *in.PublishStatus})
}

func (h *Handler) DeleteRule(_ context.Context, sc service.Scope, in *api.DeleteRuleRequest) error {
	return h.svc.DeleteRule(sc, *in.InstanceId, *in.RuleId)
}

func (h *Handler) ListRules(_ context.Context, sc service.Scope, in *api.ListRulesRequest) (*api.ListRulesResponse, error) {
	page, err := h.svc.ListRules(sc, *in.InstanceId, api.Val(in.EventSourceName), api.Val(in.PublishStatus), pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListRulesResponse{RuleSummaryList: []*api.RuleSummary{}, NextToken: nextToken(page.NextToken)}
	for _, r := range page.Items {
		s := &api.RuleSummary{RuleId: api.Ptr(r.ID), RuleArn: api.Ptr(r.ARN), Name: api.Ptr(r.Name), EventSourceName: api.Ptr(r.EventSource),
			PublishStatus: api.Ptr(r.PublishStatus), CreatedTime: api.NewTime(r.CreatedTime), LastUpdatedTime: api.NewTime(r.UpdatedTime),
			ActionSummaries: []*api.ActionSummary{}}
		for _, t := range r.ActionTypes {
			s.ActionSummaries = append(s.ActionSummaries, &api.ActionSummary{ActionType: api.Ptr(t)})
		}
		out.RuleSummaryList = append(out.RuleSummaryList, s)
	}
	return out, nil
}
