package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) instanceRoutes(o *api.Operations) {
	o.CreateInstance = op(h.CreateInstance)
	o.DescribeInstance = op(h.DescribeInstance)
	o.ListInstances = op(h.ListInstances)
	o.DeleteInstance = op0(h.DeleteInstance)
}

func (h *Handler) CreateInstance(_ context.Context, sc service.Scope, in *api.CreateInstanceRequest) (*api.CreateInstanceResponse, error) {
	inst, err := h.svc.CreateInstance(sc, service.CreateInstanceInput{
		IdentityManagementType: api.Val(in.IdentityManagementType),
		Alias:                  api.Val(in.InstanceAlias),
		DirectoryID:            api.Val(in.DirectoryId),
		InboundCallsEnabled:    api.Val(in.InboundCallsEnabled),
		OutboundCallsEnabled:   api.Val(in.OutboundCallsEnabled),
		Tags:                   in.Tags,
	})
	if err != nil {
		return nil, err
	}
	return &api.CreateInstanceResponse{Id: &inst.ID, Arn: &inst.ARN}, nil
}

func (h *Handler) DescribeInstance(_ context.Context, sc service.Scope, in *api.DescribeInstanceRequest) (*api.DescribeInstanceResponse, error) {
	inst, err := h.svc.DescribeInstance(sc, *in.InstanceId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeInstanceResponse{Instance: instanceOut(inst)}, nil
}

func instanceOut(i *service.Instance) *api.Instance {
	out := &api.Instance{
		Id: &i.ID, Arn: &i.ARN, IdentityManagementType: &i.IdentityManagementType,
		InstanceAlias: strp(i.Alias), CreatedTime: api.NewTime(i.CreatedTime), ServiceRole: &i.ServiceRole,
		InstanceStatus: &i.Status, InboundCallsEnabled: api.Ptr(i.InboundCallsEnabled),
		OutboundCallsEnabled: api.Ptr(i.OutboundCallsEnabled), Tags: i.Tags,
	}
	if i.Alias != "" {
		out.InstanceAccessUrl = api.Ptr("https://" + i.Alias + ".my.connect.aws")
	}
	return out
}

func (h *Handler) ListInstances(_ context.Context, sc service.Scope, in *api.ListInstancesRequest) (*api.ListInstancesResponse, error) {
	page, err := h.svc.ListInstances(sc, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListInstancesResponse{InstanceSummaryList: []*api.InstanceSummary{}, NextToken: nextToken(page.NextToken)}
	for _, i := range page.Items {
		d := instanceOut(&i)
		out.InstanceSummaryList = append(out.InstanceSummaryList, &api.InstanceSummary{
			Id: d.Id, Arn: d.Arn, IdentityManagementType: d.IdentityManagementType, InstanceAlias: d.InstanceAlias,
			CreatedTime: d.CreatedTime, ServiceRole: d.ServiceRole, InstanceStatus: d.InstanceStatus,
			InboundCallsEnabled: d.InboundCallsEnabled, OutboundCallsEnabled: d.OutboundCallsEnabled,
			InstanceAccessUrl: d.InstanceAccessUrl,
		})
	}
	return out, nil
}

func (h *Handler) DeleteInstance(_ context.Context, sc service.Scope, in *api.DeleteInstanceRequest) error {
	return h.svc.DeleteInstance(sc, *in.InstanceId)
}
