package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) proficiencyRoutes(o *api.Operations) {
	o.AssociateUserProficiencies = op0(h.AssociateUserProficiencies)
	o.DisassociateUserProficiencies = op0(h.DisassociateUserProficiencies)
	o.UpdateUserProficiencies = op0(h.UpdateUserProficiencies)
	o.ListUserProficiencies = op(h.ListUserProficiencies)
}

func proficienciesIn(list []*api.UserProficiency) []service.Proficiency {
	out := make([]service.Proficiency, 0, len(list))
	for _, p := range list {
		if p != nil {
			out = append(out, service.Proficiency{AttributeName: api.Val(p.AttributeName), AttributeValue: api.Val(p.AttributeValue), Level: api.Val(p.Level)})
		}
	}
	return out
}

func (h *Handler) AssociateUserProficiencies(_ context.Context, sc service.Scope, in *api.AssociateUserProficienciesRequest) error {
	return h.svc.AssociateUserProficiencies(sc, *in.InstanceId, *in.UserId, proficienciesIn(in.UserProficiencies))
}

func (h *Handler) UpdateUserProficiencies(_ context.Context, sc service.Scope, in *api.UpdateUserProficienciesRequest) error {
	return h.svc.UpdateUserProficiencies(sc, *in.InstanceId, *in.UserId, proficienciesIn(in.UserProficiencies))
}

func (h *Handler) DisassociateUserProficiencies(_ context.Context, sc service.Scope, in *api.DisassociateUserProficienciesRequest) error {
	ps := make([]service.Proficiency, 0, len(in.UserProficiencies))
	for _, p := range in.UserProficiencies {
		if p != nil {
			ps = append(ps, service.Proficiency{AttributeName: api.Val(p.AttributeName), AttributeValue: api.Val(p.AttributeValue)})
		}
	}
	return h.svc.DisassociateUserProficiencies(sc, *in.InstanceId, *in.UserId, ps)
}

func (h *Handler) ListUserProficiencies(_ context.Context, sc service.Scope, in *api.ListUserProficienciesRequest) (*api.ListUserProficienciesResponse, error) {
	page, mod, err := h.svc.ListUserProficiencies(sc, *in.InstanceId, *in.UserId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListUserProficienciesResponse{UserProficiencyList: []*api.UserProficiency{}, NextToken: nextToken(page.NextToken),
		LastModifiedTime: api.NewTime(mod.LastModifiedTime), LastModifiedRegion: strp(mod.LastModifiedRegion)}
	for _, p := range page.Items {
		out.UserProficiencyList = append(out.UserProficiencyList, &api.UserProficiency{
			AttributeName: api.Ptr(p.AttributeName), AttributeValue: api.Ptr(p.AttributeValue), Level: api.Ptr(p.Level),
		})
	}
	return out, nil
}
