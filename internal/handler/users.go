package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) userRoutes(o *api.Operations) {
	o.CreateUser = op(h.CreateUser)
	o.DescribeUser = op(h.DescribeUser)
	o.ListUsers = op(h.ListUsers)
	o.DeleteUser = op0(h.DeleteUser)
	o.UpdateUserRoutingProfile = op0(h.UpdateUserRoutingProfile)
	o.UpdateUserPhoneConfig = op0(h.UpdateUserPhoneConfig)
	o.UpdateUserHierarchy = op0(h.UpdateUserHierarchy)
	o.UpdateUserIdentityInfo = op0(h.UpdateUserIdentityInfo)
	o.UpdateUserSecurityProfiles = op0(h.UpdateUserSecurityProfiles)
	o.UpdateUserConfig = op0(h.UpdateUserConfig)
}

func identityIn(ii *api.UserIdentityInfo) service.IdentityInfoInput {
	if ii == nil {
		return service.IdentityInfoInput{}
	}
	return service.IdentityInfoInput{FirstName: ii.FirstName, LastName: ii.LastName, Email: ii.Email,
		SecondaryEmail: ii.SecondaryEmail, Mobile: ii.Mobile}
}

func phoneIn(pc *api.UserPhoneConfig) service.PhoneConfigInput {
	if pc == nil {
		return service.PhoneConfigInput{}
	}
	return service.PhoneConfigInput{PhoneType: pc.PhoneType, AutoAccept: pc.AutoAccept,
		AfterContactWorkTimeLimit: pc.AfterContactWorkTimeLimit, DeskPhoneNumber: pc.DeskPhoneNumber,
		PersistentConnection: pc.PersistentConnection}
}

// CreateUser ignores Password: connect-local signs no one in and never
// stores one.
func (h *Handler) CreateUser(_ context.Context, sc service.Scope, in *api.CreateUserRequest) (*api.CreateUserResponse, error) {
	u, err := h.svc.CreateUser(sc, *in.InstanceId, service.UserInput{
		Username: *in.Username, IdentityInfo: identityIn(in.IdentityInfo), PhoneConfig: phoneIn(in.PhoneConfig),
		DirectoryUserID: api.Val(in.DirectoryUserId), SecurityProfileIDs: in.SecurityProfileIds,
		RoutingProfileID: *in.RoutingProfileId, HierarchyGroupID: api.Val(in.HierarchyGroupId), Tags: in.Tags,
	})
	if err != nil {
		return nil, err
	}
	return &api.CreateUserResponse{UserId: &u.ID, UserArn: &u.ARN}, nil
}

func (h *Handler) DescribeUser(_ context.Context, sc service.Scope, in *api.DescribeUserRequest) (*api.DescribeUserResponse, error) {
	u, err := h.svc.DescribeUser(sc, *in.InstanceId, *in.UserId)
	if err != nil {
		return nil, err
	}
	ii, pc := u.IdentityInfo, u.PhoneConfig
	out := &api.User{
		Id: &u.ID, Arn: &u.ARN, Username: &u.Username, DirectoryUserId: strp(u.DirectoryUserID),
		HierarchyGroupId: strp(u.HierarchyGroupID), RoutingProfileId: &u.RoutingProfileID,
		SecurityProfileIds: u.SecurityProfileIDs, Tags: u.Tags,
		IdentityInfo: &api.UserIdentityInfo{FirstName: strp(ii.FirstName), LastName: strp(ii.LastName),
			Email: strp(ii.Email), SecondaryEmail: strp(ii.SecondaryEmail), Mobile: strp(ii.Mobile)},
		PhoneConfig: &api.UserPhoneConfig{PhoneType: strp(pc.PhoneType), AutoAccept: &pc.AutoAccept,
			AfterContactWorkTimeLimit: &pc.AfterContactWorkTimeLimit, DeskPhoneNumber: strp(pc.DeskPhoneNumber),
			PersistentConnection: pc.PersistentConnection},
		LastModifiedTime: api.NewTime(u.LastModifiedTime), LastModifiedRegion: &u.LastModifiedRegion,
	}
	userConfigsOut(u, out)
	return &api.DescribeUserResponse{User: out}, nil
}

func (h *Handler) ListUsers(_ context.Context, sc service.Scope, in *api.ListUsersRequest) (*api.ListUsersResponse, error) {
	page, err := h.svc.ListUsers(sc, *in.InstanceId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListUsersResponse{UserSummaryList: []*api.UserSummary{}, NextToken: nextToken(page.NextToken)}
	for _, u := range page.Items {
		out.UserSummaryList = append(out.UserSummaryList, &api.UserSummary{
			Id: api.Ptr(u.ID), Arn: api.Ptr(u.ARN), Username: api.Ptr(u.Username),
			LastModifiedTime: api.NewTime(u.LastModifiedTime), LastModifiedRegion: api.Ptr(u.LastModifiedRegion),
		})
	}
	return out, nil
}

func (h *Handler) DeleteUser(_ context.Context, sc service.Scope, in *api.DeleteUserRequest) error {
	return h.svc.DeleteUser(sc, *in.InstanceId, *in.UserId)
}

func (h *Handler) UpdateUserRoutingProfile(_ context.Context, sc service.Scope, in *api.UpdateUserRoutingProfileRequest) error {
	return h.svc.UpdateUserRoutingProfile(sc, *in.InstanceId, *in.UserId, *in.RoutingProfileId)
}

func (h *Handler) UpdateUserPhoneConfig(_ context.Context, sc service.Scope, in *api.UpdateUserPhoneConfigRequest) error {
	return h.svc.UpdateUserPhoneConfig(sc, *in.InstanceId, *in.UserId, phoneIn(in.PhoneConfig))
}

// UpdateUserHierarchy without a HierarchyGroupId takes the user out of its
// group.
func (h *Handler) UpdateUserHierarchy(_ context.Context, sc service.Scope, in *api.UpdateUserHierarchyRequest) error {
	return h.svc.UpdateUserHierarchy(sc, *in.InstanceId, *in.UserId, api.Val(in.HierarchyGroupId))
}

func (h *Handler) UpdateUserIdentityInfo(_ context.Context, sc service.Scope, in *api.UpdateUserIdentityInfoRequest) error {
	return h.svc.UpdateUserIdentityInfo(sc, *in.InstanceId, *in.UserId, identityIn(in.IdentityInfo))
}

func (h *Handler) UpdateUserSecurityProfiles(_ context.Context, sc service.Scope, in *api.UpdateUserSecurityProfilesRequest) error {
	return h.svc.UpdateUserSecurityProfiles(sc, *in.InstanceId, *in.UserId, in.SecurityProfileIds)
}
