package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) contactRoutes(o *api.Operations) {
	o.StartTaskContact = op(h.StartTaskContact)
	o.StartOutboundVoiceContact = op(h.StartOutboundVoiceContact)
	o.StopContact = op(h.StopContact)
	o.TransferContact = op(h.TransferContact)
	o.DescribeContact = op(h.DescribeContact)
	o.UpdateContactRoutingData = op(h.UpdateContactRoutingData)
	o.UpdateContactAttributes = op(h.UpdateContactAttributes)
	o.GetContactAttributes = op(h.GetContactAttributes)
	o.UpdateContact = op(h.UpdateContact)
	o.UpdateContactSchedule = op(h.UpdateContactSchedule)
}

func refsIn(m map[string]*api.Reference) map[string]service.Ref {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]service.Ref, len(m))
	for k, r := range m {
		out[k] = service.Ref{Type: api.Val(r.Type_), Value: api.Val(r.Value), Status: api.Val(r.Status), ARN: api.Val(r.Arn)}
	}
	return out
}

func (h *Handler) StartTaskContact(_ context.Context, sc service.Scope, in *api.StartTaskContactRequest) (*api.StartTaskContactResponse, error) {
	si := service.StartContactInput{Channel: "TASK", InitiationMethod: "API", FlowID: api.Val(in.ContactFlowId),
		QuickConnectID: api.Val(in.QuickConnectId), Name: api.Val(in.Name), Description: api.Val(in.Description),
		Attributes: in.Attributes, References: refsIn(in.References), PreviousContact: api.Val(in.PreviousContactId),
		RelatedContact: api.Val(in.RelatedContactId)}
	if in.ScheduledTime != nil {
		si.ScheduledTime = in.ScheduledTime.Time
	}
	si.TaskTemplateID = api.Val(in.TaskTemplateId)
	id, err := h.svc.StartContactID(sc, *in.InstanceId, si)
	if err != nil {
		return nil, err
	}
	return &api.StartTaskContactResponse{ContactId: &id}, nil
}

func (h *Handler) StartOutboundVoiceContact(_ context.Context, sc service.Scope, in *api.StartOutboundVoiceContactRequest) (*api.StartOutboundVoiceContactResponse, error) {
	id, err := h.svc.StartContactID(sc, *in.InstanceId, service.StartContactInput{Channel: "VOICE", InitiationMethod: "API",
		FlowID: api.Val(in.ContactFlowId), QueueID: api.Val(in.QueueId), Name: api.Val(in.Name), Description: api.Val(in.Description),
		References: refsIn(in.References), RelatedContact: api.Val(in.RelatedContactId), Attributes: in.Attributes,
		CustomerEndpoint: api.Val(in.DestinationPhoneNumber), SystemEndpoint: api.Val(in.SourcePhoneNumber), Outbound: true})
	if err != nil {
		return nil, err
	}
	return &api.StartOutboundVoiceContactResponse{ContactId: &id}, nil
}

func (h *Handler) StopContact(_ context.Context, sc service.Scope, in *api.StopContactRequest) (*api.StopContactResponse, error) {
	reason := ""
	if in.DisconnectReason != nil {
		reason = api.Val(in.DisconnectReason.Code)
	}
	if err := h.svc.StopContact(sc, *in.InstanceId, *in.ContactId, reason); err != nil {
		return nil, err
	}
	return &api.StopContactResponse{}, nil
}

func (h *Handler) TransferContact(_ context.Context, sc service.Scope, in *api.TransferContactRequest) (*api.TransferContactResponse, error) {
	c, err := h.svc.TransferContact(sc, *in.InstanceId, *in.ContactId, *in.ContactFlowId, api.Val(in.QueueId), api.Val(in.UserId))
	if err != nil {
		return nil, err
	}
	return &api.TransferContactResponse{ContactId: &c.ID, ContactArn: api.Ptr(c.ARN())}, nil
}

func (h *Handler) DescribeContact(_ context.Context, sc service.Scope, in *api.DescribeContactRequest) (*api.DescribeContactResponse, error) {
	c, err := h.svc.DescribeContact(sc, *in.InstanceId, *in.ContactId)
	if err != nil {
		return nil, err
	}
	out := contactOut(c)
	if c.Extra().TaskTemplateID != "" {
		if t, err := h.svc.GetTaskTemplate(sc, *in.InstanceId, c.Extra().TaskTemplateID); err == nil {
			out.TaskTemplateInfo = &api.TaskTemplateInfoV2{Arn: &t.ARN, Name: &t.Name}
		}
	}
	if r := c.Extra().Recording; r != nil {
		out.Recordings = []*api.RecordingInfo{{Status: api.Ptr("AVAILABLE"), MediaStreamType: api.Ptr("AUDIO"),
			ParticipantType: api.Ptr("ALL"), StorageType: api.Ptr("S3"), StartTimestamp: api.NewTime(r.Start), StopTimestamp: api.NewTime(r.Stop)}}
	}
	return &api.DescribeContactResponse{Contact: out}, nil
}

