package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

// Lex bot associations (docs/flows.md#lex-bots).
func (h *Handler) botRoutes(o *api.Operations) {
	o.AssociateBot = op0(h.AssociateBot)
	o.DisassociateBot = op0(h.DisassociateBot)
	o.ListBots = op(h.ListBots)
	o.AssociateLexBot = op0(h.AssociateLexBot)
	o.DisassociateLexBot = op0(h.DisassociateLexBot)
	o.ListLexBots = op(h.ListLexBots)
}

func botIn(v1 *api.LexBot, v2 *api.LexV2Bot) service.BotAssociation {
	var b service.BotAssociation
	if v1 != nil {
		b.Name, b.Region = api.Val(v1.Name), api.Val(v1.LexRegion)
	}
	if v2 != nil {
		b.AliasARN = api.Val(v2.AliasArn)
	}
	return b
}

func (h *Handler) AssociateBot(_ context.Context, sc service.Scope, in *api.AssociateBotRequest) error {
	return h.svc.AssociateBot(sc, *in.InstanceId, botIn(in.LexBot, in.LexV2Bot))
}

func (h *Handler) DisassociateBot(_ context.Context, sc service.Scope, in *api.DisassociateBotRequest) error {
	return h.svc.DisassociateBot(sc, *in.InstanceId, botIn(in.LexBot, in.LexV2Bot))
}

func (h *Handler) ListBots(_ context.Context, sc service.Scope, in *api.ListBotsRequest) (*api.ListBotsResponse, error) {
	req := pageReq(in.MaxResults, in.NextToken)
	req.DefaultMax = 25
	page, err := h.svc.ListBots(sc, *in.InstanceId, *in.LexVersion, req)
	if err != nil {
		return nil, err
	}
	out := &api.ListBotsResponse{LexBots: []*api.LexBotConfig{}, NextToken: nextToken(page.NextToken)}
	for _, b := range page.Items {
		if b.LexVersion == "V2" {
			out.LexBots = append(out.LexBots, &api.LexBotConfig{LexV2Bot: &api.LexV2Bot{AliasArn: api.Ptr(b.AliasARN)}})
		} else {
			out.LexBots = append(out.LexBots, &api.LexBotConfig{LexBot: &api.LexBot{Name: api.Ptr(b.Name), LexRegion: api.Ptr(b.Region)}})
		}
	}
	return out, nil
}

func (h *Handler) AssociateLexBot(_ context.Context, sc service.Scope, in *api.AssociateLexBotRequest) error {
	return h.svc.AssociateBot(sc, *in.InstanceId, botIn(in.LexBot, nil))
}

func (h *Handler) DisassociateLexBot(_ context.Context, sc service.Scope, in *api.DisassociateLexBotRequest) error {
	return h.svc.DisassociateBot(sc, *in.InstanceId, service.BotAssociation{Name: *in.BotName, Region: *in.LexRegion})
}

func (h *Handler) ListLexBots(_ context.Context, sc service.Scope, in *api.ListLexBotsRequest) (*api.ListLexBotsResponse, error) {
	req := pageReq(in.MaxResults, in.NextToken)
	req.DefaultMax = 25
	page, err := h.svc.ListBots(sc, *in.InstanceId, "V1", req)
	if err != nil {
		return nil, err
	}
	out := &api.ListLexBotsResponse{LexBots: []*api.LexBot{}, NextToken: nextToken(page.NextToken)}
	for _, b := range page.Items {
		out.LexBots = append(out.LexBots, &api.LexBot{Name: api.Ptr(b.Name), LexRegion: api.Ptr(b.Region)})
	}
	return out, nil
}
