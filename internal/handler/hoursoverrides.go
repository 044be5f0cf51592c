package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/resourcesearch"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// Hours-of-operation overrides (docs/flows.md#hours-of-operation-overrides).
func (h *Handler) hoursOverrideRoutes(o *api.Operations) {
	o.CreateHoursOfOperationOverride = op(h.CreateHoursOfOperationOverride)
	o.DescribeHoursOfOperationOverride = op(h.DescribeHoursOfOperationOverride)
	o.UpdateHoursOfOperationOverride = op0(h.UpdateHoursOfOperationOverride)
	o.DeleteHoursOfOperationOverride = op0(h.DeleteHoursOfOperationOverride)
	o.ListHoursOfOperationOverrides = op(h.ListHoursOfOperationOverrides)
	o.SearchHoursOfOperationOverrides = op(h.SearchHoursOfOperationOverrides)
	o.GetEffectiveHoursOfOperations = op(h.GetEffectiveHoursOfOperations)
}

func overrideConfigIn(cs []*api.HoursOfOperationOverrideConfig) []service.HoursConfig {
	if cs == nil {
		return nil
	}
	out := []service.HoursConfig{}
	for _, c := range cs {
		out = append(out, service.HoursConfig{Day: api.Val(c.Day), Start: sliceIn(c.StartTime), End: sliceIn(c.EndTime)})
	}
	return out
}

func sliceIn(t *api.OverrideTimeSlice) service.HourMinute {
	if t == nil {
		return service.HourMinute{}
	}
	return service.HourMinute{Hours: api.Val(t.Hours), Minutes: api.Val(t.Minutes)}
}

func sliceOut(t service.HourMinute) *api.OverrideTimeSlice {
	return &api.OverrideTimeSlice{Hours: api.Ptr(t.Hours), Minutes: api.Ptr(t.Minutes)}
}

func recurrenceIn(r *api.RecurrenceConfig) *service.OverrideRecurrence {
	if r == nil || r.RecurrencePattern == nil {
		return nil
	}
	p := r.RecurrencePattern
	return &service.OverrideRecurrence{Frequency: api.Val(p.Frequency), Interval: api.Val(p.Interval),
		ByMonth: p.ByMonth, ByMonthDay: p.ByMonthDay, ByWeekdayOccurrence: p.ByWeekdayOccurrence}
}

func overrideOut(o *service.HoursOverride, hoursARN string) *api.HoursOfOperationOverride {
	out := &api.HoursOfOperationOverride{HoursOfOperationOverrideId: api.Ptr(o.ID), HoursOfOperationId: api.Ptr(o.HoursID),
		HoursOfOperationArn: strp(hoursARN), Name: api.Ptr(o.Name), Description: strp(o.Description), OverrideType: api.Ptr(o.Type),
		EffectiveFrom: api.Ptr(o.EffectiveFrom), EffectiveTill: api.Ptr(o.EffectiveTill), Config: []*api.HoursOfOperationOverrideConfig{}}
	for _, c := range o.Config {
		out.Config = append(out.Config, &api.HoursOfOperationOverrideConfig{Day: api.Ptr(c.Day), StartTime: sliceOut(c.Start), EndTime: sliceOut(c.End)})
	}
	if r := o.Recurrence; r != nil {
		out.RecurrenceConfig = &api.RecurrenceConfig{RecurrencePattern: &api.RecurrencePattern{Frequency: api.Ptr(r.Frequency),
			Interval: api.Ptr(r.Interval), ByMonth: r.ByMonth, ByMonthDay: r.ByMonthDay, ByWeekdayOccurrence: r.ByWeekdayOccurrence}}
	}
	return out
}

func (h *Handler) CreateHoursOfOperationOverride(_ context.Context, sc service.Scope, in *api.CreateHoursOfOperationOverrideRequest) (*api.CreateHoursOfOperationOverrideResponse, error) {
	o, err := h.svc.CreateHoursOfOperationOverride(sc, *in.InstanceId, *in.HoursOfOperationId, service.OverrideInput{
		Name: in.Name, Description: in.Description, Type: in.OverrideType, Config: overrideConfigIn(in.Config),
		EffectiveFrom: in.EffectiveFrom, EffectiveTill: in.EffectiveTill, Recurrence: recurrenceIn(in.RecurrenceConfig)})
	if err != nil {
		return nil, err
	}
	return &api.CreateHoursOfOperationOverrideResponse{HoursOfOperationOverrideId: &o.ID}, nil
}

