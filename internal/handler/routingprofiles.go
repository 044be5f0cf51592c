package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) routingProfileRoutes(o *api.Operations) {
	o.CreateRoutingProfile = op(h.CreateRoutingProfile)
	o.DescribeRoutingProfile = op(h.DescribeRoutingProfile)
	o.ListRoutingProfiles = op(h.ListRoutingProfiles)
	o.DeleteRoutingProfile = op0(h.DeleteRoutingProfile)
	o.ListRoutingProfileQueues = op(h.ListRoutingProfileQueues)
	o.AssociateRoutingProfileQueues = op0(h.AssociateRoutingProfileQueues)
	o.DisassociateRoutingProfileQueues = op0(h.DisassociateRoutingProfileQueues)
	o.UpdateRoutingProfileQueues = op0(h.UpdateRoutingProfileQueues)
	o.UpdateRoutingProfileConcurrency = op0(h.UpdateRoutingProfileConcurrency)
	o.UpdateRoutingProfileDefaultOutboundQueue = op0(h.UpdateRoutingProfileDefaultOutboundQueue)
	o.UpdateRoutingProfileName = op0(h.UpdateRoutingProfileName)
	o.UpdateRoutingProfileAgentAvailabilityTimer = op0(h.UpdateRoutingProfileAgentAvailabilityTimer)
}

func concurrenciesIn(ms []*api.MediaConcurrency) []service.MediaConcurrency {
	out := make([]service.MediaConcurrency, 0, len(ms))
	for _, m := range ms {
		mc := service.MediaConcurrency{Channel: *m.Channel, Concurrency: *m.Concurrency}
		if m.CrossChannelBehavior != nil {
			mc.CrossChannelBehavior = *m.CrossChannelBehavior.BehaviorType
		}
		out = append(out, mc)
	}
	return out
}

func queueConfigsIn(cs []*api.RoutingProfileQueueConfig) []service.QueueConfig {
	out := make([]service.QueueConfig, 0, len(cs))
	for _, c := range cs {
		out = append(out, service.QueueConfig{QueueID: *c.QueueReference.QueueId, Channel: *c.QueueReference.Channel,
			Priority: *c.Priority, Delay: *c.Delay})
	}
	return out
}

// manualAssignmentUnsupported answers requests that name manual-assignment
// queues, which connect-local does not model, rather than drop them unseen.
func manualAssignmentUnsupported(n int) error {
	if n == 0 {
		return nil
	}
	return service.ErrManualAssignment
}

func (h *Handler) CreateRoutingProfile(_ context.Context, sc service.Scope, in *api.CreateRoutingProfileRequest) (*api.CreateRoutingProfileResponse, error) {
	if err := manualAssignmentUnsupported(len(in.ManualAssignmentQueueConfigs)); err != nil {
		return nil, err
	}
	p, err := h.svc.CreateRoutingProfile(sc, *in.InstanceId, service.RoutingProfileInput{
		Name: *in.Name, Description: *in.Description, DefaultOutboundQueueID: *in.DefaultOutboundQueueId,
		MediaConcurrencies: concurrenciesIn(in.MediaConcurrencies), QueueConfigs: queueConfigsIn(in.QueueConfigs),
		AgentAvailabilityTimer: api.Val(in.AgentAvailabilityTimer), Tags: in.Tags,
	})
	if err != nil {
		return nil, err
	}
	return &api.CreateRoutingProfileResponse{RoutingProfileId: &p.ID, RoutingProfileArn: &p.ARN}, nil
}

// DescribeRoutingProfile counts each (queue, channel) pair as one associated
// queue, as the per-profile quota does (docs/routing.md#routing-profiles). Like AWS, it leaves
// AssociatedQueueIds out.
func (h *Handler) DescribeRoutingProfile(_ context.Context, sc service.Scope, in *api.DescribeRoutingProfileRequest) (*api.DescribeRoutingProfileResponse, error) {
	d, err := h.svc.DescribeRoutingProfile(sc, *in.InstanceId, *in.RoutingProfileId)
	if err != nil {
		return nil, err
	}
	out := &api.RoutingProfile{
		InstanceId: &d.InstanceID, RoutingProfileId: &d.ID, RoutingProfileArn: &d.ARN, Name: &d.Name,
		Description: &d.Description, DefaultOutboundQueueId: &d.DefaultOutboundQueueID,
		AgentAvailabilityTimer: strp(d.AgentAvailabilityTimer), Tags: d.Tags,
		NumberOfAssociatedQueues: api.Ptr(int64(len(d.QueueConfigs))),
		NumberOfAssociatedUsers:  api.Ptr(int64(d.AssociatedUsers)),
		MediaConcurrencies:       []*api.MediaConcurrency{},
		LastModifiedTime:         api.NewTime(d.LastModifiedTime), LastModifiedRegion: &d.LastModifiedRegion,
	}
	for _, mc := range d.MediaConcurrencies {
		out.MediaConcurrencies = append(out.MediaConcurrencies, &api.MediaConcurrency{
			Channel: api.Ptr(mc.Channel), Concurrency: api.Ptr(mc.Concurrency),
			CrossChannelBehavior: &api.CrossChannelBehavior{BehaviorType: api.Ptr(mc.CrossChannelBehavior)},
		})
	}
	return &api.DescribeRoutingProfileResponse{RoutingProfile: out}, nil
}

