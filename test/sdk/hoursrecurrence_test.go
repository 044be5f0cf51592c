package sdk

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// A YEARLY override closes the office on 21 December of every year of its
// window (EffectiveFrom..EffectiveTill), not on the other dates of the
// window; a MONTHLY one opens it late on the 2nd Tuesday of each month. The clock stands at T0, Thursday 2023-12-21
// 09:00 UTC (10:00 in Paris).
func TestHoursOverrideRecurrence(t *testing.T) {
	c := newCenter(t, "recurrence")
	var cfg []types.HoursOfOperationConfig
	for _, d := range types.HoursOfOperationDays("").Values() {
		cfg = append(cfg, types.HoursOfOperationConfig{Day: d, StartTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(8), Minutes: aws.Int32(0)},
			EndTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(17), Minutes: aws.Int32(0)}})
	}
	h, err := c.c.CreateHoursOfOperation(ctx(), &connect.CreateHoursOfOperationInput{InstanceId: &c.iid, Name: aws.String("Office"),
		TimeZone: aws.String("Europe/Paris"), Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	create := func(name string, typ types.OverrideType, from string, r *types.RecurrencePattern, oc ...types.HoursOfOperationOverrideConfig) error {
		t.Helper()
		in := &connect.CreateHoursOfOperationOverrideInput{InstanceId: &c.iid, HoursOfOperationId: h.HoursOfOperationId, Name: aws.String(name),
			OverrideType: typ, EffectiveFrom: aws.String(from), EffectiveTill: aws.String("2026-12-31"), Config: append([]types.HoursOfOperationOverrideConfig{}, oc...)}
		if r != nil {
			in.RecurrenceConfig = &types.RecurrenceConfig{RecurrencePattern: r}
		}
		_, err := c.c.CreateHoursOfOperationOverride(ctx(), in)
		return err
	}
	if err := create("Winter day", types.OverrideTypeClosed, "2023-12-21", &types.RecurrencePattern{Frequency: types.RecurrenceFrequencyYearly, Interval: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	if err := create("Team meeting", types.OverrideTypeStandard, "2024-01-01",
		&types.RecurrencePattern{Frequency: types.RecurrenceFrequencyMonthly, Interval: aws.Int32(1), ByWeekdayOccurrence: []int32{2}},
		types.HoursOfOperationOverrideConfig{Day: types.OverrideDaysTuesday, StartTime: slice(12, 0), EndTime: slice(17, 0)}); err != nil {
		t.Fatal(err)
	}
	// Nonsense patterns the API reference rules out.
	for _, r := range []types.RecurrencePattern{
		{Frequency: types.RecurrenceFrequencyMonthly, Interval: aws.Int32(1), ByMonthDay: []int32{1}, ByWeekdayOccurrence: []int32{1}},
		{Frequency: types.RecurrenceFrequencyWeekly, Interval: aws.Int32(1), ByWeekdayOccurrence: []int32{1}},
		{Frequency: types.RecurrenceFrequencyYearly, Interval: aws.Int32(1), ByMonth: []int32{1, 2}},
	} {
		wantAPIError(t, create("Bad", types.OverrideTypeClosed, "2024-01-01", &r), "InvalidParameterException", 400)
	}

	flow := c.mkFlow("hours", hoursFlow(*h.HoursOfOperationArn))
	say := func() string { texts, _ := c.runSaid(flow); return strings.Join(texts, "|") }
	if got := say(); got != "closed" {
		t.Fatalf("2023-12-21: %q", got)
	}
	c.advance(366 * 24 * time.Hour) // Saturday 2024-12-21 10:00 Paris
	if got := say(); got != "closed" {
		t.Fatalf("2024-12-21, a year on: %q", got)
	}
	c.advance(24 * time.Hour)
	if got := say(); got != "open" {
		t.Fatalf("2024-12-22: %q", got)
	}

	e, err := c.c.GetEffectiveHoursOfOperations(ctx(), &connect.GetEffectiveHoursOfOperationsInput{InstanceId: &c.iid, HoursOfOperationId: h.HoursOfOperationId,
		FromDate: aws.String("2024-12-09"), ToDate: aws.String("2024-12-22")})
	if err != nil {
		t.Fatal(err)
	}
	open := map[string]string{}
	for _, d := range e.EffectiveHoursOfOperationList {
		var s []string
		for _, oh := range d.OperationalHours {
			s = append(s, time.Date(0, 1, 1, int(*oh.Start.Hours), int(*oh.Start.Minutes), 0, 0, time.UTC).Format("15:04"))
		}
		open[*d.Date] = strings.Join(s, ",")
	}
	// 10 December 2024 is the 2nd Tuesday: open from 12:00.
	if open["2024-12-21"] != "" || open["2024-12-20"] != "08:00" || open["2024-12-10"] != "12:00" || open["2024-12-17"] != "08:00" {
		t.Fatalf("effective hours %v", open)
	}
}
