package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) vocabularyRoutes(o *api.Operations) {
	o.CreateVocabulary = op(h.CreateVocabulary)
	o.DescribeVocabulary = op(h.DescribeVocabulary)
	o.DeleteVocabulary = op(h.DeleteVocabulary)
	o.SearchVocabularies = op(h.SearchVocabularies)
	o.AssociateDefaultVocabulary = op(h.AssociateDefaultVocabulary)
	o.ListDefaultVocabularies = op(h.ListDefaultVocabularies)
}

func (h *Handler) CreateVocabulary(_ context.Context, sc service.Scope, in *api.CreateVocabularyRequest) (*api.CreateVocabularyResponse, error) {
	v, err := h.svc.CreateVocabulary(sc, *in.InstanceId, service.Vocabulary{Name: *in.VocabularyName, LanguageCode: *in.LanguageCode,
		Content: *in.Content, ClientToken: api.Val(in.ClientToken), Tags: in.Tags})
	if err != nil {
		return nil, err
	}
	return &api.CreateVocabularyResponse{VocabularyId: &v.ID, VocabularyArn: &v.ARN, State: api.Ptr(v.State(h.svc.Now()))}, nil
}

func (h *Handler) DescribeVocabulary(_ context.Context, sc service.Scope, in *api.DescribeVocabularyRequest) (*api.DescribeVocabularyResponse, error) {
	v, err := h.svc.DescribeVocabulary(sc, *in.InstanceId, *in.VocabularyId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeVocabularyResponse{Vocabulary: &api.Vocabulary{Id: &v.ID, Arn: &v.ARN, Name: &v.Name, LanguageCode: &v.LanguageCode,
		Content: &v.Content, State: api.Ptr(v.State(h.svc.Now())), FailureReason: strp(v.FailureReason), Tags: v.Tags,
		LastModifiedTime: api.NewTime(v.LastModifiedTime)}}, nil
}

func (h *Handler) DeleteVocabulary(_ context.Context, sc service.Scope, in *api.DeleteVocabularyRequest) (*api.DeleteVocabularyResponse, error) {
	v, err := h.svc.DeleteVocabulary(sc, *in.InstanceId, *in.VocabularyId)
	if err != nil {
		return nil, err
	}
	return &api.DeleteVocabularyResponse{VocabularyId: &v.ID, VocabularyArn: &v.ARN, State: api.Ptr(v.State(h.svc.Now()))}, nil
}

func (h *Handler) SearchVocabularies(_ context.Context, sc service.Scope, in *api.SearchVocabulariesRequest) (*api.SearchVocabulariesResponse, error) {
	page, err := h.svc.SearchVocabularies(sc, *in.InstanceId, service.VocabularyFilter{State: api.Val(in.State),
		NameStartsWith: api.Val(in.NameStartsWith), LanguageCode: api.Val(in.LanguageCode)}, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	now := h.svc.Now()
	out := &api.SearchVocabulariesResponse{VocabularySummaryList: []*api.VocabularySummary{}, NextToken: nextToken(page.NextToken)}
	for _, v := range page.Items {
		out.VocabularySummaryList = append(out.VocabularySummaryList, &api.VocabularySummary{Id: api.Ptr(v.ID), Arn: api.Ptr(v.ARN),
			Name: api.Ptr(v.Name), LanguageCode: api.Ptr(v.LanguageCode), State: api.Ptr(v.State(now)), FailureReason: strp(v.FailureReason),
			LastModifiedTime: api.NewTime(v.LastModifiedTime)})
	}
	return out, nil
}

func (h *Handler) AssociateDefaultVocabulary(_ context.Context, sc service.Scope, in *api.AssociateDefaultVocabularyRequest) (*api.AssociateDefaultVocabularyResponse, error) {
	if err := h.svc.AssociateDefaultVocabulary(sc, *in.InstanceId, *in.LanguageCode, api.Val(in.VocabularyId)); err != nil {
		return nil, err
	}
	return &api.AssociateDefaultVocabularyResponse{}, nil
}

func (h *Handler) ListDefaultVocabularies(_ context.Context, sc service.Scope, in *api.ListDefaultVocabulariesRequest) (*api.ListDefaultVocabulariesResponse, error) {
	page, err := h.svc.ListDefaultVocabularies(sc, *in.InstanceId, api.Val(in.LanguageCode), pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListDefaultVocabulariesResponse{DefaultVocabularyList: []*api.DefaultVocabulary{}, NextToken: nextToken(page.NextToken)}
	for _, v := range page.Items {
		out.DefaultVocabularyList = append(out.DefaultVocabularyList, &api.DefaultVocabulary{InstanceId: in.InstanceId,
			LanguageCode: api.Ptr(v.LanguageCode), VocabularyId: api.Ptr(v.ID), VocabularyName: api.Ptr(v.Name)})
	}
	return out, nil
}
