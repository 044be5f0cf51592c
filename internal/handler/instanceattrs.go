package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) instanceAttributeRoutes(o *api.Operations) {
	o.DescribeInstanceAttribute = op(h.DescribeInstanceAttribute)
	o.ListInstanceAttributes = op(h.ListInstanceAttributes)
	o.UpdateInstanceAttribute = op0(h.UpdateInstanceAttribute)
	o.AssociateApprovedOrigin = op0(h.AssociateApprovedOrigin)
	o.DisassociateApprovedOrigin = op0(h.DisassociateApprovedOrigin)
	o.ListApprovedOrigins = op(h.ListApprovedOrigins)
}

func (h *Handler) DescribeInstanceAttribute(_ context.Context, sc service.Scope, in *api.DescribeInstanceAttributeRequest) (*api.DescribeInstanceAttributeResponse, error) {
	v, err := h.svc.DescribeInstanceAttribute(sc, *in.InstanceId, *in.AttributeType)
	if err != nil {
		return nil, err
	}
	return &api.DescribeInstanceAttributeResponse{Attribute: &api.Attribute{AttributeType: in.AttributeType, Value: &v}}, nil
}

func (h *Handler) ListInstanceAttributes(_ context.Context, sc service.Scope, in *api.ListInstanceAttributesRequest) (*api.ListInstanceAttributesResponse, error) {
	page, err := h.svc.ListInstanceAttributes(sc, *in.InstanceId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListInstanceAttributesResponse{Attributes: []*api.Attribute{}, NextToken: nextToken(page.NextToken)}
	for _, a := range page.Items {
		out.Attributes = append(out.Attributes, &api.Attribute{AttributeType: api.Ptr(a[0]), Value: api.Ptr(a[1])})
	}
	return out, nil
}

func (h *Handler) UpdateInstanceAttribute(_ context.Context, sc service.Scope, in *api.UpdateInstanceAttributeRequest) error {
	return h.svc.UpdateInstanceAttribute(sc, *in.InstanceId, *in.AttributeType, *in.Value)
}

func (h *Handler) AssociateApprovedOrigin(_ context.Context, sc service.Scope, in *api.AssociateApprovedOriginRequest) error {
	return h.svc.AssociateApprovedOrigin(sc, *in.InstanceId, *in.Origin)
}

func (h *Handler) DisassociateApprovedOrigin(_ context.Context, sc service.Scope, in *api.DisassociateApprovedOriginRequest) error {
	return h.svc.DisassociateApprovedOrigin(sc, *in.InstanceId, *in.Origin)
}

func (h *Handler) ListApprovedOrigins(_ context.Context, sc service.Scope, in *api.ListApprovedOriginsRequest) (*api.ListApprovedOriginsResponse, error) {
	page, err := h.svc.ListApprovedOrigins(sc, *in.InstanceId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	return &api.ListApprovedOriginsResponse{Origins: append([]string{}, page.Items...), NextToken: nextToken(page.NextToken)}, nil
}
