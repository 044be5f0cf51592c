package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) phoneNumberRoutes(o *api.Operations) {
	o.SearchAvailablePhoneNumbers = op(h.SearchAvailablePhoneNumbers)
	o.ClaimPhoneNumber = op(h.ClaimPhoneNumber)
	o.ImportPhoneNumber = op(h.ImportPhoneNumber)
	o.DescribePhoneNumber = op(h.DescribePhoneNumber)
	o.UpdatePhoneNumber = op(h.UpdatePhoneNumber)
	o.UpdatePhoneNumberMetadata = op0(h.UpdatePhoneNumberMetadata)
	o.ReleasePhoneNumber = op0(h.ReleasePhoneNumber)
	o.ListPhoneNumbers = op(h.ListPhoneNumbers)
	o.ListPhoneNumbersV2 = op(h.ListPhoneNumbersV2)
	o.AssociatePhoneNumberContactFlow = op0(h.AssociatePhoneNumberContactFlow)
	o.DisassociatePhoneNumberContactFlow = op0(h.DisassociatePhoneNumberContactFlow)
	o.ListFlowAssociations = op(h.ListFlowAssociations)
}

func target(instanceID, targetARN *string) service.PhoneTarget {
	return service.PhoneTarget{InstanceID: api.Val(instanceID), TargetARN: api.Val(targetARN)}
}

