package handler

import (
	"context"
	"encoding/json"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/routing"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) metricRoutes(o *api.Operations) {
	o.GetCurrentMetricData = op(h.GetCurrentMetricData)
	o.GetMetricData = op(h.GetMetricData)
	o.GetMetricDataV2 = op(h.GetMetricDataV2)
}

// stepExpression parses a RoutingStepExpression filter value (the
// canonical JSON of docs/routing.md#the-routing-step-expression-dimension) so agents can be evaluated against it; nil
// when the value is not a valid expression.
func stepExpression(s string) *routing.Expression {
	var e api.Expression
	if json.Unmarshal([]byte(s), &e) != nil {
		return nil
	}
	x := expressionIn(&e)
	if x.Validate() != nil {
		return nil
	}
	return &x
}

func (h *Handler) GetCurrentMetricData(_ context.Context, sc service.Scope, in *api.GetCurrentMetricDataRequest) (*api.GetCurrentMetricDataResponse, error) {
	req := service.CurrentMetricsRequest{HasFilters: in.Filters != nil, Groupings: in.Groupings,
		MaxResults: int(api.Val(in.MaxResults)), NextToken: api.Val(in.NextToken)}
	if f := in.Filters; f != nil {
		req.Queues, req.RoutingProfiles, req.Channels, req.StepExpressions = f.Queues, f.RoutingProfiles, f.Channels, f.RoutingStepExpressions
		for _, e := range f.RoutingStepExpressions {
			req.StepParsed = append(req.StepParsed, stepExpression(e))
		}
		req.Unsupported = unsupportedFilters(f)
	}
	for _, m := range in.CurrentMetrics {
		if m == nil {
			continue
		}
		if m.MetricId != nil {
			req.Unsupported = append(req.Unsupported, "CurrentMetrics.MetricId")
		}
		req.Metrics = append(req.Metrics, service.MetricName{Name: api.Val(m.Name), Unit: api.Val(m.Unit)})
	}
	for _, c := range in.SortCriteria {
		if c != nil {
			req.Sort = append(req.Sort, service.SortCriterion{Metric: api.Val(c.SortByMetric), Order: api.Val(c.SortOrder)})
		}
	}
	out, err := h.svc.GetCurrentMetricData(sc, *in.InstanceId, req)
	if err != nil {
		return nil, err
	}
	resp := &api.GetCurrentMetricDataResponse{MetricResults: []*api.CurrentMetricResult{}, NextToken: nextToken(out.NextToken),
		DataSnapshotTime: api.NewTime(out.SnapshotTime), ApproximateTotalCount: api.Ptr(int64(out.Total))}
	for _, r := range out.Rows {
		res := &api.CurrentMetricResult{Dimensions: dimensionsOut(r.Queue, r.RoutingProfile, r.Channel, r.StepExpression)}
		for _, v := range r.Values {
			res.Collections = append(res.Collections, &api.CurrentMetricData{Metric: &api.CurrentMetric{Name: api.Ptr(v.Name), Unit: api.Ptr(v.Unit)}, Value: v.Value})
		}
		resp.MetricResults = append(resp.MetricResults, res)
	}
	return resp, nil
}

func unsupportedFilters(f *api.Filters) []string {
	var out []string
	if len(f.AgentStatuses) > 0 {
		out = append(out, "Filters.AgentStatuses")
	}
	if len(f.Subtypes) > 0 {
		out = append(out, "Filters.Subtypes")
	}
	if len(f.ValidationTestTypes) > 0 {
		out = append(out, "Filters.ValidationTestTypes")
	}
	return out
}

func dimensionsOut(queue, profile *service.ResourceRef, channel, step string) *api.Dimensions {
	d := &api.Dimensions{Channel: strp(channel), RoutingStepExpression: strp(step)}
	if queue != nil {
		d.Queue = &api.QueueReference{Id: api.Ptr(queue.ID), Arn: api.Ptr(queue.ARN)}
	}
	if profile != nil {
		d.RoutingProfile = &api.RoutingProfileReference{Id: api.Ptr(profile.ID), Arn: api.Ptr(profile.ARN)}
	}
	return d
}

func thresholdIn(t *api.Threshold) (*service.MetricThreshold, bool) {
	if t == nil {
		return nil, false
	}
	if t.Comparison == nil || t.ThresholdValue == nil {
		return nil, true
	}
	return &service.MetricThreshold{Comparison: *t.Comparison, Value: *t.ThresholdValue}, false
}

