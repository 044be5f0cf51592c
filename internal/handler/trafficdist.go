package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

// Traffic distribution groups (docs/provisioning.md#traffic-distribution-groups).
func (h *Handler) trafficDistributionRoutes(o *api.Operations) {
	o.CreateTrafficDistributionGroup = op(h.CreateTrafficDistributionGroup)
	o.DescribeTrafficDistributionGroup = op(h.DescribeTrafficDistributionGroup)
	o.DeleteTrafficDistributionGroup = op(h.DeleteTrafficDistributionGroup)
	o.ListTrafficDistributionGroups = op(h.ListTrafficDistributionGroups)
	o.AssociateTrafficDistributionGroupUser = op(h.AssociateTrafficDistributionGroupUser)
	o.DisassociateTrafficDistributionGroupUser = op(h.DisassociateTrafficDistributionGroupUser)
	o.ListTrafficDistributionGroupUsers = op(h.ListTrafficDistributionGroupUsers)
	o.GetTrafficDistribution = op(h.GetTrafficDistribution)
	o.UpdateTrafficDistribution = op(h.UpdateTrafficDistribution)
}

func (h *Handler) CreateTrafficDistributionGroup(_ context.Context, sc service.Scope, in *api.CreateTrafficDistributionGroupRequest) (*api.CreateTrafficDistributionGroupResponse, error) {
	g, err := h.svc.CreateTrafficDistributionGroup(sc, *in.InstanceId, service.TrafficDistributionGroup{Name: *in.Name,
		Description: api.Val(in.Description), Tags: in.Tags, ClientToken: api.Val(in.ClientToken)})
	if err != nil {
		return nil, err
	}
	return &api.CreateTrafficDistributionGroupResponse{Id: &g.ID, Arn: &g.ARN}, nil
}

