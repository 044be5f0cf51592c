package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) hoursRoutes(o *api.Operations) {
	o.CreateHoursOfOperation = op(h.CreateHoursOfOperation)
	o.DescribeHoursOfOperation = op(h.DescribeHoursOfOperation)
	o.ListHoursOfOperations = op(h.ListHoursOfOperations)
	o.UpdateHoursOfOperation = op0(h.UpdateHoursOfOperation)
	o.DeleteHoursOfOperation = op0(h.DeleteHoursOfOperation)
	o.AssociateHoursOfOperations = op0(h.AssociateHoursOfOperations)
	o.DisassociateHoursOfOperations = op0(h.DisassociateHoursOfOperations)
	o.ListChildHoursOfOperations = op(h.ListChildHoursOfOperations)
}

func hoursConfigIn(cs []*api.HoursOfOperationConfig) []service.HoursConfig {
	if cs == nil {
		return nil
	}
	out := make([]service.HoursConfig, 0, len(cs))
	for _, c := range cs {
		out = append(out, service.HoursConfig{
			Day:   api.Val(c.Day),
			Start: service.HourMinute{Hours: api.Val(c.StartTime.Hours), Minutes: api.Val(c.StartTime.Minutes)},
			End:   service.HourMinute{Hours: api.Val(c.EndTime.Hours), Minutes: api.Val(c.EndTime.Minutes)},
		})
	}
	return out
}

func (h *Handler) CreateHoursOfOperation(_ context.Context, sc service.Scope, in *api.CreateHoursOfOperationRequest) (*api.CreateHoursOfOperationResponse, error) {
	ho, err := h.svc.CreateHoursOfOperation(sc, *in.InstanceId, service.HoursInput{
		Name: in.Name, Description: in.Description, TimeZone: in.TimeZone, Config: hoursConfigIn(in.Config), Tags: in.Tags,
		Parents: parentIDs(in.ParentHoursOfOperationConfigs),
	})
	if err != nil {
		return nil, err
	}
	return &api.CreateHoursOfOperationResponse{HoursOfOperationId: &ho.ID, HoursOfOperationArn: &ho.ARN}, nil
}

func (h *Handler) DescribeHoursOfOperation(_ context.Context, sc service.Scope, in *api.DescribeHoursOfOperationRequest) (*api.DescribeHoursOfOperationResponse, error) {
	ho, err := h.svc.DescribeHoursOfOperation(sc, *in.InstanceId, *in.HoursOfOperationId)
	if err != nil {
		return nil, err
	}
	out := &api.HoursOfOperation{
		HoursOfOperationId: &ho.ID, HoursOfOperationArn: &ho.ARN, Name: &ho.Name, Description: strp(ho.Description),
		TimeZone: &ho.TimeZone, Tags: ho.Tags, Config: hoursConfigOut(ho.Config),
		LastModifiedTime: api.NewTime(ho.LastModifiedTime), LastModifiedRegion: &ho.LastModifiedRegion,
		ParentHoursOfOperations: hoursRefsOut(ho.Parents),
	}
	return &api.DescribeHoursOfOperationResponse{HoursOfOperation: out}, nil
}

func hoursConfigOut(cs []service.HoursConfig) []*api.HoursOfOperationConfig {
	out := []*api.HoursOfOperationConfig{}
	for _, c := range cs {
		out = append(out, &api.HoursOfOperationConfig{
			Day:       api.Ptr(c.Day),
			StartTime: &api.HoursOfOperationTimeSlice{Hours: api.Ptr(c.Start.Hours), Minutes: api.Ptr(c.Start.Minutes)},
			EndTime:   &api.HoursOfOperationTimeSlice{Hours: api.Ptr(c.End.Hours), Minutes: api.Ptr(c.End.Minutes)},
		})
	}
	return out
}

func (h *Handler) ListHoursOfOperations(_ context.Context, sc service.Scope, in *api.ListHoursOfOperationsRequest) (*api.ListHoursOfOperationsResponse, error) {
	page, err := h.svc.ListHoursOfOperations(sc, *in.InstanceId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListHoursOfOperationsResponse{HoursOfOperationSummaryList: []*api.HoursOfOperationSummary{}, NextToken: nextToken(page.NextToken)}
	for _, ho := range page.Items {
		out.HoursOfOperationSummaryList = append(out.HoursOfOperationSummaryList, &api.HoursOfOperationSummary{
			Id: api.Ptr(ho.ID), Arn: api.Ptr(ho.ARN), Name: api.Ptr(ho.Name),
			LastModifiedTime: api.NewTime(ho.LastModifiedTime), LastModifiedRegion: api.Ptr(ho.LastModifiedRegion),
		})
	}
	return out, nil
}

func (h *Handler) UpdateHoursOfOperation(_ context.Context, sc service.Scope, in *api.UpdateHoursOfOperationRequest) error {
	return h.svc.UpdateHoursOfOperation(sc, *in.InstanceId, *in.HoursOfOperationId, service.HoursInput{
		Name: in.Name, Description: in.Description, TimeZone: in.TimeZone, Config: hoursConfigIn(in.Config),
	})
}

func (h *Handler) DeleteHoursOfOperation(_ context.Context, sc service.Scope, in *api.DeleteHoursOfOperationRequest) error {
	return h.svc.DeleteHoursOfOperation(sc, *in.InstanceId, *in.HoursOfOperationId)
}

func (h *Handler) AssociateHoursOfOperations(_ context.Context, sc service.Scope, in *api.AssociateHoursOfOperationsRequest) error {
	return h.svc.AssociateHoursOfOperations(sc, *in.InstanceId, *in.HoursOfOperationId, parentIDs(in.ParentHoursOfOperationConfigs))
}

func parentIDs(cs []*api.ParentHoursOfOperationConfig) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, api.Val(c.HoursOfOperationId))
	}
	return out
}

// hoursRefsOut is nil (left out) when there are none.
func hoursRefsOut(rs []service.HoursRef) []*api.HoursOfOperationsIdentifier {
	var out []*api.HoursOfOperationsIdentifier
	for _, r := range rs {
		out = append(out, &api.HoursOfOperationsIdentifier{Id: api.Ptr(r.ID), Arn: api.Ptr(r.ARN), Name: api.Ptr(r.Name)})
	}
	return out
}

func (h *Handler) DisassociateHoursOfOperations(_ context.Context, sc service.Scope, in *api.DisassociateHoursOfOperationsRequest) error {
	return h.svc.DisassociateHoursOfOperations(sc, *in.InstanceId, *in.HoursOfOperationId, in.ParentHoursOfOperationIds)
}

func (h *Handler) ListChildHoursOfOperations(_ context.Context, sc service.Scope, in *api.ListChildHoursOfOperationsRequest) (*api.ListChildHoursOfOperationsResponse, error) {
	page, parent, err := h.svc.ListChildHoursOfOperations(sc, *in.InstanceId, *in.HoursOfOperationId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListChildHoursOfOperationsResponse{ChildHoursOfOperationsSummaryList: []*api.HoursOfOperationsIdentifier{}, NextToken: nextToken(page.NextToken),
		LastModifiedTime: api.NewTime(parent.LastModifiedTime), LastModifiedRegion: api.Ptr(parent.LastModifiedRegion)}
	for _, c := range page.Items {
		out.ChildHoursOfOperationsSummaryList = append(out.ChildHoursOfOperationsSummaryList, &api.HoursOfOperationsIdentifier{
			Id: api.Ptr(c.ID), Arn: api.Ptr(c.ARN), Name: api.Ptr(c.Name)})
	}
	return out, nil
}