func (h *Handler) DescribeHoursOfOperationOverride(_ context.Context, sc service.Scope, in *api.DescribeHoursOfOperationOverrideRequest) (*api.DescribeHoursOfOperationOverrideResponse, error) {
	o, ho, err := h.svc.DescribeHoursOfOperationOverride(sc, *in.InstanceId, *in.HoursOfOperationId, *in.HoursOfOperationOverrideId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeHoursOfOperationOverrideResponse{HoursOfOperationOverride: overrideOut(o, ho.ARN)}, nil
}

func (h *Handler) UpdateHoursOfOperationOverride(_ context.Context, sc service.Scope, in *api.UpdateHoursOfOperationOverrideRequest) error {
	return h.svc.UpdateHoursOfOperationOverride(sc, *in.InstanceId, *in.HoursOfOperationId, *in.HoursOfOperationOverrideId, service.OverrideInput{
		Name: in.Name, Description: in.Description, Type: in.OverrideType, Config: overrideConfigIn(in.Config),
		EffectiveFrom: in.EffectiveFrom, EffectiveTill: in.EffectiveTill, Recurrence: recurrenceIn(in.RecurrenceConfig)})
}

func (h *Handler) DeleteHoursOfOperationOverride(_ context.Context, sc service.Scope, in *api.DeleteHoursOfOperationOverrideRequest) error {
	return h.svc.DeleteHoursOfOperationOverride(sc, *in.InstanceId, *in.HoursOfOperationId, *in.HoursOfOperationOverrideId)
}

func (h *Handler) ListHoursOfOperationOverrides(_ context.Context, sc service.Scope, in *api.ListHoursOfOperationOverridesRequest) (*api.ListHoursOfOperationOverridesResponse, error) {
	page, ho, err := h.svc.ListHoursOfOperationOverrides(sc, *in.InstanceId, *in.HoursOfOperationId, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListHoursOfOperationOverridesResponse{HoursOfOperationOverrideList: []*api.HoursOfOperationOverride{}, NextToken: nextToken(page.NextToken),
		LastModifiedTime: api.NewTime(ho.LastModifiedTime), LastModifiedRegion: api.Ptr(ho.LastModifiedRegion)}
	for i := range page.Items {
		out.HoursOfOperationOverrideList = append(out.HoursOfOperationOverrideList, overrideOut(&page.Items[i], ho.ARN))
	}
	return out, nil
}

// dateConditions collects the DateConditions of criteria that must all
// hold: the top level's and its AndConditions' (not under an OR, which
// connect-local does not support with dates).
func dateConditions(c *api.HoursOfOperationOverrideSearchCriteria, underOr bool) ([]service.DateCondition, error) {
	if c == nil {
		return nil, nil
	}
	var out []service.DateCondition
	if d := c.DateCondition; d != nil {
		if underOr {
			return nil, invalidDateOr()
		}
		dc := service.DateCondition{Field: api.Val(d.FieldName), Comparison: api.Val(d.ComparisonType), Value: api.Val(d.Value)}
		if err := service.CheckDateCondition(dc); err != nil {
			return nil, err
		}
		out = append(out, dc)
	}
	for _, sub := range c.AndConditions {
		ds, err := dateConditions(sub, underOr)
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	for _, sub := range c.OrConditions {
		if _, err := dateConditions(sub, true); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (h *Handler) SearchHoursOfOperationOverrides(_ context.Context, sc service.Scope, in *api.SearchHoursOfOperationOverridesRequest) (*api.SearchHoursOfOperationOverridesResponse, error) {
	dates, err := dateConditions(in.SearchCriteria, false)
	if err != nil {
		return nil, err
	}
	c := criteria(in.SearchCriteria, func(c *api.HoursOfOperationOverrideSearchCriteria) node[api.HoursOfOperationOverrideSearchCriteria] {
		return node[api.HoursOfOperationOverrideSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition}
	})
	var f resourcesearch.TagFilter
	if in.SearchFilter != nil {
		f = tagFilter(in.SearchFilter.TagFilter)
	}
	q, req, err := compile(service.SchemaOverrides, c, f, in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchOverridesIn(sc, *in.InstanceId, q, dates, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchHoursOfOperationOverridesResponse{HoursOfOperationOverrides: []*api.HoursOfOperationOverride{},
		ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for i := range page.Items {
		o := &page.Items[i]
		arn := ""
		if ho, err := h.svc.DescribeHoursOfOperation(sc, *in.InstanceId, o.HoursID); err == nil {
			arn = ho.ARN
		}
		out.HoursOfOperationOverrides = append(out.HoursOfOperationOverrides, overrideOut(o, arn))
	}
	return out, nil
}

func (h *Handler) GetEffectiveHoursOfOperations(_ context.Context, sc service.Scope, in *api.GetEffectiveHoursOfOperationsRequest) (*api.GetEffectiveHoursOfOperationsResponse, error) {
	days, ho, err := h.svc.GetEffectiveHoursOfOperations(sc, *in.InstanceId, *in.HoursOfOperationId, *in.FromDate, *in.ToDate)
	if err != nil {
		return nil, err
	}
	out := &api.GetEffectiveHoursOfOperationsResponse{TimeZone: api.Ptr(ho.TimeZone),
		EffectiveHoursOfOperationList: []*api.EffectiveHoursOfOperations{}, EffectiveOverrideHoursList: []*api.EffectiveOverrideHours{}}
	for _, d := range days {
		e := &api.EffectiveHoursOfOperations{Date: api.Ptr(d.Date), OperationalHours: []*api.OperationalHour{}}
		for _, c := range d.Open {
			e.OperationalHours = append(e.OperationalHours, &api.OperationalHour{Start: sliceOut(c.Start), End: sliceOut(c.End)})
		}
		out.EffectiveHoursOfOperationList = append(out.EffectiveHoursOfOperationList, e)
		if len(d.Overrides) > 0 {
			eo := &api.EffectiveOverrideHours{Date: api.Ptr(d.Date)}
			for _, x := range d.Overrides {
				eo.OverrideHours = append(eo.OverrideHours, &api.OverrideHour{OverrideName: api.Ptr(x.Name), OperationalStatus: api.Ptr(x.Status),
					Start: sliceOut(x.Start), End: sliceOut(x.End)})
			}
			out.EffectiveOverrideHoursList = append(out.EffectiveOverrideHoursList, eo)
		}
	}
	return out, nil
}

func invalidDateOr() error {
	return wire.InvalidParameter("A DateCondition may not appear under OrConditions.")
}