func (h *Handler) DescribeTrafficDistributionGroup(_ context.Context, sc service.Scope, in *api.DescribeTrafficDistributionGroupRequest) (*api.DescribeTrafficDistributionGroupResponse, error) {
	g, err := h.svc.DescribeTrafficDistributionGroup(sc, *in.TrafficDistributionGroupId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeTrafficDistributionGroupResponse{TrafficDistributionGroup: &api.TrafficDistributionGroup{Id: &g.ID, Arn: &g.ARN,
		Name: &g.Name, Description: strp(g.Description), InstanceArn: &g.InstanceARN, Status: &g.Status, IsDefault: api.Ptr(false), Tags: g.Tags}}, nil
}

func (h *Handler) DeleteTrafficDistributionGroup(_ context.Context, sc service.Scope, in *api.DeleteTrafficDistributionGroupRequest) (*api.DeleteTrafficDistributionGroupResponse, error) {
	return &api.DeleteTrafficDistributionGroupResponse{}, h.svc.DeleteTrafficDistributionGroup(sc, *in.TrafficDistributionGroupId)
}

func (h *Handler) ListTrafficDistributionGroups(_ context.Context, sc service.Scope, in *api.ListTrafficDistributionGroupsRequest) (*api.ListTrafficDistributionGroupsResponse, error) {
	page, err := h.svc.ListTrafficDistributionGroups(sc, api.Val(in.InstanceId), pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListTrafficDistributionGroupsResponse{TrafficDistributionGroupSummaryList: []*api.TrafficDistributionGroupSummary{}, NextToken: nextToken(page.NextToken)}
	for _, g := range page.Items {
		out.TrafficDistributionGroupSummaryList = append(out.TrafficDistributionGroupSummaryList, &api.TrafficDistributionGroupSummary{
			Id: api.Ptr(g.ID), Arn: api.Ptr(g.ARN), Name: api.Ptr(g.Name), InstanceArn: api.Ptr(g.InstanceARN), Status: api.Ptr(g.Status), IsDefault: api.Ptr(false)})
	}
	return out, nil
}

func (h *Handler) AssociateTrafficDistributionGroupUser(_ context.Context, sc service.Scope, in *api.AssociateTrafficDistributionGroupUserRequest) (*api.AssociateTrafficDistributionGroupUserResponse, error) {
	return &api.AssociateTrafficDistributionGroupUserResponse{}, h.svc.AssociateTrafficDistributionGroupUser(sc, *in.InstanceId, *in.TrafficDistributionGroupId, *in.UserId, true)
}

func (h *Handler) DisassociateTrafficDistributionGroupUser(_ context.Context, sc service.Scope, in *api.DisassociateTrafficDistributionGroupUserRequest) (*api.DisassociateTrafficDistributionGroupUserResponse, error) {
	return &api.DisassociateTrafficDistributionGroupUserResponse{}, h.svc.AssociateTrafficDistributionGroupUser(sc, *in.InstanceId, *in.TrafficDistributionGroupId, *in.UserId, false)
}

func (h *Handler) ListTrafficDistributionGroupUsers(_ context.Context, sc service.Scope, in *api.ListTrafficDistributionGroupUsersRequest) (*api.ListTrafficDistributionGroupUsersResponse, error) {
	page, err := h.svc.TrafficDistributionGroupUsers(sc, *in.TrafficDistributionGroupId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListTrafficDistributionGroupUsersResponse{TrafficDistributionGroupUserSummaryList: []*api.TrafficDistributionGroupUserSummary{}, NextToken: nextToken(page.NextToken)}
	for _, u := range page.Items {
		out.TrafficDistributionGroupUserSummaryList = append(out.TrafficDistributionGroupUserSummaryList, &api.TrafficDistributionGroupUserSummary{UserId: api.Ptr(u)})
	}
	return out, nil
}

func sharesOut(in []service.RegionShare) []*api.Distribution {
	out := []*api.Distribution{}
	for _, d := range in {
		out = append(out, &api.Distribution{Region: api.Ptr(d.Region), Percentage: api.Ptr(d.Percentage)})
	}
	return out
}

func sharesIn(in []*api.Distribution) []service.RegionShare {
	out := []service.RegionShare{}
	for _, d := range in {
		out = append(out, service.RegionShare{Region: api.Val(d.Region), Percentage: api.Val(d.Percentage)})
	}
	return out
}

func (h *Handler) GetTrafficDistribution(_ context.Context, sc service.Scope, in *api.GetTrafficDistributionRequest) (*api.GetTrafficDistributionResponse, error) {
	g, err := h.svc.DescribeTrafficDistributionGroup(sc, *in.Id)
	if err != nil {
		return nil, err
	}
	out := &api.GetTrafficDistributionResponse{Id: &g.ID, Arn: &g.ARN, TelephonyConfig: &api.TelephonyConfig{Distributions: sharesOut(g.Telephony)},
		AgentConfig: &api.AgentConfig{Distributions: sharesOut(g.Agents)}, SignInConfig: &api.SignInConfig{Distributions: []*api.SignInDistribution{}}}
	for _, d := range g.SignIn {
		out.SignInConfig.Distributions = append(out.SignInConfig.Distributions, &api.SignInDistribution{Region: api.Ptr(d.Region), Enabled: api.Ptr(d.Enabled)})
	}
	return out, nil
}

func (h *Handler) UpdateTrafficDistribution(_ context.Context, sc service.Scope, in *api.UpdateTrafficDistributionRequest) (*api.UpdateTrafficDistributionResponse, error) {
	var u service.TrafficDistributionInput
	if in.TelephonyConfig != nil {
		u.Telephony = sharesIn(in.TelephonyConfig.Distributions)
	}
	if in.AgentConfig != nil {
		u.Agents = sharesIn(in.AgentConfig.Distributions)
	}
	if in.SignInConfig != nil {
		u.SignIn = []service.SignInShare{}
		for _, d := range in.SignInConfig.Distributions {
			u.SignIn = append(u.SignIn, service.SignInShare{Region: api.Val(d.Region), Enabled: api.Val(d.Enabled)})
		}
	}
	return &api.UpdateTrafficDistributionResponse{}, h.svc.UpdateTrafficDistribution(sc, *in.Id, u)
}
