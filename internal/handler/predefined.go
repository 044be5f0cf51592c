package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) predefinedRoutes(o *api.Operations) {
	o.CreatePredefinedAttribute = op0(h.CreatePredefinedAttribute)
	o.DescribePredefinedAttribute = op(h.DescribePredefinedAttribute)
	o.UpdatePredefinedAttribute = op0(h.UpdatePredefinedAttribute)
	o.DeletePredefinedAttribute = op0(h.DeletePredefinedAttribute)
	o.ListPredefinedAttributes = op(h.ListPredefinedAttributes)
	o.SearchPredefinedAttributes = op(h.SearchPredefinedAttributes)
}

// attrInput gathers Create's and Update's optional members; an empty
// StringList stays non-nil so the service sees it was sent.
func attrInput(values *api.PredefinedAttributeValues, purposes []string, cfg *api.InputPredefinedAttributeConfiguration) service.PredefinedAttributeInput {
	in := service.PredefinedAttributeInput{Purposes: purposes}
	if values != nil {
		in.Values = values.StringList
		if in.Values == nil {
			in.Values = []string{}
		}
	}
	if cfg != nil {
		in.EnableValueValidationOnAssociation = cfg.EnableValueValidationOnAssociation
	}
	return in
}

func (h *Handler) CreatePredefinedAttribute(_ context.Context, sc service.Scope, in *api.CreatePredefinedAttributeRequest) error {
	return h.svc.CreatePredefinedAttribute(sc, *in.InstanceId, *in.Name, attrInput(in.Values, in.Purposes, in.AttributeConfiguration))
}

func (h *Handler) UpdatePredefinedAttribute(_ context.Context, sc service.Scope, in *api.UpdatePredefinedAttributeRequest) error {
	return h.svc.UpdatePredefinedAttribute(sc, *in.InstanceId, *in.Name, attrInput(in.Values, in.Purposes, in.AttributeConfiguration))
}

func (h *Handler) DeletePredefinedAttribute(_ context.Context, sc service.Scope, in *api.DeletePredefinedAttributeRequest) error {
	return h.svc.DeletePredefinedAttribute(sc, *in.InstanceId, *in.Name)
}

func attrOut(a *service.PredefinedAttribute) *api.PredefinedAttribute {
	values := a.Values
	if values == nil {
		values = []string{}
	}
	return &api.PredefinedAttribute{
		Name:     api.Ptr(a.Name),
		Values:   &api.PredefinedAttributeValues{StringList: values},
		Purposes: a.Purposes,
		AttributeConfiguration: &api.PredefinedAttributeConfiguration{
			EnableValueValidationOnAssociation: a.EnableValueValidationOnAssociation,
			IsReadOnly:                         api.Ptr(a.System),
		},
		LastModifiedTime:   api.NewTime(a.LastModifiedTime),
		LastModifiedRegion: strp(a.LastModifiedRegion),
	}
}

func (h *Handler) DescribePredefinedAttribute(_ context.Context, sc service.Scope, in *api.DescribePredefinedAttributeRequest) (*api.DescribePredefinedAttributeResponse, error) {
	a, err := h.svc.DescribePredefinedAttribute(sc, *in.InstanceId, *in.Name)
	if err != nil {
		return nil, err
	}
	return &api.DescribePredefinedAttributeResponse{PredefinedAttribute: attrOut(a)}, nil
}

func (h *Handler) ListPredefinedAttributes(_ context.Context, sc service.Scope, in *api.ListPredefinedAttributesRequest) (*api.ListPredefinedAttributesResponse, error) {
	page, err := h.svc.ListPredefinedAttributes(sc, *in.InstanceId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListPredefinedAttributesResponse{PredefinedAttributeSummaryList: []*api.PredefinedAttributeSummary{}, NextToken: nextToken(page.NextToken)}
	for _, a := range page.Items {
		out.PredefinedAttributeSummaryList = append(out.PredefinedAttributeSummaryList, &api.PredefinedAttributeSummary{
			Name: api.Ptr(a.Name), LastModifiedTime: api.NewTime(a.LastModifiedTime), LastModifiedRegion: strp(a.LastModifiedRegion),
		})
	}
	return out, nil
}

// searchCriteria converts the api criteria tree; nil stays nil.
func searchCriteria(c *api.PredefinedAttributeSearchCriteria) *service.AttributeSearchCriteria {
	if c == nil {
		return nil
	}
	out := &service.AttributeSearchCriteria{}
	for _, sub := range c.AndConditions {
		if sub != nil {
			out.And = append(out.And, *searchCriteria(sub))
		}
	}
	for _, sub := range c.OrConditions {
		if sub != nil {
			out.Or = append(out.Or, *searchCriteria(sub))
		}
	}
	if s := c.StringCondition; s != nil {
		out.String = &service.StringMatch{FieldName: api.Val(s.FieldName), Value: api.Val(s.Value), ComparisonType: api.Val(s.ComparisonType)}
	}
	return out
}

func (h *Handler) SearchPredefinedAttributes(_ context.Context, sc service.Scope, in *api.SearchPredefinedAttributesRequest) (*api.SearchPredefinedAttributesResponse, error) {
	page, err := h.svc.SearchPredefinedAttributes(sc, *in.InstanceId, searchCriteria(in.SearchCriteria), pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.SearchPredefinedAttributesResponse{PredefinedAttributes: []*api.PredefinedAttribute{},
		NextToken: nextToken(page.NextToken), ApproximateTotalCount: api.Ptr(int64(page.Total))}
	for i := range page.Items {
		out.PredefinedAttributes = append(out.PredefinedAttributes, attrOut(&page.Items[i]))
	}
	return out, nil
}
