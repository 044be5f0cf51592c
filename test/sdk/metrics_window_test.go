package sdk

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/server"
)

// GetMetricDataV2 takes a window at any instant, as AWS documents no
// 5-minute rule for it: a window from 09:03 to 09:58 counts exactly the
// contact records completed inside it, although 09:00-09:05 and
// 09:55-10:00 each hold one record inside and one outside. GetMetricData
// keeps its documented 5-minute rule.
func TestMetricsWindowAtAnyTime(t *testing.T) {
	m := newMetricsCenter(t, server.Options{Memory: true})
	// No agent is routable: every task waits until its customer leaves.
	abandon := func(from, to string) {
		m.to(from)
		cid := m.start(m.f1)
		m.to(to)
		m.customerEnds(cid)
	}
	abandon("09:00:30", "09:02:00") // 90 s, before the window
	abandon("09:02:00", "09:04:00") // 120 s, in its first minutes
	abandon("09:10:00", "09:20:00") // 600 s
	abandon("09:56:00", "09:57:00") // 60 s, in its last minutes
	abandon("09:57:00", "09:59:00") // 120 s, after the window
	m.to("10:10:00")

	queue := []types.FilterV2{{FilterKey: aws.String("QUEUE"), FilterValues: []string{m.q1}}}
	names := []string{"CONTACTS_QUEUED", "CONTACTS_ABANDONED", "AVG_ABANDON_TIME", "MAX_QUEUED_TIME", "SUM_CONTACTS_ABANDONED_IN_X@100"}
	got, _ := m.v2("09:03:00", "09:58:00", types.IntervalPeriodTotal, queue, []string{"QUEUE"}, names...)
	// By hand: the records of 09:04 (120 s), 09:20 (600 s) and 09:57 (60 s).
	check(t, "09:03-09:58 in total", got, rows{"{queue=q1}@09:03": {"CONTACTS_QUEUED": 3, "CONTACTS_ABANDONED": 3,
		"AVG_ABANDON_TIME": (120 + 600 + 60) / 3.0, "MAX_QUEUED_TIME": 600, "SUM_CONTACTS_ABANDONED_IN_X@100": 1}})

	got, _ = m.v2("09:03:00", "09:58:00", types.IntervalPeriodFifteenMin, queue, []string{"QUEUE"}, "CONTACTS_ABANDONED", "AVG_ABANDON_TIME")
	check(t, "09:03-09:58 by quarter hour", got, rows{
		"{queue=q1}@09:03": {"CONTACTS_ABANDONED": 1, "AVG_ABANDON_TIME": 120},
		"{queue=q1}@09:15": {"CONTACTS_ABANDONED": 1, "AVG_ABANDON_TIME": 600},
		"{queue=q1}@09:45": {"CONTACTS_ABANDONED": 1, "AVG_ABANDON_TIME": 60},
	})
	// Inside one bucket, and the whole of it: 09:01:30-09:03:00 holds the
	// 09:02 record only.
	got, _ = m.v2("09:01:30", "09:03:00", types.IntervalPeriodTotal, queue, []string{"QUEUE"}, "CONTACTS_ABANDONED", "MAX_QUEUED_TIME")
	check(t, "09:01:30-09:03", got, rows{"{queue=q1}@09:01": {"CONTACTS_ABANDONED": 1, "MAX_QUEUED_TIME": 90}})

	// GetMetricData (v1) still wants 5-minute boundaries.
	_, err := m.c.GetMetricData(ctx(), &connect.GetMetricDataInput{InstanceId: &m.iid, StartTime: aws.Time(day9("09:03:00")), EndTime: aws.Time(day9("09:55:00")),
		Filters: &types.Filters{Queues: []string{m.q1}}, HistoricalMetrics: []types.HistoricalMetric{{Name: types.HistoricalMetricNameContactsQueued, Unit: types.UnitCount, Statistic: types.StatisticSum}}})
	if msg := wantAPIError(t, err, "InvalidParameterException", 400); msg == "" {
		t.Error("GetMetricData took an unaligned StartTime")
	}
}
