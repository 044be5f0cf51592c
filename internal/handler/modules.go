package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/resourcesearch"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) moduleRoutes(o *api.Operations) {
	o.CreateContactFlowModule = op(h.CreateContactFlowModule)
	o.DescribeContactFlowModule = op(h.DescribeContactFlowModule)
	o.ListContactFlowModules = op(h.ListContactFlowModules)
	o.UpdateContactFlowModuleContent = op(h.UpdateContactFlowModuleContent)
	o.UpdateContactFlowModuleMetadata = op(h.UpdateContactFlowModuleMetadata)
	o.DeleteContactFlowModule = op(h.DeleteContactFlowModule)
	o.SearchContactFlowModules = op(h.SearchContactFlowModules)
}

func moduleOut(m *service.FlowModule) *api.ContactFlowModule {
	return &api.ContactFlowModule{Id: api.Ptr(m.ID), Arn: api.Ptr(m.ARN), Name: api.Ptr(m.Name), Description: strp(m.Description),
		Content: api.Ptr(m.Content), Settings: strp(m.Settings), State: api.Ptr(m.State), Status: api.Ptr(m.Status),
		Tags: m.Tags, FlowModuleContentSha256: api.Ptr(m.ContentSHA256())}
}

func (h *Handler) CreateContactFlowModule(_ context.Context, sc service.Scope, in *api.CreateContactFlowModuleRequest) (*api.CreateContactFlowModuleResponse, error) {
	m, err := h.svc.CreateContactFlowModule(sc, *in.InstanceId, *in.Name, api.Val(in.Description), *in.Content, api.Val(in.Settings), in.Tags)
	if err != nil {
		return nil, err
	}
	return &api.CreateContactFlowModuleResponse{Id: &m.ID, Arn: &m.ARN}, nil
}

func (h *Handler) DescribeContactFlowModule(_ context.Context, sc service.Scope, in *api.DescribeContactFlowModuleRequest) (*api.DescribeContactFlowModuleResponse, error) {
	m, err := h.svc.DescribeContactFlowModule(sc, *in.InstanceId, *in.ContactFlowModuleId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeContactFlowModuleResponse{ContactFlowModule: moduleOut(m)}, nil
}

func (h *Handler) ListContactFlowModules(_ context.Context, sc service.Scope, in *api.ListContactFlowModulesRequest) (*api.ListContactFlowModulesResponse, error) {
	page, err := h.svc.ListContactFlowModules(sc, *in.InstanceId, api.Val(in.ContactFlowModuleState), pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListContactFlowModulesResponse{ContactFlowModulesSummaryList: []*api.ContactFlowModuleSummary{}, NextToken: nextToken(page.NextToken)}
	for _, m := range page.Items {
		out.ContactFlowModulesSummaryList = append(out.ContactFlowModulesSummaryList,
			&api.ContactFlowModuleSummary{Id: api.Ptr(m.ID), Arn: api.Ptr(m.ARN), Name: api.Ptr(m.Name), State: api.Ptr(m.State)})
	}
	return out, nil
}

func (h *Handler) UpdateContactFlowModuleContent(_ context.Context, sc service.Scope, in *api.UpdateContactFlowModuleContentRequest) (*api.UpdateContactFlowModuleContentResponse, error) {
	if err := h.svc.UpdateContactFlowModuleContent(sc, *in.InstanceId, *in.ContactFlowModuleId, in.Content, in.Settings); err != nil {
		return nil, err
	}
	return &api.UpdateContactFlowModuleContentResponse{}, nil
}

func (h *Handler) UpdateContactFlowModuleMetadata(_ context.Context, sc service.Scope, in *api.UpdateContactFlowModuleMetadataRequest) (*api.UpdateContactFlowModuleMetadataResponse, error) {
	if err := h.svc.UpdateContactFlowModuleMetadata(sc, *in.InstanceId, *in.ContactFlowModuleId, in.Name, in.Description, in.State); err != nil {
		return nil, err
	}
	return &api.UpdateContactFlowModuleMetadataResponse{}, nil
}

func (h *Handler) DeleteContactFlowModule(_ context.Context, sc service.Scope, in *api.DeleteContactFlowModuleRequest) (*api.DeleteContactFlowModuleResponse, error) {
	if err := h.svc.DeleteContactFlowModule(sc, *in.InstanceId, *in.ContactFlowModuleId); err != nil {
		return nil, err
	}
	return &api.DeleteContactFlowModuleResponse{}, nil
}

func (h *Handler) SearchContactFlowModules(_ context.Context, sc service.Scope, in *api.SearchContactFlowModulesRequest) (*api.SearchContactFlowModulesResponse, error) {
	c := criteria(in.SearchCriteria, func(c *api.ContactFlowModuleSearchCriteria) node[api.ContactFlowModuleSearchCriteria] {
		eq := append(equals("state", c.StateCondition), equals("status", c.StatusCondition)...)
		return node[api.ContactFlowModuleSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition, eq: eq}
	})
	var f resourcesearch.TagFilter
	if in.SearchFilter != nil {
		f = tagFilter(in.SearchFilter.TagFilter)
	}
	q, req, err := compile(service.SchemaModules, c, f, in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchModulesIn(sc, *in.InstanceId, q, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchContactFlowModulesResponse{ContactFlowModules: []*api.ContactFlowModule{}, ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for i := range page.Items {
		out.ContactFlowModules = append(out.ContactFlowModules, moduleOut(&page.Items[i]))
	}
	return out, nil
}