func (h *Handler) SearchAvailablePhoneNumbers(_ context.Context, sc service.Scope, in *api.SearchAvailablePhoneNumbersRequest) (*api.SearchAvailablePhoneNumbersResponse, error) {
	page, err := h.svc.AvailablePhoneNumbers(sc, target(in.InstanceId, in.TargetArn), *in.PhoneNumberCountryCode, *in.PhoneNumberType,
		api.Val(in.PhoneNumberPrefix), pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.SearchAvailablePhoneNumbersResponse{AvailableNumbersList: []*api.AvailableNumberSummary{}, NextToken: nextToken(page.NextToken)}
	for _, n := range page.Items {
		out.AvailableNumbersList = append(out.AvailableNumbersList, &api.AvailableNumberSummary{
			PhoneNumber: api.Ptr(n.E164), PhoneNumberCountryCode: api.Ptr(n.Country), PhoneNumberType: api.Ptr(n.Type)})
	}
	return out, nil
}

func (h *Handler) ClaimPhoneNumber(_ context.Context, sc service.Scope, in *api.ClaimPhoneNumberRequest) (*api.ClaimPhoneNumberResponse, error) {
	p, err := h.svc.ClaimPhoneNumber(sc, service.ClaimPhoneNumberInput{Target: target(in.InstanceId, in.TargetArn), Number: *in.PhoneNumber,
		Description: api.Val(in.PhoneNumberDescription), ClientToken: api.Val(in.ClientToken), Tags: in.Tags})
	if err != nil {
		return nil, err
	}
	return &api.ClaimPhoneNumberResponse{PhoneNumberId: &p.ID, PhoneNumberArn: &p.ARN}, nil
}

func (h *Handler) ImportPhoneNumber(_ context.Context, sc service.Scope, in *api.ImportPhoneNumberRequest) (*api.ImportPhoneNumberResponse, error) {
	p, err := h.svc.ImportPhoneNumber(sc, service.ClaimPhoneNumberInput{Target: target(in.InstanceId, nil), SourceARN: *in.SourcePhoneNumberArn,
		Description: api.Val(in.PhoneNumberDescription), ClientToken: api.Val(in.ClientToken), Tags: in.Tags})
	if err != nil {
		return nil, err
	}
	return &api.ImportPhoneNumberResponse{PhoneNumberId: &p.ID, PhoneNumberArn: &p.ARN}, nil
}

func (h *Handler) DescribePhoneNumber(_ context.Context, sc service.Scope, in *api.DescribePhoneNumberRequest) (*api.DescribePhoneNumberResponse, error) {
	p, err := h.svc.DescribePhoneNumber(sc, *in.PhoneNumberId)
	if err != nil {
		return nil, err
	}
	st := p.Status(h.svc.Now())
	return &api.DescribePhoneNumberResponse{ClaimedPhoneNumberSummary: &api.ClaimedPhoneNumberSummary{
		PhoneNumberId: &p.ID, PhoneNumberArn: &p.ARN, PhoneNumber: &p.Number, PhoneNumberCountryCode: &p.Country,
		PhoneNumberType: &p.Type, PhoneNumberDescription: strp(p.Description), TargetArn: api.Ptr(p.TargetARN(sc)),
		InstanceId: &p.InstanceID, SourcePhoneNumberArn: strp(p.SourceARN), Tags: p.Tags,
		PhoneNumberStatus: &api.PhoneNumberStatus{Status: &st},
	}}, nil
}

func (h *Handler) UpdatePhoneNumber(_ context.Context, sc service.Scope, in *api.UpdatePhoneNumberRequest) (*api.UpdatePhoneNumberResponse, error) {
	p, err := h.svc.UpdatePhoneNumber(sc, *in.PhoneNumberId, target(in.InstanceId, in.TargetArn))
	if err != nil {
		return nil, err
	}
	return &api.UpdatePhoneNumberResponse{PhoneNumberId: &p.ID, PhoneNumberArn: &p.ARN}, nil
}

func (h *Handler) UpdatePhoneNumberMetadata(_ context.Context, sc service.Scope, in *api.UpdatePhoneNumberMetadataRequest) error {
	return h.svc.UpdatePhoneNumberMetadata(sc, *in.PhoneNumberId, api.Val(in.PhoneNumberDescription))
}

func (h *Handler) ReleasePhoneNumber(_ context.Context, sc service.Scope, in *api.ReleasePhoneNumberRequest) error {
	return h.svc.ReleasePhoneNumber(sc, *in.PhoneNumberId)
}

func (h *Handler) ListPhoneNumbers(_ context.Context, sc service.Scope, in *api.ListPhoneNumbersRequest) (*api.ListPhoneNumbersResponse, error) {
	page, err := h.svc.ListPhoneNumbers(sc, target(in.InstanceId, nil), service.PhoneFilter{Countries: in.PhoneNumberCountryCodes, Types: in.PhoneNumberTypes},
		pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListPhoneNumbersResponse{PhoneNumberSummaryList: []*api.PhoneNumberSummary{}, NextToken: nextToken(page.NextToken)}
	for _, p := range page.Items {
		out.PhoneNumberSummaryList = append(out.PhoneNumberSummaryList, &api.PhoneNumberSummary{Id: api.Ptr(p.ID), Arn: api.Ptr(p.ARN),
			PhoneNumber: api.Ptr(p.Number), PhoneNumberCountryCode: api.Ptr(p.Country), PhoneNumberType: api.Ptr(p.Type)})
	}
	return out, nil
}

func (h *Handler) ListPhoneNumbersV2(_ context.Context, sc service.Scope, in *api.ListPhoneNumbersV2Request) (*api.ListPhoneNumbersV2Response, error) {
	page, err := h.svc.ListPhoneNumbers(sc, target(in.InstanceId, in.TargetArn),
		service.PhoneFilter{Countries: in.PhoneNumberCountryCodes, Types: in.PhoneNumberTypes, Prefix: api.Val(in.PhoneNumberPrefix)},
		pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListPhoneNumbersV2Response{ListPhoneNumbersSummaryList: []*api.ListPhoneNumbersSummary{}, NextToken: nextToken(page.NextToken)}
	for _, p := range page.Items {
		out.ListPhoneNumbersSummaryList = append(out.ListPhoneNumbersSummaryList, &api.ListPhoneNumbersSummary{PhoneNumberId: api.Ptr(p.ID),
			PhoneNumberArn: api.Ptr(p.ARN), PhoneNumber: api.Ptr(p.Number), PhoneNumberCountryCode: api.Ptr(p.Country),
			PhoneNumberType: api.Ptr(p.Type), PhoneNumberDescription: strp(p.Description), TargetArn: api.Ptr(p.TargetARN(sc)),
			InstanceId: api.Ptr(p.InstanceID), SourcePhoneNumberArn: strp(p.SourceARN)})
	}
	return out, nil
}

func (h *Handler) AssociatePhoneNumberContactFlow(_ context.Context, sc service.Scope, in *api.AssociatePhoneNumberContactFlowRequest) error {
	return h.svc.AssociatePhoneNumberContactFlow(sc, *in.InstanceId, *in.PhoneNumberId, *in.ContactFlowId)
}

func (h *Handler) DisassociatePhoneNumberContactFlow(_ context.Context, sc service.Scope, in *api.DisassociatePhoneNumberContactFlowRequest) error {
	return h.svc.DisassociatePhoneNumberContactFlow(sc, *in.InstanceId, *in.PhoneNumberId)
}

func (h *Handler) ListFlowAssociations(_ context.Context, sc service.Scope, in *api.ListFlowAssociationsRequest) (*api.ListFlowAssociationsResponse, error) {
	page, err := h.svc.ListFlowAssociations(sc, *in.InstanceId, api.Val(in.ResourceType), pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListFlowAssociationsResponse{FlowAssociationSummaryList: []*api.FlowAssociationSummary{}, NextToken: nextToken(page.NextToken)}
	for _, a := range page.Items {
		out.FlowAssociationSummaryList = append(out.FlowAssociationSummaryList, &api.FlowAssociationSummary{
			ResourceId: api.Ptr(a.ResourceID), ResourceType: api.Ptr(a.ResourceType), FlowId: api.Ptr(a.FlowID)})
	}
	return out, nil
}
