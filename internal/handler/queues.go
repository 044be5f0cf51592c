package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) queueRoutes(o *api.Operations) {
	o.CreateQueue = op(h.CreateQueue)
	o.DescribeQueue = op(h.DescribeQueue)
	o.ListQueues = op(h.ListQueues)
	o.DeleteQueue = op0(h.DeleteQueue)
	o.UpdateQueueStatus = op0(h.UpdateQueueStatus)
	o.UpdateQueueMaxContacts = op0(h.UpdateQueueMaxContacts)
	o.UpdateQueueName = op0(h.UpdateQueueName)
	o.UpdateQueueHoursOfOperation = op0(h.UpdateQueueHoursOfOperation)
	o.AssociateQueueQuickConnects = op0(h.AssociateQueueQuickConnects)
	o.DisassociateQueueQuickConnects = op0(h.DisassociateQueueQuickConnects)
	o.ListQueueQuickConnects = op(h.ListQueueQuickConnects)
	o.UpdateQueueOutboundCallerConfig = op0(h.UpdateQueueOutboundCallerConfig)
}

func (h *Handler) CreateQueue(_ context.Context, sc service.Scope, in *api.CreateQueueRequest) (*api.CreateQueueResponse, error) {
	qi := service.QueueInput{
		Name: *in.Name, Description: api.Val(in.Description), HoursOfOperationID: *in.HoursOfOperationId,
		MaxContacts: in.MaxContacts, QuickConnectIDs: in.QuickConnectIds, Tags: in.Tags,
	}
	if c := in.OutboundCallerConfig; c != nil {
		qi.OutboundCaller = &service.OutboundCallerConfig{CallerIDName: api.Val(c.OutboundCallerIdName),
			CallerIDNumberID: api.Val(c.OutboundCallerIdNumberId), OutboundFlowID: api.Val(c.OutboundFlowId)}
	}
	q, err := h.svc.CreateQueue(sc, *in.InstanceId, qi)
	if err != nil {
		return nil, err
	}
	return &api.CreateQueueResponse{QueueId: &q.ID, QueueArn: &q.ARN}, nil
}

func (h *Handler) DescribeQueue(_ context.Context, sc service.Scope, in *api.DescribeQueueRequest) (*api.DescribeQueueResponse, error) {
	q, err := h.svc.DescribeQueue(sc, *in.InstanceId, *in.QueueId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeQueueResponse{Queue: queueOut(q)}, nil
}

func queueOut(q *service.Queue) *api.Queue {
	out := &api.Queue{
		QueueId: &q.ID, QueueArn: &q.ARN, Name: &q.Name, Description: strp(q.Description),
		HoursOfOperationId: &q.HoursOfOperationID, MaxContacts: q.MaxContacts, Status: &q.Status, Tags: q.Tags,
		LastModifiedTime: api.NewTime(q.LastModifiedTime), LastModifiedRegion: &q.LastModifiedRegion,
	}
	if c := q.OutboundCaller; c != nil {
		out.OutboundCallerConfig = &api.OutboundCallerConfig{OutboundCallerIdName: strp(c.CallerIDName),
			OutboundCallerIdNumberId: strp(c.CallerIDNumberID), OutboundFlowId: strp(c.OutboundFlowID)}
	}
	return out
}

func (h *Handler) ListQueues(_ context.Context, sc service.Scope, in *api.ListQueuesRequest) (*api.ListQueuesResponse, error) {
	page, err := h.svc.ListQueueSummaries(sc, *in.InstanceId, in.QueueTypes, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListQueuesResponse{QueueSummaryList: []*api.QueueSummary{}, NextToken: nextToken(page.NextToken)}
	for _, q := range page.Items {
		out.QueueSummaryList = append(out.QueueSummaryList, &api.QueueSummary{
			Id: api.Ptr(q.ID), Arn: api.Ptr(q.ARN), Name: strp(q.Name), QueueType: api.Ptr(q.Type),
			LastModifiedTime: api.NewTime(q.LastModifiedTime), LastModifiedRegion: api.Ptr(q.LastModifiedRegion),
		})
	}
	return out, nil
}

func (h *Handler) DeleteQueue(_ context.Context, sc service.Scope, in *api.DeleteQueueRequest) error {
	return h.svc.DeleteQueue(sc, *in.InstanceId, *in.QueueId)
}

func (h *Handler) UpdateQueueStatus(_ context.Context, sc service.Scope, in *api.UpdateQueueStatusRequest) error {
	return h.svc.UpdateQueueStatus(sc, *in.InstanceId, *in.QueueId, *in.Status)
}

func (h *Handler) UpdateQueueMaxContacts(_ context.Context, sc service.Scope, in *api.UpdateQueueMaxContactsRequest) error {
	return h.svc.UpdateQueueMaxContacts(sc, *in.InstanceId, *in.QueueId, in.MaxContacts)
}

func (h *Handler) UpdateQueueName(_ context.Context, sc service.Scope, in *api.UpdateQueueNameRequest) error {
	return h.svc.UpdateQueueName(sc, *in.InstanceId, *in.QueueId, in.Name, in.Description)
}

func (h *Handler) UpdateQueueHoursOfOperation(_ context.Context, sc service.Scope, in *api.UpdateQueueHoursOfOperationRequest) error {
	return h.svc.UpdateQueueHoursOfOperation(sc, *in.InstanceId, *in.QueueId, *in.HoursOfOperationId)
}

func (h *Handler) AssociateQueueQuickConnects(_ context.Context, sc service.Scope, in *api.AssociateQueueQuickConnectsRequest) error {
	return h.svc.AssociateQueueQuickConnects(sc, *in.InstanceId, *in.QueueId, in.QuickConnectIds)
}

func (h *Handler) DisassociateQueueQuickConnects(_ context.Context, sc service.Scope, in *api.DisassociateQueueQuickConnectsRequest) error {
	return h.svc.DisassociateQueueQuickConnects(sc, *in.InstanceId, *in.QueueId, in.QuickConnectIds)
}

func (h *Handler) ListQueueQuickConnects(_ context.Context, sc service.Scope, in *api.ListQueueQuickConnectsRequest) (*api.ListQueueQuickConnectsResponse, error) {
	page, err := h.svc.ListQueueQuickConnects(sc, *in.InstanceId, *in.QueueId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	return &api.ListQueueQuickConnectsResponse{QuickConnectSummaryList: quickConnectSummaries(page.Items), NextToken: nextToken(page.NextToken)}, nil
}

func (h *Handler) UpdateQueueOutboundCallerConfig(_ context.Context, sc service.Scope, in *api.UpdateQueueOutboundCallerConfigRequest) error {
	c := in.OutboundCallerConfig
	return h.svc.UpdateQueueOutboundCallerConfig(sc, *in.InstanceId, *in.QueueId, service.OutboundCallerConfig{CallerIDName: api.Val(c.OutboundCallerIdName),
		CallerIDNumberID: api.Val(c.OutboundCallerIdNumberId), OutboundFlowID: api.Val(c.OutboundFlowId)})
}
