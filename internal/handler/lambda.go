package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

// Lambda function associations (docs/flows.md#invokelambdafunction).
func (h *Handler) lambdaRoutes(o *api.Operations) {
	o.AssociateLambdaFunction = op0(h.AssociateLambdaFunction)
	o.DisassociateLambdaFunction = op0(h.DisassociateLambdaFunction)
	o.ListLambdaFunctions = op(h.ListLambdaFunctions)
}

func (h *Handler) AssociateLambdaFunction(_ context.Context, sc service.Scope, in *api.AssociateLambdaFunctionRequest) error {
	return h.svc.AssociateLambdaFunction(sc, *in.InstanceId, *in.FunctionArn)
}

func (h *Handler) DisassociateLambdaFunction(_ context.Context, sc service.Scope, in *api.DisassociateLambdaFunctionRequest) error {
	return h.svc.DisassociateLambdaFunction(sc, *in.InstanceId, *in.FunctionArn)
}

func (h *Handler) ListLambdaFunctions(_ context.Context, sc service.Scope, in *api.ListLambdaFunctionsRequest) (*api.ListLambdaFunctionsResponse, error) {
	req := pageReq(in.MaxResults, in.NextToken)
	req.Binding, req.DefaultMax = "ListLambdaFunctions/"+*in.InstanceId, 25
	page, err := h.svc.ListLambdaFunctions(sc, *in.InstanceId, req)
	if err != nil {
		return nil, err
	}
	return &api.ListLambdaFunctionsResponse{LambdaFunctions: append([]string{}, page.Items...), NextToken: nextToken(page.NextToken)}, nil
}
