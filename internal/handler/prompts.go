package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/resourcesearch"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// Prompts (docs/flows.md#prompts).
func (h *Handler) promptRoutes(o *api.Operations) {
	o.CreatePrompt = op(h.CreatePrompt)
	o.DescribePrompt = op(h.DescribePrompt)
	o.ListPrompts = op(h.ListPrompts)
	o.UpdatePrompt = op(h.UpdatePrompt)
	o.DeletePrompt = op0(h.DeletePrompt)
	o.SearchPrompts = op(h.SearchPrompts)
	o.GetPromptFile = op(h.GetPromptFile)
}

func promptOut(p *service.Prompt) *api.Prompt {
	return &api.Prompt{PromptId: api.Ptr(p.ID), PromptARN: api.Ptr(p.ARN), Name: api.Ptr(p.Name), Description: strp(p.Description),
		Tags: p.Tags, LastModifiedTime: api.NewTime(p.LastModifiedTime), LastModifiedRegion: api.Ptr(p.LastModifiedRegion)}
}

func (h *Handler) CreatePrompt(_ context.Context, sc service.Scope, in *api.CreatePromptRequest) (*api.CreatePromptResponse, error) {
	p, err := h.svc.CreatePrompt(sc, *in.InstanceId, service.PromptInput{Name: in.Name, Description: in.Description, S3URI: in.S3Uri, Tags: in.Tags})
	if err != nil {
		return nil, err
	}
	return &api.CreatePromptResponse{PromptId: &p.ID, PromptARN: &p.ARN}, nil
}

func (h *Handler) DescribePrompt(_ context.Context, sc service.Scope, in *api.DescribePromptRequest) (*api.DescribePromptResponse, error) {
	p, err := h.svc.DescribePrompt(sc, *in.InstanceId, *in.PromptId)
	if err != nil {
		return nil, err
	}
	return &api.DescribePromptResponse{Prompt: promptOut(p)}, nil
}

func (h *Handler) ListPrompts(_ context.Context, sc service.Scope, in *api.ListPromptsRequest) (*api.ListPromptsResponse, error) {
	page, err := h.svc.ListPrompts(sc, *in.InstanceId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListPromptsResponse{PromptSummaryList: []*api.PromptSummary{}, NextToken: nextToken(page.NextToken)}
	for _, p := range page.Items {
		out.PromptSummaryList = append(out.PromptSummaryList, &api.PromptSummary{Id: api.Ptr(p.ID), Arn: api.Ptr(p.ARN), Name: api.Ptr(p.Name),
			LastModifiedTime: api.NewTime(p.LastModifiedTime), LastModifiedRegion: api.Ptr(p.LastModifiedRegion)})
	}
	return out, nil
}

func (h *Handler) UpdatePrompt(_ context.Context, sc service.Scope, in *api.UpdatePromptRequest) (*api.UpdatePromptResponse, error) {
	p, err := h.svc.UpdatePrompt(sc, *in.InstanceId, *in.PromptId, service.PromptInput{Name: in.Name, Description: in.Description, S3URI: in.S3Uri})
	if err != nil {
		return nil, err
	}
	return &api.UpdatePromptResponse{PromptId: &p.ID, PromptARN: &p.ARN}, nil
}

func (h *Handler) DeletePrompt(_ context.Context, sc service.Scope, in *api.DeletePromptRequest) error {
	return h.svc.DeletePrompt(sc, *in.InstanceId, *in.PromptId)
}

func (h *Handler) SearchPrompts(_ context.Context, sc service.Scope, in *api.SearchPromptsRequest) (*api.SearchPromptsResponse, error) {
	c := criteria(in.SearchCriteria, func(c *api.PromptSearchCriteria) node[api.PromptSearchCriteria] {
		return node[api.PromptSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition}
	})
	var f resourcesearch.TagFilter
	if in.SearchFilter != nil {
		f = tagFilter(in.SearchFilter.TagFilter)
	}
	q, req, err := compile(service.SchemaPrompts, c, f, in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchPromptsIn(sc, *in.InstanceId, q, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchPromptsResponse{Prompts: []*api.Prompt{}, ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for i := range page.Items {
		out.Prompts = append(out.Prompts, promptOut(&page.Items[i]))
	}
	return out, nil
}

// GetPromptFile answers a URL on this server, valid for
// service.PromptFileTTL on the server's clock, that serves the prompt's S3
// URI (connect-local holds no audio): GET /_local/prompt-files/{token}.
func (h *Handler) GetPromptFile(ctx context.Context, sc service.Scope, in *api.GetPromptFileRequest) (*api.GetPromptFileResponse, error) {
	f, err := h.svc.GetPromptFile(sc, *in.InstanceId, *in.PromptId)
	if err != nil {
		return nil, err
	}
	u := "http://" + wire.CallerFrom(ctx).Host + wire.LocalPrefix + "prompt-files/" + f.Token
	return &api.GetPromptFileResponse{PromptPresignedUrl: &u, LastModifiedTime: api.NewTime(f.Prompt.LastModifiedTime),
		LastModifiedRegion: api.Ptr(f.Prompt.LastModifiedRegion)}, nil
}
