package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

// Integration associations, use cases, security keys and authentication
// profiles, stored only
// (docs/provisioning.md#integrations-security-keys-and-authentication-profiles).
func (h *Handler) integrationRoutes(o *api.Operations) {
	o.CreateIntegrationAssociation = op(h.CreateIntegrationAssociation)
	o.ListIntegrationAssociations = op(h.ListIntegrationAssociations)
	o.DeleteIntegrationAssociation = op0(h.DeleteIntegrationAssociation)
	o.CreateUseCase = op(h.CreateUseCase)
	o.ListUseCases = op(h.ListUseCases)
	o.DeleteUseCase = op0(h.DeleteUseCase)
	o.AssociateSecurityKey = op(h.AssociateSecurityKey)
	o.ListSecurityKeys = op(h.ListSecurityKeys)
	o.DisassociateSecurityKey = op0(h.DisassociateSecurityKey)
	o.DescribeAuthenticationProfile = op(h.DescribeAuthenticationProfile)
	o.ListAuthenticationProfiles = op(h.ListAuthenticationProfiles)
	o.UpdateAuthenticationProfile = op0(h.UpdateAuthenticationProfile)
}

func (h *Handler) CreateIntegrationAssociation(_ context.Context, sc service.Scope, in *api.CreateIntegrationAssociationRequest) (*api.CreateIntegrationAssociationResponse, error) {
	a, err := h.svc.CreateIntegrationAssociation(sc, *in.InstanceId, service.IntegrationAssociation{IntegrationARN: *in.IntegrationArn,
		Type: *in.IntegrationType, SourceName: api.Val(in.SourceApplicationName), SourceURL: api.Val(in.SourceApplicationUrl),
		SourceType: api.Val(in.SourceType), Tags: in.Tags})
	if err != nil {
		return nil, err
	}
	return &api.CreateIntegrationAssociationResponse{IntegrationAssociationId: &a.ID, IntegrationAssociationArn: &a.ARN}, nil
}

