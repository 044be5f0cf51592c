package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/awserr"
	"github.com/connect-local/connect-local/internal/chat"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// Handler implements the operations over one service.
type Handler struct {
	svc  *service.Service
	chat *chat.Hub // nil: the chat operations answer 501
}

// New returns the handlers for svc.
func New(svc *service.Service) *Handler { return &Handler{svc: svc} }

// Operations returns every implemented operation, typed: each x...Routes
// function (one per resource family, next to its handlers) sets the
// api.Operations fields of its family, and the compiler checks every
// handler against its operation's request and response types.
func (h *Handler) Operations() *api.Operations {
	o := &api.Operations{}
	h.instanceRoutes(o)
	h.instanceAttributeRoutes(o)
	h.hoursRoutes(o)
	h.queueRoutes(o)
	h.agentStatusRoutes(o)
	h.securityProfileRoutes(o)
	h.tagRoutes(o)
	h.routingProfileRoutes(o)
	h.userRoutes(o)
	h.hierarchyRoutes(o)
	h.contactRoutes(o)
	h.agentRoutes(o)
	h.quickConnectRoutes(o)
	h.predefinedRoutes(o)
	h.proficiencyRoutes(o)
	h.flowRoutes(o)
	h.searchRoutes(o)
	h.resourceSearchRoutes(o)
	h.metricRoutes(o)
	h.lambdaRoutes(o)
	h.phoneNumberRoutes(o)
	h.vocabularyRoutes(o)
	h.storageConfigRoutes(o)
	h.taskTemplateRoutes(o)
	h.viewRoutes(o)
	h.ruleRoutes(o)
	h.contactExtraRoutes(o)
	h.chatRoutes(o)
	h.testCaseRoutes(o)
	h.moduleRoutes(o)
	h.contactFacingRoutes(o)
	h.trafficDistributionRoutes(o)
	h.integrationRoutes(o)
	h.promptRoutes(o)
	h.hoursOverrideRoutes(o)
	h.botRoutes(o)
	h.versionRoutes(o)
	return o
}

// Routes returns every implemented operation by model name, in the shape
// the wire layer consumes; it answers 501 for the rest.
func (h *Handler) Routes() map[string]wire.Handler {
	r := map[string]wire.Handler{}
	for name, fn := range h.Operations().ByName() {
		r[name] = fn
	}
	return r
}

// op adapts a handler to its operation's type: it passes the caller's scope
// and translates the error through the one table (internal/awserr).
func op[I, O any](fn func(ctx context.Context, sc service.Scope, in *I) (*O, error)) func(context.Context, *I) (*O, error) {
	return func(ctx context.Context, in *I) (*O, error) {
		out, err := fn(ctx, scopeOf(ctx), in)
		if err != nil {
			return nil, awserr.Translate(err)
		}
		return out, nil
	}
}

// op0 is op for an operation that has no output.
func op0[I any](fn func(ctx context.Context, sc service.Scope, in *I) error) func(context.Context, *I) error {
	return func(ctx context.Context, in *I) error {
		if err := fn(ctx, scopeOf(ctx), in); err != nil {
			return awserr.Translate(err)
		}
		return nil
	}
}

func scopeOf(ctx context.Context) service.Scope {
	c := wire.CallerFrom(ctx)
	return service.Scope{Account: c.Account, Region: c.Region}
}

// pageReq builds a service page request from the api's paging members.
func pageReq(maxResults *int64, nextToken *string) service.PageRequest {
	return service.PageRequest{MaxResults: int(api.Val(maxResults)), NextToken: api.Val(nextToken)}
}

// nextToken is the api form of a page's token (nil at the end).
func nextToken(t string) *string {
	if t == "" {
		return nil
	}
	return &t
}

// strp returns nil for "", so empty optional strings are omitted.
func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
