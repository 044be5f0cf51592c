package handler

import (
	"context"
	"strconv"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) hierarchyRoutes(o *api.Operations) {
	o.UpdateUserHierarchyStructure = op0(h.UpdateUserHierarchyStructure)
	o.DescribeUserHierarchyStructure = op(h.DescribeUserHierarchyStructure)
	o.CreateUserHierarchyGroup = op(h.CreateUserHierarchyGroup)
	o.DescribeUserHierarchyGroup = op(h.DescribeUserHierarchyGroup)
	o.ListUserHierarchyGroups = op(h.ListUserHierarchyGroups)
	o.UpdateUserHierarchyGroupName = op0(h.UpdateUserHierarchyGroupName)
	o.DeleteUserHierarchyGroup = op0(h.DeleteUserHierarchyGroup)
}

func (h *Handler) UpdateUserHierarchyStructure(_ context.Context, sc service.Scope, in *api.UpdateUserHierarchyStructureRequest) error {
	hs := in.HierarchyStructure
	var names [5]*string
	for i, lv := range []*api.HierarchyLevelUpdate{hs.LevelOne, hs.LevelTwo, hs.LevelThree, hs.LevelFour, hs.LevelFive} {
		if lv != nil {
			names[i] = lv.Name
		}
	}
	return h.svc.UpdateUserHierarchyStructure(sc, *in.InstanceId, names)
}

func (h *Handler) DescribeUserHierarchyStructure(_ context.Context, sc service.Scope, in *api.DescribeUserHierarchyStructureRequest) (*api.DescribeUserHierarchyStructureResponse, error) {
	hs, err := h.svc.DescribeUserHierarchyStructure(sc, *in.InstanceId)
	if err != nil {
		return nil, err
	}
	var lv [5]*api.HierarchyLevel
	for i, l := range hs.Levels {
		if l != nil {
			lv[i] = &api.HierarchyLevel{Id: &l.ID, Arn: &l.ARN, Name: &l.Name,
				LastModifiedTime: api.NewTime(l.LastModifiedTime), LastModifiedRegion: &l.LastModifiedRegion}
		}
	}
	return &api.DescribeUserHierarchyStructureResponse{HierarchyStructure: &api.HierarchyStructure{
		LevelOne: lv[0], LevelTwo: lv[1], LevelThree: lv[2], LevelFour: lv[3], LevelFive: lv[4],
	}}, nil
}

func (h *Handler) CreateUserHierarchyGroup(_ context.Context, sc service.Scope, in *api.CreateUserHierarchyGroupRequest) (*api.CreateUserHierarchyGroupResponse, error) {
	g, err := h.svc.CreateUserHierarchyGroup(sc, *in.InstanceId, *in.Name, api.Val(in.ParentGroupId), in.Tags)
	if err != nil {
		return nil, err
	}
	return &api.CreateUserHierarchyGroupResponse{HierarchyGroupId: &g.ID, HierarchyGroupArn: &g.ARN}, nil
}

func groupSummary(g service.HierarchyGroup) *api.HierarchyGroupSummary {
	return &api.HierarchyGroupSummary{Id: api.Ptr(g.ID), Arn: api.Ptr(g.ARN), Name: api.Ptr(g.Name),
		LastModifiedTime: api.NewTime(g.LastModifiedTime), LastModifiedRegion: api.Ptr(g.LastModifiedRegion)}
}

// DescribeUserHierarchyGroup reports LevelId as the level's number, "1" to
// "5", as AWS does.
func (h *Handler) DescribeUserHierarchyGroup(_ context.Context, sc service.Scope, in *api.DescribeUserHierarchyGroupRequest) (*api.DescribeUserHierarchyGroupResponse, error) {
	g, path, err := h.svc.DescribeUserHierarchyGroup(sc, *in.InstanceId, *in.HierarchyGroupId)
	if err != nil {
		return nil, err
	}
	var lv [5]*api.HierarchyGroupSummary
	for _, p := range path {
		lv[p.Level-1] = groupSummary(p)
	}
	return &api.DescribeUserHierarchyGroupResponse{HierarchyGroup: &api.HierarchyGroup{
		Id: &g.ID, Arn: &g.ARN, Name: &g.Name, LevelId: api.Ptr(strconv.Itoa(g.Level)), Tags: g.Tags,
		LastModifiedTime: api.NewTime(g.LastModifiedTime), LastModifiedRegion: &g.LastModifiedRegion,
		HierarchyPath: &api.HierarchyPath{LevelOne: lv[0], LevelTwo: lv[1], LevelThree: lv[2], LevelFour: lv[3], LevelFive: lv[4]},
	}}, nil
}

func (h *Handler) ListUserHierarchyGroups(_ context.Context, sc service.Scope, in *api.ListUserHierarchyGroupsRequest) (*api.ListUserHierarchyGroupsResponse, error) {
	page, err := h.svc.ListUserHierarchyGroups(sc, *in.InstanceId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListUserHierarchyGroupsResponse{UserHierarchyGroupSummaryList: []*api.HierarchyGroupSummary{}, NextToken: nextToken(page.NextToken)}
	for _, g := range page.Items {
		out.UserHierarchyGroupSummaryList = append(out.UserHierarchyGroupSummaryList, groupSummary(g))
	}
	return out, nil
}

func (h *Handler) UpdateUserHierarchyGroupName(_ context.Context, sc service.Scope, in *api.UpdateUserHierarchyGroupNameRequest) error {
	return h.svc.UpdateUserHierarchyGroupName(sc, *in.InstanceId, *in.HierarchyGroupId, *in.Name)
}

func (h *Handler) DeleteUserHierarchyGroup(_ context.Context, sc service.Scope, in *api.DeleteUserHierarchyGroupRequest) error {
	return h.svc.DeleteUserHierarchyGroup(sc, *in.InstanceId, *in.HierarchyGroupId)
}