func (h *Handler) ListIntegrationAssociations(_ context.Context, sc service.Scope, in *api.ListIntegrationAssociationsRequest) (*api.ListIntegrationAssociationsResponse, error) {
	page, err := h.svc.ListIntegrationAssociations(sc, *in.InstanceId, api.Val(in.IntegrationType), api.Val(in.IntegrationArn), pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListIntegrationAssociationsResponse{IntegrationAssociationSummaryList: []*api.IntegrationAssociationSummary{}, NextToken: nextToken(page.NextToken)}
	for _, a := range page.Items {
		out.IntegrationAssociationSummaryList = append(out.IntegrationAssociationSummaryList, &api.IntegrationAssociationSummary{
			IntegrationAssociationId: api.Ptr(a.ID), IntegrationAssociationArn: api.Ptr(a.ARN), InstanceId: in.InstanceId,
			IntegrationArn: api.Ptr(a.IntegrationARN), IntegrationType: api.Ptr(a.Type), SourceApplicationName: strp(a.SourceName),
			SourceApplicationUrl: strp(a.SourceURL), SourceType: strp(a.SourceType)})
	}
	return out, nil
}

func (h *Handler) DeleteIntegrationAssociation(_ context.Context, sc service.Scope, in *api.DeleteIntegrationAssociationRequest) error {
	return h.svc.DeleteIntegrationAssociation(sc, *in.InstanceId, *in.IntegrationAssociationId)
}

func (h *Handler) CreateUseCase(_ context.Context, sc service.Scope, in *api.CreateUseCaseRequest) (*api.CreateUseCaseResponse, error) {
	u, err := h.svc.CreateUseCase(sc, *in.InstanceId, *in.IntegrationAssociationId, *in.UseCaseType, in.Tags)
	if err != nil {
		return nil, err
	}
	return &api.CreateUseCaseResponse{UseCaseId: &u.ID, UseCaseArn: &u.ARN}, nil
}

func (h *Handler) ListUseCases(_ context.Context, sc service.Scope, in *api.ListUseCasesRequest) (*api.ListUseCasesResponse, error) {
	page, err := h.svc.ListUseCases(sc, *in.InstanceId, *in.IntegrationAssociationId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListUseCasesResponse{UseCaseSummaryList: []*api.UseCase{}, NextToken: nextToken(page.NextToken)}
	for _, u := range page.Items {
		out.UseCaseSummaryList = append(out.UseCaseSummaryList, &api.UseCase{UseCaseId: api.Ptr(u.ID), UseCaseArn: api.Ptr(u.ARN), UseCaseType: api.Ptr(u.Type)})
	}
	return out, nil
}

func (h *Handler) DeleteUseCase(_ context.Context, sc service.Scope, in *api.DeleteUseCaseRequest) error {
	return h.svc.DeleteUseCase(sc, *in.InstanceId, *in.IntegrationAssociationId, *in.UseCaseId)
}

func (h *Handler) AssociateSecurityKey(_ context.Context, sc service.Scope, in *api.AssociateSecurityKeyRequest) (*api.AssociateSecurityKeyResponse, error) {
	k, err := h.svc.AssociateSecurityKey(sc, *in.InstanceId, *in.Key, api.Val(in.ClientToken))
	if err != nil {
		return nil, err
	}
	return &api.AssociateSecurityKeyResponse{AssociationId: &k.ID}, nil
}

func (h *Handler) ListSecurityKeys(_ context.Context, sc service.Scope, in *api.ListSecurityKeysRequest) (*api.ListSecurityKeysResponse, error) {
	page, err := h.svc.ListSecurityKeys(sc, *in.InstanceId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListSecurityKeysResponse{SecurityKeys: []*api.SecurityKey{}, NextToken: nextToken(page.NextToken)}
	for _, k := range page.Items {
		out.SecurityKeys = append(out.SecurityKeys, &api.SecurityKey{AssociationId: api.Ptr(k.ID), Key: api.Ptr(k.Key), CreationTime: api.NewTime(k.Created)})
	}
	return out, nil
}

func (h *Handler) DisassociateSecurityKey(_ context.Context, sc service.Scope, in *api.DisassociateSecurityKeyRequest) error {
	return h.svc.DisassociateSecurityKey(sc, *in.InstanceId, *in.AssociationId)
}

func (h *Handler) DescribeAuthenticationProfile(_ context.Context, sc service.Scope, in *api.DescribeAuthenticationProfileRequest) (*api.DescribeAuthenticationProfileResponse, error) {
	p, err := h.svc.DescribeAuthenticationProfile(sc, *in.InstanceId, *in.AuthenticationProfileId)
	if err != nil {
		return nil, err
	}
	out := &api.AuthenticationProfile{Id: &p.ID, Arn: &p.ARN, Name: &p.Name, Description: strp(p.Description), IsDefault: &p.IsDefault,
		AllowedIps: p.AllowedIPs, BlockedIps: p.BlockedIPs, PeriodicSessionDuration: &p.PeriodicSession, MaxSessionDuration: &p.MaxSession,
		SessionInactivityHandlingEnabled: &p.InactivityHandling, CreatedTime: api.NewTime(p.Created),
		LastModifiedTime: api.NewTime(p.LastModifiedTime), LastModifiedRegion: strp(p.LastModifiedRegion)}
	if p.InactivitySession != 0 {
		out.SessionInactivityDuration = &p.InactivitySession
	}
	return &api.DescribeAuthenticationProfileResponse{AuthenticationProfile: out}, nil
}

func (h *Handler) ListAuthenticationProfiles(_ context.Context, sc service.Scope, in *api.ListAuthenticationProfilesRequest) (*api.ListAuthenticationProfilesResponse, error) {
	page, err := h.svc.ListAuthenticationProfiles(sc, *in.InstanceId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListAuthenticationProfilesResponse{AuthenticationProfileSummaryList: []*api.AuthenticationProfileSummary{}, NextToken: nextToken(page.NextToken)}
	for _, p := range page.Items {
		out.AuthenticationProfileSummaryList = append(out.AuthenticationProfileSummaryList, &api.AuthenticationProfileSummary{Id: api.Ptr(p.ID),
			Arn: api.Ptr(p.ARN), Name: api.Ptr(p.Name), IsDefault: api.Ptr(p.IsDefault), LastModifiedTime: api.NewTime(p.LastModifiedTime),
			LastModifiedRegion: strp(p.LastModifiedRegion)})
	}
	return out, nil
}

func (h *Handler) UpdateAuthenticationProfile(_ context.Context, sc service.Scope, in *api.UpdateAuthenticationProfileRequest) error {
	return h.svc.UpdateAuthenticationProfile(sc, *in.InstanceId, *in.AuthenticationProfileId, service.AuthProfileInput{Name: in.Name,
		Description: in.Description, AllowedIPs: in.AllowedIps, BlockedIPs: in.BlockedIps, PeriodicSession: in.PeriodicSessionDuration,
		Inactivity: in.SessionInactivityDuration, InactivityHandling: in.SessionInactivityHandlingEnabled})
}
