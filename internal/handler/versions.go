package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

// Flow and module versions, module aliases and flow associations
// (docs/flows.md#versions-and-aliases, docs/flows.md#flow-associations).
func (h *Handler) versionRoutes(o *api.Operations) {
	o.CreateContactFlowVersion = op(h.CreateContactFlowVersion)
	o.ListContactFlowVersions = op(h.ListContactFlowVersions)
	o.DeleteContactFlowVersion = op(h.DeleteContactFlowVersion)
	o.CreateContactFlowModuleVersion = op(h.CreateContactFlowModuleVersion)
	o.ListContactFlowModuleVersions = op(h.ListContactFlowModuleVersions)
	o.DeleteContactFlowModuleVersion = op(h.DeleteContactFlowModuleVersion)
	o.CreateContactFlowModuleAlias = op(h.CreateContactFlowModuleAlias)
	o.DescribeContactFlowModuleAlias = op(h.DescribeContactFlowModuleAlias)
	o.UpdateContactFlowModuleAlias = op(h.UpdateContactFlowModuleAlias)
	o.DeleteContactFlowModuleAlias = op(h.DeleteContactFlowModuleAlias)
	o.ListContactFlowModuleAliases = op(h.ListContactFlowModuleAliases)
	o.AssociateFlow = op(h.AssociateFlow)
	o.DisassociateFlow = op(h.DisassociateFlow)
	o.GetFlowAssociation = op(h.GetFlowAssociation)
	o.BatchGetFlowAssociation = op(h.BatchGetFlowAssociation)
}

func (h *Handler) CreateContactFlowVersion(_ context.Context, sc service.Scope, in *api.CreateContactFlowVersionRequest) (*api.CreateContactFlowVersionResponse, error) {
	v, err := h.svc.CreateVersion(sc, *in.InstanceId, "flow", *in.ContactFlowId, api.Val(in.Description), api.Val(in.FlowContentSha256))
	if err != nil {
		return nil, err
	}
	return &api.CreateContactFlowVersionResponse{ContactFlowArn: &v.ARN, Version: &v.Version}, nil
}

