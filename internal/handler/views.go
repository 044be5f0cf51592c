package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) viewRoutes(o *api.Operations) {
	o.CreateView = op(h.CreateView)
	o.DescribeView = op(h.DescribeView)
	o.UpdateViewContent = op(h.UpdateViewContent)
	o.UpdateViewMetadata = op(h.UpdateViewMetadata)
	o.DeleteView = op(h.DeleteView)
	o.ListViews = op(h.ListViews)
	o.CreateViewVersion = op(h.CreateViewVersion)
	o.ListViewVersions = op(h.ListViewVersions)
	o.DeleteViewVersion = op(h.DeleteViewVersion)
	o.SearchViews = op(h.SearchViews)
}

func viewContentIn(c *api.ViewInputContent) service.ViewContent {
	return service.ViewContent{Template: api.Val(c.Template), Actions: c.Actions}
}

func viewOut(v *service.ViewSnapshot) *api.View {
	out := &api.View{Id: api.Ptr(v.ID), Arn: api.Ptr(v.ARN), Name: api.Ptr(v.Name), Description: strp(v.Description),
		Status: api.Ptr(v.Status), Type_: api.Ptr("CUSTOMER_MANAGED"), Tags: v.Tags, ViewContentSha256: api.Ptr(v.Content.Sha256()),
		Content:     &api.ViewContent{Template: api.Ptr(v.Content.Template), Actions: v.Content.Actions, InputSchema: api.Ptr("{}")},
		CreatedTime: api.NewTime(v.CreatedTime), LastModifiedTime: api.NewTime(v.Modified)}
	if v.Version > 0 {
		out.Version, out.VersionDescription = api.Ptr(v.Version), strp(v.VersionDescription)
	}
	return out
}

func (h *Handler) CreateView(_ context.Context, sc service.Scope, in *api.CreateViewRequest) (*api.CreateViewResponse, error) {
	v, err := h.svc.CreateView(sc, *in.InstanceId, service.View{Name: *in.Name, Description: api.Val(in.Description), Status: *in.Status,
		Content: viewContentIn(in.Content), ClientToken: api.Val(in.ClientToken), Tags: in.Tags})
	if err != nil {
		return nil, err
	}
	return &api.CreateViewResponse{View: viewOut(v)}, nil
}

func (h *Handler) DescribeView(_ context.Context, sc service.Scope, in *api.DescribeViewRequest) (*api.DescribeViewResponse, error) {
	v, err := h.svc.DescribeView(sc, *in.InstanceId, *in.ViewId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeViewResponse{View: viewOut(v)}, nil
}

func (h *Handler) UpdateViewContent(_ context.Context, sc service.Scope, in *api.UpdateViewContentRequest) (*api.UpdateViewContentResponse, error) {
	v, err := h.svc.UpdateViewContent(sc, *in.InstanceId, *in.ViewId, *in.Status, viewContentIn(in.Content))
	if err != nil {
		return nil, err
	}
	return &api.UpdateViewContentResponse{View: viewOut(v)}, nil
}

func (h *Handler) UpdateViewMetadata(_ context.Context, sc service.Scope, in *api.UpdateViewMetadataRequest) (*api.UpdateViewMetadataResponse, error) {
	if err := h.svc.UpdateViewMetadata(sc, *in.InstanceId, *in.ViewId, in.Name, in.Description); err != nil {
		return nil, err
	}
	return &api.UpdateViewMetadataResponse{}, nil
}

func (h *Handler) DeleteView(_ context.Context, sc service.Scope, in *api.DeleteViewRequest) (*api.DeleteViewResponse, error) {
	if err := h.svc.DeleteView(sc, *in.InstanceId, *in.ViewId); err != nil {
		return nil, err
	}
	return &api.DeleteViewResponse{}, nil
}

func (h *Handler) ListViews(_ context.Context, sc service.Scope, in *api.ListViewsRequest) (*api.ListViewsResponse, error) {
	page, err := h.svc.ListViews(sc, *in.InstanceId, api.Val(in.Type_), pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListViewsResponse{ViewsSummaryList: []*api.ViewSummary{}, NextToken: nextToken(page.NextToken)}
	for _, v := range page.Items {
		out.ViewsSummaryList = append(out.ViewsSummaryList, &api.ViewSummary{Id: api.Ptr(v.ID), Arn: api.Ptr(v.ARN), Name: api.Ptr(v.Name),
			Description: strp(v.Description), Status: api.Ptr(v.Status), Type_: api.Ptr("CUSTOMER_MANAGED")})
	}
	return out, nil
}

func (h *Handler) CreateViewVersion(_ context.Context, sc service.Scope, in *api.CreateViewVersionRequest) (*api.CreateViewVersionResponse, error) {
	v, err := h.svc.CreateViewVersion(sc, *in.InstanceId, *in.ViewId, api.Val(in.VersionDescription), api.Val(in.ViewContentSha256))
	if err != nil {
		return nil, err
	}
	return &api.CreateViewVersionResponse{View: viewOut(v)}, nil
}

func (h *Handler) ListViewVersions(_ context.Context, sc service.Scope, in *api.ListViewVersionsRequest) (*api.ListViewVersionsResponse, error) {
	page, err := h.svc.ListViewVersions(sc, *in.InstanceId, *in.ViewId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListViewVersionsResponse{ViewVersionSummaryList: []*api.ViewVersionSummary{}, NextToken: nextToken(page.NextToken)}
	for _, v := range page.Items {
		out.ViewVersionSummaryList = append(out.ViewVersionSummaryList, &api.ViewVersionSummary{Id: api.Ptr(v.ID), Arn: api.Ptr(v.ARN),
			Name: api.Ptr(v.Name), Description: strp(v.Description), Type_: api.Ptr("CUSTOMER_MANAGED"), Version: api.Ptr(v.Version),
			VersionDescription: strp(v.VersionDescription)})
	}
	return out, nil
}

func (h *Handler) DeleteViewVersion(_ context.Context, sc service.Scope, in *api.DeleteViewVersionRequest) (*api.DeleteViewVersionResponse, error) {
	if err := h.svc.DeleteViewVersion(sc, *in.InstanceId, *in.ViewId, *in.ViewVersion); err != nil {
		return nil, err
	}
	return &api.DeleteViewVersionResponse{}, nil
}
