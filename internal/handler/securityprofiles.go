package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) securityProfileRoutes(o *api.Operations) {
	o.DescribeSecurityProfile = op(h.DescribeSecurityProfile)
	o.ListSecurityProfiles = op(h.ListSecurityProfiles)
}

func (h *Handler) DescribeSecurityProfile(_ context.Context, sc service.Scope, in *api.DescribeSecurityProfileRequest) (*api.DescribeSecurityProfileResponse, error) {
	p, org, err := h.svc.DescribeSecurityProfile(sc, *in.InstanceId, *in.SecurityProfileId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeSecurityProfileResponse{SecurityProfile: &api.SecurityProfile{
		Id: &p.ID, Arn: &p.ARN, SecurityProfileName: &p.Name, Description: strp(p.Description),
		OrganizationResourceId: &org, Tags: p.Tags,
		LastModifiedTime: api.NewTime(p.LastModifiedTime), LastModifiedRegion: &p.LastModifiedRegion,
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