func (h *Handler) GetMetricData(_ context.Context, sc service.Scope, in *api.GetMetricDataRequest) (*api.GetMetricDataResponse, error) {
	req := service.HistoricalMetricsRequest{HasFilters: in.Filters != nil, Groupings: in.Groupings,
		MaxResults: int(api.Val(in.MaxResults)), NextToken: api.Val(in.NextToken)}
	if in.StartTime != nil {
		req.StartTime = in.StartTime.Time
	}
	if in.EndTime != nil {
		req.EndTime = in.EndTime.Time
	}
	if f := in.Filters; f != nil {
		req.Queues, req.Channels, req.RoutingProfiles, req.StepExpressions = f.Queues, f.Channels, f.RoutingProfiles, f.RoutingStepExpressions
		req.Unsupported = unsupportedFilters(f)
	}
	for _, m := range in.HistoricalMetrics {
		if m == nil {
			continue
		}
		spec := service.HistoricalMetricSpec{Name: api.Val(m.Name), Unit: api.Val(m.Unit), Statistic: api.Val(m.Statistic)}
		spec.Threshold, spec.ThresholdIncomplete = thresholdIn(m.Threshold)
		req.Metrics = append(req.Metrics, spec)
	}
	out, err := h.svc.GetMetricData(sc, *in.InstanceId, req)
	if err != nil {
		return nil, err
	}
	resp := &api.GetMetricDataResponse{MetricResults: []*api.HistoricalMetricResult{}, NextToken: nextToken(out.NextToken)}
	for _, r := range out.Rows {
		res := &api.HistoricalMetricResult{Dimensions: dimensionsOut(r.Queue, nil, r.Channel, r.StepExpression)}
		for _, v := range r.Values {
			m := &api.HistoricalMetric{Name: api.Ptr(v.Name), Unit: api.Ptr(v.Unit), Statistic: api.Ptr(v.Statistic)}
			if v.Threshold != nil {
				m.Threshold = &api.Threshold{Comparison: api.Ptr(v.Threshold.Comparison), ThresholdValue: api.Ptr(v.Threshold.Value)}
			}
			res.Collections = append(res.Collections, &api.HistoricalMetricData{Metric: m, Value: v.Value})
		}
		resp.MetricResults = append(resp.MetricResults, res)
	}
	return resp, nil
}

func (h *Handler) GetMetricDataV2(_ context.Context, sc service.Scope, in *api.GetMetricDataV2Request) (*api.GetMetricDataV2Response, error) {
	req := service.MetricsV2Request{ResourceARN: api.Val(in.ResourceArn), Groupings: in.Groupings,
		MaxResults: int(api.Val(in.MaxResults)), NextToken: api.Val(in.NextToken)}
	if in.StartTime != nil {
		req.StartTime = in.StartTime.Time
	}
	if in.EndTime != nil {
		req.EndTime = in.EndTime.Time
	}
	if in.Interval != nil {
		req.IntervalPeriod, req.TimeZone = api.Val(in.Interval.IntervalPeriod), api.Val(in.Interval.TimeZone)
	}
	for _, f := range in.Filters {
		if f != nil {
			req.Filters = append(req.Filters, service.FilterV2{Key: api.Val(f.FilterKey), Values: f.FilterValues, StringCondition: f.StringCondition != nil})
		}
	}
	for _, m := range in.Metrics {
		if m == nil {
			continue
		}
		spec := service.MetricV2Spec{Name: api.Val(m.Name), MetricID: api.Val(m.MetricId), MetricFilters: len(m.MetricFilters) > 0}
		for _, t := range m.Threshold {
			if t != nil {
				spec.Thresholds = append(spec.Thresholds, service.MetricThreshold{Comparison: api.Val(t.Comparison), Value: api.Val(t.ThresholdValue)})
			}
		}
		req.Metrics = append(req.Metrics, spec)
	}
	out, err := h.svc.GetMetricDataV2(sc, req)
	if err != nil {
		return nil, err
	}
	resp := &api.GetMetricDataV2Response{MetricResults: []*api.MetricResultV2{}, NextToken: nextToken(out.NextToken)}
	for _, r := range out.Rows {
		res := &api.MetricResultV2{Dimensions: r.Dimensions,
			MetricInterval: &api.MetricInterval{Interval: api.Ptr(r.Period), StartTime: api.NewTime(r.Start), EndTime: api.NewTime(r.End)}}
		for _, v := range r.Values {
			m := &api.MetricV2{Name: api.Ptr(v.Name)}
			if v.Threshold != nil {
				m.Threshold = []*api.ThresholdV2{{Comparison: api.Ptr(v.Threshold.Comparison), ThresholdValue: api.Ptr(v.Threshold.Value)}}
			}
			res.Collections = append(res.Collections, &api.MetricDataV2{Metric: m, Value: v.Value})
		}
		resp.MetricResults = append(resp.MetricResults, res)
	}
	return resp, nil
}
