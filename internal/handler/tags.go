package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) tagRoutes(o *api.Operations) {
	o.TagResource = op0(h.TagResource)
	o.UntagResource = op0(h.UntagResource)
	o.ListTagsForResource = op(h.ListTagsForResource)
}

func (h *Handler) TagResource(_ context.Context, sc service.Scope, in *api.TagResourceRequest) error {
	return h.svc.TagResource(sc, *in.ResourceArn, in.Tags)
}

func (h *Handler) UntagResource(_ context.Context, sc service.Scope, in *api.UntagResourceRequest) error {
	return h.svc.UntagResource(sc, *in.ResourceArn, in.TagKeys)
}

func (h *Handler) ListTagsForResource(_ context.Context, sc service.Scope, in *api.ListTagsForResourceRequest) (*api.ListTagsForResourceResponse, error) {
	tags, err := h.svc.ListTagsForResource(sc, *in.ResourceArn)
	if err != nil {
		return nil, err
	}
	return &api.ListTagsForResourceResponse{Tags: tags}, nil
}
