package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

func (h *Handler) quickConnectRoutes(o *api.Operations) {
	o.CreateQuickConnect = op(h.CreateQuickConnect)
	o.DescribeQuickConnect = op(h.DescribeQuickConnect)
	o.ListQuickConnects = op(h.ListQuickConnects)
	o.UpdateQuickConnectName = op0(h.UpdateQuickConnectName)
	o.UpdateQuickConnectConfig = op0(h.UpdateQuickConnectConfig)
	o.DeleteQuickConnect = op0(h.DeleteQuickConnect)
}

func (h *Handler) CreateQuickConnect(_ context.Context, sc service.Scope, in *api.CreateQuickConnectRequest) (*api.CreateQuickConnectResponse, error) {
	qc, err := quickConnectIn(in.QuickConnectConfig)
	if err != nil {
		return nil, err
	}
	qc.Name, qc.Description, qc.Tags = *in.Name, api.Val(in.Description), in.Tags
	out, err := h.svc.CreateQuickConnect(sc, *in.InstanceId, qc)
	if err != nil {
		return nil, err
	}
	return &api.CreateQuickConnectResponse{QuickConnectId: &out.ID, QuickConnectARN: &out.ARN}, nil
}

// quickConnectIn reads a QuickConnectConfig: the config that matches its
// type must be there.
func quickConnectIn(cfg *api.QuickConnectConfig) (service.QuickConnect, error) {
	qc := service.QuickConnect{Type: api.Val(cfg.QuickConnectType)}
	switch {
	case qc.Type == "QUEUE" && cfg.QueueConfig != nil:
		qc.QueueID, qc.FlowID = api.Val(cfg.QueueConfig.QueueId), api.Val(cfg.QueueConfig.ContactFlowId)
	case qc.Type == "USER" && cfg.UserConfig != nil:
		qc.UserID, qc.FlowID = api.Val(cfg.UserConfig.UserId), api.Val(cfg.UserConfig.ContactFlowId)
	case qc.Type == "PHONE_NUMBER" && cfg.PhoneConfig != nil:
		qc.PhoneNumber = api.Val(cfg.PhoneConfig.PhoneNumber)
	default:
		return qc, wire.InvalidParameter("QuickConnectConfig must carry the config that matches QuickConnectType %s.", qc.Type)
	}
	return qc, nil
}

func (h *Handler) UpdateQuickConnectName(_ context.Context, sc service.Scope, in *api.UpdateQuickConnectNameRequest) error {
	return h.svc.UpdateQuickConnect(sc, *in.InstanceId, *in.QuickConnectId, service.QuickConnectUpdate{Name: in.Name, Description: in.Description})
}

func (h *Handler) UpdateQuickConnectConfig(_ context.Context, sc service.Scope, in *api.UpdateQuickConnectConfigRequest) error {
	qc, err := quickConnectIn(in.QuickConnectConfig)
	if err != nil {
		return err
	}
	return h.svc.UpdateQuickConnect(sc, *in.InstanceId, *in.QuickConnectId, service.QuickConnectUpdate{Config: &qc})
}

func (h *Handler) DeleteQuickConnect(_ context.Context, sc service.Scope, in *api.DeleteQuickConnectRequest) error {
	return h.svc.DeleteQuickConnect(sc, *in.InstanceId, *in.QuickConnectId)
}

func (h *Handler) DescribeQuickConnect(_ context.Context, sc service.Scope, in *api.DescribeQuickConnectRequest) (*api.DescribeQuickConnectResponse, error) {
	q, err := h.svc.DescribeQuickConnect(sc, *in.InstanceId, *in.QuickConnectId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeQuickConnectResponse{QuickConnect: quickConnectOut(q)}, nil
}

func quickConnectOut(q *service.QuickConnect) *api.QuickConnect {
	cfg := &api.QuickConnectConfig{QuickConnectType: &q.Type}
	switch q.Type {
	case "QUEUE":
		cfg.QueueConfig = &api.QueueQuickConnectConfig{QueueId: &q.QueueID, ContactFlowId: &q.FlowID}
	case "USER":
		cfg.UserConfig = &api.UserQuickConnectConfig{UserId: &q.UserID, ContactFlowId: &q.FlowID}
	case "PHONE_NUMBER":
		cfg.PhoneConfig = &api.PhoneNumberQuickConnectConfig{PhoneNumber: &q.PhoneNumber}
	}
	return &api.QuickConnect{QuickConnectId: &q.ID, QuickConnectARN: &q.ARN,
		Name: &q.Name, Description: strp(q.Description), QuickConnectConfig: cfg, Tags: q.Tags,
		LastModifiedTime: api.NewTime(q.LastModifiedTime), LastModifiedRegion: &q.LastModifiedRegion}
}

func (h *Handler) ListQuickConnects(_ context.Context, sc service.Scope, in *api.ListQuickConnectsRequest) (*api.ListQuickConnectsResponse, error) {
	page, err := h.svc.ListQuickConnects(sc, *in.InstanceId, in.QuickConnectTypes, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	return &api.ListQuickConnectsResponse{QuickConnectSummaryList: quickConnectSummaries(page.Items), NextToken: nextToken(page.NextToken)}, nil
}

func quickConnectSummaries(items []service.QuickConnect) []*api.QuickConnectSummary {
	out := []*api.QuickConnectSummary{}
	for _, q := range items {
		out = append(out, &api.QuickConnectSummary{Id: api.Ptr(q.ID), Arn: api.Ptr(q.ARN),
			Name: api.Ptr(q.Name), QuickConnectType: api.Ptr(q.Type), LastModifiedTime: api.NewTime(q.LastModifiedTime), LastModifiedRegion: api.Ptr(q.LastModifiedRegion)})
	}
	return out
}
