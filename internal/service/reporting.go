package service

import "github.com/connect-local/connect-local/internal/reporting"

// The metrics operations live in internal/reporting; Service embeds it
// (service.go), and these are its types under their old names.
type (
	CurrentMetricRow         = reporting.CurrentMetricRow
	CurrentMetricsRequest    = reporting.CurrentMetricsRequest
	CurrentMetricsResult     = reporting.CurrentMetricsResult
	FilterV2                 = reporting.FilterV2
	HistoricalMetricRow      = reporting.HistoricalMetricRow
	HistoricalMetricSpec     = reporting.HistoricalMetricSpec
	HistoricalMetricsRequest = reporting.HistoricalMetricsRequest
	HistoricalMetricsResult  = reporting.HistoricalMetricsResult
	MetricName               = reporting.MetricName
	MetricThreshold          = reporting.MetricThreshold
	MetricV2Row              = reporting.MetricV2Row
	MetricV2Spec             = reporting.MetricV2Spec
	MetricValue              = reporting.MetricValue
	MetricsV2Request         = reporting.MetricsV2Request
	MetricsV2Result          = reporting.MetricsV2Result
	ResourceRef              = reporting.ResourceRef
	SortCriterion            = reporting.SortCriterion
)

// The metrics windows (internal/reporting).
const (
	MetricDataLookBack = reporting.MetricDataLookBack
	MetricsTokenTTL    = reporting.MetricsTokenTTL
)