func (h *Handler) ListContactFlowVersions(_ context.Context, sc service.Scope, in *api.ListContactFlowVersionsRequest) (*api.ListContactFlowVersionsResponse, error) {
	page, err := h.svc.ListVersions(sc, *in.InstanceId, "flow", *in.ContactFlowId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListContactFlowVersionsResponse{ContactFlowVersionSummaryList: []*api.ContactFlowVersionSummary{}, NextToken: nextToken(page.NextToken)}
	for _, v := range page.Items {
		out.ContactFlowVersionSummaryList = append(out.ContactFlowVersionSummaryList,
			&api.ContactFlowVersionSummary{Arn: api.Ptr(v.ARN), Version: api.Ptr(v.Version), VersionDescription: strp(v.Description)})
	}
	return out, nil
}

func (h *Handler) DeleteContactFlowVersion(_ context.Context, sc service.Scope, in *api.DeleteContactFlowVersionRequest) (*api.DeleteContactFlowVersionResponse, error) {
	return &api.DeleteContactFlowVersionResponse{}, h.svc.DeleteVersion(sc, *in.InstanceId, "flow", *in.ContactFlowId, *in.ContactFlowVersion)
}

func (h *Handler) CreateContactFlowModuleVersion(_ context.Context, sc service.Scope, in *api.CreateContactFlowModuleVersionRequest) (*api.CreateContactFlowModuleVersionResponse, error) {
	v, err := h.svc.CreateVersion(sc, *in.InstanceId, "module", *in.ContactFlowModuleId, api.Val(in.Description), api.Val(in.FlowModuleContentSha256))
	if err != nil {
		return nil, err
	}
	return &api.CreateContactFlowModuleVersionResponse{ContactFlowModuleArn: &v.ARN, Version: &v.Version}, nil
}

func (h *Handler) ListContactFlowModuleVersions(_ context.Context, sc service.Scope, in *api.ListContactFlowModuleVersionsRequest) (*api.ListContactFlowModuleVersionsResponse, error) {
	page, err := h.svc.ListVersions(sc, *in.InstanceId, "module", *in.ContactFlowModuleId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListContactFlowModuleVersionsResponse{ContactFlowModuleVersionSummaryList: []*api.ContactFlowModuleVersionSummary{}, NextToken: nextToken(page.NextToken)}
	for _, v := range page.Items {
		out.ContactFlowModuleVersionSummaryList = append(out.ContactFlowModuleVersionSummaryList,
			&api.ContactFlowModuleVersionSummary{Arn: api.Ptr(v.ARN), Version: api.Ptr(v.Version), VersionDescription: strp(v.Description)})
	}
	return out, nil
}

func (h *Handler) DeleteContactFlowModuleVersion(_ context.Context, sc service.Scope, in *api.DeleteContactFlowModuleVersionRequest) (*api.DeleteContactFlowModuleVersionResponse, error) {
	return &api.DeleteContactFlowModuleVersionResponse{}, h.svc.DeleteVersion(sc, *in.InstanceId, "module", *in.ContactFlowModuleId, *in.ContactFlowModuleVersion)
}

func (h *Handler) CreateContactFlowModuleAlias(_ context.Context, sc service.Scope, in *api.CreateContactFlowModuleAliasRequest) (*api.CreateContactFlowModuleAliasResponse, error) {
	a, arn, err := h.svc.CreateModuleAlias(sc, *in.InstanceId, *in.ContactFlowModuleId,
		service.AliasInput{Name: in.AliasName, Description: in.Description, Version: in.ContactFlowModuleVersion})
	if err != nil {
		return nil, err
	}
	return &api.CreateContactFlowModuleAliasResponse{Id: &a.ID, ContactFlowModuleArn: &arn}, nil
}

func (h *Handler) DescribeContactFlowModuleAlias(_ context.Context, sc service.Scope, in *api.DescribeContactFlowModuleAliasRequest) (*api.DescribeContactFlowModuleAliasResponse, error) {
	a, arn, err := h.svc.DescribeModuleAlias(sc, *in.InstanceId, *in.ContactFlowModuleId, *in.AliasId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeContactFlowModuleAliasResponse{ContactFlowModuleAlias: &api.ContactFlowModuleAliasInfo{AliasId: api.Ptr(a.ID),
		ContactFlowModuleArn: api.Ptr(arn), ContactFlowModuleId: api.Ptr(a.ModuleID), Name: api.Ptr(a.Name), Description: strp(a.Description),
		Version: api.Ptr(a.Version), LastModifiedTime: api.NewTime(a.LastModifiedTime), LastModifiedRegion: api.Ptr(a.LastModifiedRegion)}}, nil
}

func (h *Handler) UpdateContactFlowModuleAlias(_ context.Context, sc service.Scope, in *api.UpdateContactFlowModuleAliasRequest) (*api.UpdateContactFlowModuleAliasResponse, error) {
	return &api.UpdateContactFlowModuleAliasResponse{}, h.svc.UpdateModuleAlias(sc, *in.InstanceId, *in.ContactFlowModuleId, *in.AliasId,
		service.AliasInput{Name: in.Name, Description: in.Description, Version: in.ContactFlowModuleVersion})
}

func (h *Handler) DeleteContactFlowModuleAlias(_ context.Context, sc service.Scope, in *api.DeleteContactFlowModuleAliasRequest) (*api.DeleteContactFlowModuleAliasResponse, error) {
	return &api.DeleteContactFlowModuleAliasResponse{}, h.svc.DeleteModuleAlias(sc, *in.InstanceId, *in.ContactFlowModuleId, *in.AliasId)
}

func (h *Handler) ListContactFlowModuleAliases(_ context.Context, sc service.Scope, in *api.ListContactFlowModuleAliasesRequest) (*api.ListContactFlowModuleAliasesResponse, error) {
	page, arn, err := h.svc.ListModuleAliases(sc, *in.InstanceId, *in.ContactFlowModuleId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListContactFlowModuleAliasesResponse{ContactFlowModuleAliasSummaryList: []*api.ContactFlowModuleAliasSummary{}, NextToken: nextToken(page.NextToken)}
	for _, a := range page.Items {
		out.ContactFlowModuleAliasSummaryList = append(out.ContactFlowModuleAliasSummaryList, &api.ContactFlowModuleAliasSummary{
			AliasId: api.Ptr(a.ID), AliasName: api.Ptr(a.Name), AliasDescription: strp(a.Description), Arn: api.Ptr(arn),
			Version: api.Ptr(a.Version), LastModifiedTime: api.NewTime(a.LastModifiedTime)})
	}
	return out, nil
}

func (h *Handler) AssociateFlow(_ context.Context, sc service.Scope, in *api.AssociateFlowRequest) (*api.AssociateFlowResponse, error) {
	return &api.AssociateFlowResponse{}, h.svc.AssociateFlow(sc, *in.InstanceId, *in.ResourceType, *in.ResourceId, *in.FlowId)
}

func (h *Handler) DisassociateFlow(_ context.Context, sc service.Scope, in *api.DisassociateFlowRequest) (*api.DisassociateFlowResponse, error) {
	return &api.DisassociateFlowResponse{}, h.svc.DisassociateFlow(sc, *in.InstanceId, *in.ResourceType, *in.ResourceId)
}

func flowAssocOut(a service.FlowAssociation) *api.FlowAssociationSummary {
	return &api.FlowAssociationSummary{ResourceId: api.Ptr(a.ResourceID), ResourceType: api.Ptr(a.ResourceType), FlowId: api.Ptr(a.FlowID)}
}

func (h *Handler) GetFlowAssociation(_ context.Context, sc service.Scope, in *api.GetFlowAssociationRequest) (*api.GetFlowAssociationResponse, error) {
	as, err := h.svc.GetFlowAssociations(sc, *in.InstanceId, *in.ResourceType, []string{*in.ResourceId}, true)
	if err != nil {
		return nil, err
	}
	a := as[0]
	return &api.GetFlowAssociationResponse{ResourceId: api.Ptr(a.ResourceID), ResourceType: api.Ptr(a.ResourceType), FlowId: api.Ptr(a.FlowID)}, nil
}

func (h *Handler) BatchGetFlowAssociation(_ context.Context, sc service.Scope, in *api.BatchGetFlowAssociationRequest) (*api.BatchGetFlowAssociationResponse, error) {
	as, err := h.svc.GetFlowAssociations(sc, *in.InstanceId, api.Val(in.ResourceType), in.ResourceIds, false)
	if err != nil {
		return nil, err
	}
	out := &api.BatchGetFlowAssociationResponse{FlowAssociationSummaryList: []*api.FlowAssociationSummary{}}
	for _, a := range as {
		out.FlowAssociationSummaryList = append(out.FlowAssociationSummaryList, flowAssocOut(a))
	}
	return out, nil
}
