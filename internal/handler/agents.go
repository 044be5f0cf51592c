package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) agentRoutes(o *api.Operations) {
	o.PutUserStatus = op(h.PutUserStatus)
	o.GetCurrentUserData = op(h.GetCurrentUserData)
}

func (h *Handler) PutUserStatus(_ context.Context, sc service.Scope, in *api.PutUserStatusRequest) (*api.PutUserStatusResponse, error) {
	if err := h.svc.PutUserStatus(sc, *in.InstanceId, *in.UserId, *in.AgentStatusId); err != nil {
		return nil, err
	}
	return &api.PutUserStatusResponse{}, nil
}

func (h *Handler) GetCurrentUserData(_ context.Context, sc service.Scope, in *api.GetCurrentUserDataRequest) (*api.GetCurrentUserDataResponse, error) {
	f := service.CurrentUserDataFilter{}
	if in.Filters != nil {
		f.Queues, f.RoutingProfiles, f.Agents, f.HierarchyGroups = in.Filters.Queues, in.Filters.RoutingProfiles, in.Filters.Agents, in.Filters.UserHierarchyGroups
		if in.Filters.ContactFilter != nil {
			f.ContactStates = in.Filters.ContactFilter.ContactStates
		}
	}
	page, err := h.svc.CurrentUserData(sc, *in.InstanceId, f, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.GetCurrentUserDataResponse{UserDataList: []*api.UserData{}, NextToken: nextToken(page.NextToken), ApproximateTotalCount: api.Ptr(int64(page.Total))}
	for i := range page.Items {
		out.UserDataList = append(out.UserDataList, userDataOut(&page.Items[i]))
	}
	return out, nil
}

func userDataOut(v *service.AgentView) *api.UserData {
	ud := &api.UserData{User: &api.UserReference{Id: &v.User.ID, Arn: &v.User.ARN},
		MaxSlotsByChannel: v.MaxSlots, ActiveSlotsByChannel: v.ActiveSlots, AvailableSlotsByChannel: v.AvailableSlots,
		Contacts: []*api.AgentContactReference{}}
	if v.Profile != nil {
		ud.RoutingProfile = &api.RoutingProfileReference{Id: &v.Profile.ID, Arn: &v.Profile.ARN}
	}
	if v.Status != nil {
		ud.Status = &api.AgentStatusReference{StatusArn: &v.Status.ARN, StatusName: &v.Status.Name, StatusStartTimestamp: api.NewTime(v.StatusStart)}
	}
	if v.NextStatus != nil {
		ud.NextStatus = &v.NextStatus.Name
	}
	for _, cn := range v.Connections {
		ref := &api.AgentContactReference{ContactId: api.Ptr(cn.ContactID), Channel: api.Ptr(cn.Channel),
			AgentContactState: api.Ptr(cn.State), StateStartTimestamp: api.NewTime(cn.StateStart)}
		if c := v.Contacts[cn.ContactID]; c != nil {
			ref.InitiationMethod = &c.InitiationMethod
			ref.ConnectedToAgentTimestamp = api.NewTime(c.ConnectedToAgentTimestamp.Time())
			if c.QueueID != "" {
				ref.Queue = &api.QueueReference{Id: api.Ptr(c.QueueID), Arn: strp(v.QueueARNs[c.QueueID])}
			}
		}
		ud.Contacts = append(ud.Contacts, ref)
	}
	levels := []**api.HierarchyGroupSummaryReference{}
	if len(v.HierarchyPath) > 0 {
		hp := &api.HierarchyPathReference{}
		levels = append(levels, &hp.LevelOne, &hp.LevelTwo, &hp.LevelThree, &hp.LevelFour, &hp.LevelFive)
		for i, g := range v.HierarchyPath {
			if i < len(levels) {
				*levels[i] = &api.HierarchyGroupSummaryReference{Id: api.Ptr(g.ID), Arn: api.Ptr(g.ARN)}
			}
		}
		ud.HierarchyPath = hp
	}
	return ud
}
