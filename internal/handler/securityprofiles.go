package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) securityProfileRoutes(o *api.Operations) {
	o.CreateSecurityProfile = op(h.CreateSecurityProfile)
	o.UpdateSecurityProfile = op0(h.UpdateSecurityProfile)
	o.DeleteSecurityProfile = op0(h.DeleteSecurityProfile)
	o.DescribeSecurityProfile = op(h.DescribeSecurityProfile)
	o.ListSecurityProfiles = op(h.ListSecurityProfiles)
	o.ListSecurityProfilePermissions = op(h.ListSecurityProfilePermissions)
	o.ListSecurityProfileApplications = op(h.ListSecurityProfileApplications)
}

func applicationsIn(in []*api.Application) []service.Application {
	if in == nil {
		return nil
	}
	out := make([]service.Application, 0, len(in))
	for _, a := range in {
		out = append(out, service.Application{Namespace: api.Val(a.Namespace), Permissions: a.ApplicationPermissions, Type: api.Val(a.Type_)})
	}
	return out
}

func applicationsOut(in []service.Application) []*api.Application {
	out := make([]*api.Application, 0, len(in))
	for _, a := range in {
		out = append(out, &api.Application{Namespace: api.Ptr(a.Namespace), ApplicationPermissions: a.Permissions, Type_: strp(a.Type)})
	}
	return out
}

func (h *Handler) CreateSecurityProfile(_ context.Context, sc service.Scope, in *api.CreateSecurityProfileRequest) (*api.CreateSecurityProfileResponse, error) {
	p, err := h.svc.CreateSecurityProfile(sc, *in.InstanceId, service.SecurityProfileInput{Name: *in.SecurityProfileName,
		Description: in.Description, Permissions: in.Permissions, AllowedAccessControlTags: in.AllowedAccessControlTags,
		TagRestrictedResources: in.TagRestrictedResources, HierarchyRestrictedResources: in.HierarchyRestrictedResources,
		AllowedHierarchyGroupID: in.AllowedAccessControlHierarchyGroupId, Applications: applicationsIn(in.Applications), Tags: in.Tags})
	if err != nil {
		return nil, err
	}
	return &api.CreateSecurityProfileResponse{SecurityProfileId: &p.ID, SecurityProfileArn: &p.ARN}, nil
}

func (h *Handler) UpdateSecurityProfile(_ context.Context, sc service.Scope, in *api.UpdateSecurityProfileRequest) error {
	return h.svc.UpdateSecurityProfile(sc, *in.InstanceId, *in.SecurityProfileId, service.SecurityProfileInput{
		Description: in.Description, Permissions: in.Permissions, AllowedAccessControlTags: in.AllowedAccessControlTags,
		TagRestrictedResources: in.TagRestrictedResources, HierarchyRestrictedResources: in.HierarchyRestrictedResources,
		AllowedHierarchyGroupID: in.AllowedAccessControlHierarchyGroupId, Applications: applicationsIn(in.Applications)})
}

func (h *Handler) DeleteSecurityProfile(_ context.Context, sc service.Scope, in *api.DeleteSecurityProfileRequest) error {
	return h.svc.DeleteSecurityProfile(sc, *in.InstanceId, *in.SecurityProfileId)
}

func (h *Handler) DescribeSecurityProfile(_ context.Context, sc service.Scope, in *api.DescribeSecurityProfileRequest) (*api.DescribeSecurityProfileResponse, error) {
	p, org, err := h.svc.DescribeSecurityProfile(sc, *in.InstanceId, *in.SecurityProfileId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeSecurityProfileResponse{SecurityProfile: &api.SecurityProfile{
		Id: &p.ID, Arn: &p.ARN, SecurityProfileName: &p.Name, Description: strp(p.Description),
		OrganizationResourceId: &org, Tags: p.Tags, AllowedAccessControlTags: p.AllowedAccessControlTags,
		TagRestrictedResources: p.TagRestrictedResources, HierarchyRestrictedResources: p.HierarchyRestrictedResources,
		AllowedAccessControlHierarchyGroupId: strp(p.AllowedHierarchyGroupID),
		LastModifiedTime:                     api.NewTime(p.LastModifiedTime), LastModifiedRegion: &p.LastModifiedRegion,
	}}, nil
}

func (h *Handler) ListSecurityProfiles(_ context.Context, sc service.Scope, in *api.ListSecurityProfilesRequest) (*api.ListSecurityProfilesResponse, error) {
	page, err := h.svc.ListSecurityProfiles(sc, *in.InstanceId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListSecurityProfilesResponse{SecurityProfileSummaryList: []*api.SecurityProfileSummary{}, NextToken: nextToken(page.NextToken)}
	for _, p := range page.Items {
		out.SecurityProfileSummaryList = append(out.SecurityProfileSummaryList, &api.SecurityProfileSummary{
			Id: api.Ptr(p.ID), Arn: api.Ptr(p.ARN), Name: api.Ptr(p.Name),
			LastModifiedTime: api.NewTime(p.LastModifiedTime), LastModifiedRegion: api.Ptr(p.LastModifiedRegion),
		})
	}
	return out, nil
}

func (h *Handler) ListSecurityProfilePermissions(_ context.Context, sc service.Scope, in *api.ListSecurityProfilePermissionsRequest) (*api.ListSecurityProfilePermissionsResponse, error) {
	page, p, err := h.svc.ListSecurityProfilePermissions(sc, *in.InstanceId, *in.SecurityProfileId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	return &api.ListSecurityProfilePermissionsResponse{Permissions: append([]string{}, page.Items...), NextToken: nextToken(page.NextToken),
		LastModifiedTime: api.NewTime(p.LastModifiedTime), LastModifiedRegion: api.Ptr(p.LastModifiedRegion)}, nil
}

func (h *Handler) ListSecurityProfileApplications(_ context.Context, sc service.Scope, in *api.ListSecurityProfileApplicationsRequest) (*api.ListSecurityProfileApplicationsResponse, error) {
	page, p, err := h.svc.ListSecurityProfileApplications(sc, *in.InstanceId, *in.SecurityProfileId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	return &api.ListSecurityProfileApplicationsResponse{Applications: applicationsOut(page.Items), NextToken: nextToken(page.NextToken),
		LastModifiedTime: api.NewTime(p.LastModifiedTime), LastModifiedRegion: api.Ptr(p.LastModifiedRegion)}, nil
}