// contactOut fills every DescribeContact field connect-local has (docs/contacts.md#describecontact).
func contactOut(c *service.Contact) *api.Contact {
	out := &api.Contact{
		Id: &c.ID, Arn: api.Ptr(c.ARN()), Channel: &c.Channel, InitiationMethod: &c.InitiationMethod,
		InitialContactId: strp(c.InitialContactID), PreviousContactId: strp(c.PreviousContactID), RelatedContactId: strp(c.Extra().RelatedContactID),
		Name: strp(c.Name), Description: strp(c.Extra().Description),
		InitiationTimestamp: api.NewTime(c.InitiationTimestamp.Time()), DisconnectTimestamp: api.NewTime(c.DisconnectTimestamp.Time()),
		LastUpdateTimestamp: api.NewTime(c.LastUpdateTimestamp.Time()), ScheduledTimestamp: api.NewTime(c.ScheduledTimestamp.Time()),
		ConnectedToSystemTimestamp: api.NewTime(c.ConnectedToSystem.Time()), QueueTimeAdjustmentSeconds: c.QueueAdjust,
		RoutingCriteria: criteriaOut(c.Criteria), Tags: c.Tags, Attributes: c.Attributes, DisconnectReason: strp(c.DisconnectReason),
	}
	pauseOut(out, c)
	if c.CustomerEndpoint != "" {
		out.CustomerEndpoint = &api.EndpointInfo{Address: api.Ptr(c.CustomerEndpoint), Type_: api.Ptr("TELEPHONE_NUMBER")}
	}
	if c.SystemEndpoint != "" {
		out.SystemEndpoint = &api.EndpointInfo{Address: api.Ptr(c.SystemEndpoint), Type_: api.Ptr("TELEPHONE_NUMBER")}
	}
	if c.QueueID != "" && !c.EnqueueTimestamp.IsZero() {
		out.QueueInfo = &api.QueueInfo{Id: &c.QueueID, EnqueueTimestamp: api.NewTime(c.EnqueueTimestamp.Time())}
		out.QueuePriority = api.Ptr(c.Priority())
	} else if c.QueuePriority != nil {
		out.QueuePriority = c.QueuePriority
	}
	if c.AgentID != "" {
		ai := &api.AgentInfo{Id: &c.AgentID, ConnectedToAgentTimestamp: api.NewTime(c.ConnectedToAgentTimestamp.Time()),
			AcceptedByAgentTimestamp:       api.NewTime(c.ConnectedToAgentTimestamp.Time()),
			AfterContactWorkStartTimestamp: api.NewTime(c.ACWStart.Time()), AfterContactWorkEndTimestamp: api.NewTime(c.ACWEnd.Time())}
		if c.HoldSecs > 0 {
			ai.AgentInitiatedHoldDuration = api.Ptr(c.HoldSecs)
		}
		if !c.ACWStart.IsZero() && !c.ACWEnd.IsZero() {
			ai.AfterContactWorkDuration = api.Ptr(int64(c.ACWEnd.Sub(c.ACWStart).Seconds()))
		}
		out.AgentInfo = ai
	}
	return out
}

func (h *Handler) UpdateContactRoutingData(_ context.Context, sc service.Scope, in *api.UpdateContactRoutingDataRequest) (*api.UpdateContactRoutingDataResponse, error) {
	if err := h.svc.UpdateContactRoutingData(sc, *in.InstanceId, *in.ContactId, service.RoutingDataInput{
		QueuePriority: in.QueuePriority, QueueAdjust: in.QueueTimeAdjustmentSeconds, Criteria: stepsIn(in.RoutingCriteria),
	}); err != nil {
		return nil, err
	}
	return &api.UpdateContactRoutingDataResponse{}, nil
}

func (h *Handler) UpdateContactAttributes(_ context.Context, sc service.Scope, in *api.UpdateContactAttributesRequest) (*api.UpdateContactAttributesResponse, error) {
	if err := h.svc.UpdateContactAttributes(sc, *in.InstanceId, *in.InitialContactId, in.Attributes); err != nil {
		return nil, err
	}
	return &api.UpdateContactAttributesResponse{}, nil
}

func (h *Handler) GetContactAttributes(_ context.Context, sc service.Scope, in *api.GetContactAttributesRequest) (*api.GetContactAttributesResponse, error) {
	attrs, err := h.svc.GetContactAttributes(sc, *in.InstanceId, *in.InitialContactId)
	if err != nil {
		return nil, err
	}
	return &api.GetContactAttributesResponse{Attributes: attrs}, nil
}

func (h *Handler) UpdateContact(_ context.Context, sc service.Scope, in *api.UpdateContactRequest) (*api.UpdateContactResponse, error) {
	if err := h.svc.UpdateContact(sc, *in.InstanceId, *in.ContactId, service.ContactUpdate{Name: in.Name, Description: in.Description, References: refsIn(in.References)}); err != nil {
		return nil, err
	}
	return &api.UpdateContactResponse{}, nil
}

func (h *Handler) UpdateContactSchedule(_ context.Context, sc service.Scope, in *api.UpdateContactScheduleRequest) (*api.UpdateContactScheduleResponse, error) {
	if err := h.svc.UpdateContactSchedule(sc, *in.InstanceId, *in.ContactId, in.ScheduledTime.Time); err != nil {
		return nil, err
	}
	return &api.UpdateContactScheduleResponse{}, nil
}
