package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/awserr"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// Handler implements the operations over one service.
type Handler struct {
	svc *service.Service
}

// New returns the handlers for svc.
func New(svc *service.Service) *Handler { return &Handler{svc: svc} }

// Routes returns every implemented operation by model name; the wire layer
// answers 501 for the rest.
func (h *Handler) Routes() map[string]wire.Handler {
	r := map[string]wire.Handler{}
	h.instanceRoutes(r)
	h.hoursRoutes(r)
	h.queueRoutes(r)
	h.agentStatusRoutes(r)
	h.securityProfileRoutes(r)
	h.tagRoutes(r)
	h.routingProfileRoutes(r)
	h.userRoutes(r)
	h.hierarchyRoutes(r)
	h.contactRoutes(r)
	h.agentRoutes(r)
	h.quickConnectRoutes(r)
	h.predefinedRoutes(r)
	h.proficiencyRoutes(r)
	h.flowRoutes(r)
	h.searchRoutes(r)
	h.metricRoutes(r)
	return r
}

// op adapts a typed operation to a wire.Handler.
func op[I, O any](fn func(ctx context.Context, sc service.Scope, in *I) (*O, error)) wire.Handler {
	return func(ctx context.Context, in any) (any, error) {
		out, err := fn(ctx, scopeOf(ctx), in.(*I))
		if err != nil {
			return nil, awserr.Translate(err)
		}
		return out, nil
	}
}

// op0 adapts a typed operation that has no output members.
func op0[I any](fn func(ctx context.Context, sc service.Scope, in *I) error) wire.Handler {
	return func(ctx context.Context, in any) (any, error) {
		if err := fn(ctx, scopeOf(ctx), in.(*I)); err != nil {
			return nil, awserr.Translate(err)
		}
		return nil, nil
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