func (h *Handler) ListRoutingProfiles(_ context.Context, sc service.Scope, in *api.ListRoutingProfilesRequest) (*api.ListRoutingProfilesResponse, error) {
	page, err := h.svc.ListRoutingProfiles(sc, *in.InstanceId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListRoutingProfilesResponse{RoutingProfileSummaryList: []*api.RoutingProfileSummary{}, NextToken: nextToken(page.NextToken)}
	for _, p := range page.Items {
		out.RoutingProfileSummaryList = append(out.RoutingProfileSummaryList, &api.RoutingProfileSummary{
			Id: api.Ptr(p.ID), Arn: api.Ptr(p.ARN), Name: api.Ptr(p.Name),
			LastModifiedTime: api.NewTime(p.LastModifiedTime), LastModifiedRegion: api.Ptr(p.LastModifiedRegion),
		})
	}
	return out, nil
}

func (h *Handler) DeleteRoutingProfile(_ context.Context, sc service.Scope, in *api.DeleteRoutingProfileRequest) error {
	return h.svc.DeleteRoutingProfile(sc, *in.InstanceId, *in.RoutingProfileId)
}

func (h *Handler) ListRoutingProfileQueues(_ context.Context, sc service.Scope, in *api.ListRoutingProfileQueuesRequest) (*api.ListRoutingProfileQueuesResponse, error) {
	page, mod, err := h.svc.ListRoutingProfileQueues(sc, *in.InstanceId, *in.RoutingProfileId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListRoutingProfileQueuesResponse{
		RoutingProfileQueueConfigSummaryList: []*api.RoutingProfileQueueConfigSummary{}, NextToken: nextToken(page.NextToken),
		LastModifiedTime: api.NewTime(mod.LastModifiedTime), LastModifiedRegion: strp(mod.LastModifiedRegion),
	}
	for _, q := range page.Items {
		out.RoutingProfileQueueConfigSummaryList = append(out.RoutingProfileQueueConfigSummaryList, &api.RoutingProfileQueueConfigSummary{
			QueueId: api.Ptr(q.QueueID), QueueArn: api.Ptr(q.QueueARN), QueueName: api.Ptr(q.QueueName),
			Channel: api.Ptr(q.Channel), Priority: api.Ptr(q.Priority), Delay: api.Ptr(q.Delay),
		})
	}
	return out, nil
}

func (h *Handler) AssociateRoutingProfileQueues(_ context.Context, sc service.Scope, in *api.AssociateRoutingProfileQueuesRequest) error {
	if err := manualAssignmentUnsupported(len(in.ManualAssignmentQueueConfigs)); err != nil {
		return err
	}
	return h.svc.AssociateRoutingProfileQueues(sc, *in.InstanceId, *in.RoutingProfileId, queueConfigsIn(in.QueueConfigs))
}

func (h *Handler) DisassociateRoutingProfileQueues(_ context.Context, sc service.Scope, in *api.DisassociateRoutingProfileQueuesRequest) error {
	if err := manualAssignmentUnsupported(len(in.ManualAssignmentQueueReferences)); err != nil {
		return err
	}
	refs := make([]service.QueueRef, 0, len(in.QueueReferences))
	for _, r := range in.QueueReferences {
		refs = append(refs, service.QueueRef{QueueID: *r.QueueId, Channel: *r.Channel})
	}
	return h.svc.DisassociateRoutingProfileQueues(sc, *in.InstanceId, *in.RoutingProfileId, refs)
}

func (h *Handler) UpdateRoutingProfileQueues(_ context.Context, sc service.Scope, in *api.UpdateRoutingProfileQueuesRequest) error {
	return h.svc.UpdateRoutingProfileQueues(sc, *in.InstanceId, *in.RoutingProfileId, queueConfigsIn(in.QueueConfigs))
}

func (h *Handler) UpdateRoutingProfileConcurrency(_ context.Context, sc service.Scope, in *api.UpdateRoutingProfileConcurrencyRequest) error {
	return h.svc.UpdateRoutingProfileConcurrency(sc, *in.InstanceId, *in.RoutingProfileId, concurrenciesIn(in.MediaConcurrencies))
}

func (h *Handler) UpdateRoutingProfileDefaultOutboundQueue(_ context.Context, sc service.Scope, in *api.UpdateRoutingProfileDefaultOutboundQueueRequest) error {
	return h.svc.UpdateRoutingProfileDefaultOutboundQueue(sc, *in.InstanceId, *in.RoutingProfileId, *in.DefaultOutboundQueueId)
}

func (h *Handler) UpdateRoutingProfileName(_ context.Context, sc service.Scope, in *api.UpdateRoutingProfileNameRequest) error {
	return h.svc.UpdateRoutingProfileName(sc, *in.InstanceId, *in.RoutingProfileId, in.Name, in.Description)
}

func (h *Handler) UpdateRoutingProfileAgentAvailabilityTimer(_ context.Context, sc service.Scope, in *api.UpdateRoutingProfileAgentAvailabilityTimerRequest) error {
	return h.svc.UpdateRoutingProfileAgentAvailabilityTimer(sc, *in.InstanceId, *in.RoutingProfileId, *in.AgentAvailabilityTimer)
}
