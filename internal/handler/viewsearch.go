package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/resourcesearch"
	"github.com/connect-local/connect-local/internal/service"
)

// SearchViews runs the shared Search* criteria over the instance's views
// (docs/resource-search.md): ViewTypeCondition and ViewStatusCondition
// are exact conditions on the view's type and status, as SearchContactFlows
// treats TypeCondition and StateCondition.
func (h *Handler) SearchViews(_ context.Context, sc service.Scope, in *api.SearchViewsRequest) (*api.SearchViewsResponse, error) {
	c := criteria(in.SearchCriteria, func(c *api.ViewSearchCriteria) node[api.ViewSearchCriteria] {
		eq := append(equals("type", c.ViewTypeCondition), equals("status", c.ViewStatusCondition)...)
		return node[api.ViewSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition, eq: eq}
	})
	var f resourcesearch.TagFilter
	if in.SearchFilter != nil {
		f = attributeFilter(in.SearchFilter.AttributeFilter)
	}
	q, req, err := compile(service.SchemaViews, c, f, in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchViewsIn(sc, *in.InstanceId, q, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchViewsResponse{Views: []*api.View{}, ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for i := range page.Items {
		out.Views = append(out.Views, viewOut(&page.Items[i]))
	}
	return out, nil
}
