package sdk

import (
	"errors"
	"fmt"
	"sort"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// Hours of operation, queues, quick connects, routing profiles, contact
// flows and flow modules, driven as the Terraform AWS provider's
// resources and data sources of the same names do.

func tfHoursConfig(days ...types.HoursOfOperationDays) []types.HoursOfOperationConfig {
	var cfg []types.HoursOfOperationConfig
	for i, d := range days {
		cfg = append(cfg, types.HoursOfOperationConfig{Day: d,
			StartTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(int32(8 + i)), Minutes: aws.Int32(0)},
			EndTime:   &types.HoursOfOperationTimeSlice{Hours: aws.Int32(17), Minutes: aws.Int32(int32(15 * i))}})
	}
	return cfg
}

// tfSameHours compares config blocks as the provider's set does (order
// free).
func tfSameHours(got, want []types.HoursOfOperationConfig) bool {
	key := func(cs []types.HoursOfOperationConfig) []string {
		var ks []string
		for _, c := range cs {
			if c.StartTime == nil || c.EndTime == nil {
				return nil
			}
			ks = append(ks, fmt.Sprintf("%s %02d:%02d-%02d:%02d", c.Day, aws.ToInt32(c.StartTime.Hours), aws.ToInt32(c.StartTime.Minutes),
				aws.ToInt32(c.EndTime.Hours), aws.ToInt32(c.EndTime.Minutes)))
		}
		sort.Strings(ks)
		return ks
	}
	g, w := key(got), key(want)
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		if g[i] != w[i] {
			return false
		}
	}
	return true
}

func TestTerraformHoursOfOperation(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "tf-hours")
	cfg := tfHoursConfig(types.HoursOfOperationDaysMonday, types.HoursOfOperationDaysTuesday)
	tags := map[string]string{"env": "test"}
	out, err := c.CreateHoursOfOperation(ctx(), &connect.CreateHoursOfOperationInput{InstanceId: &iid, Name: aws.String("tf office"),
		Description: aws.String("weekdays"), TimeZone: aws.String("Europe/Paris"), Config: cfg, Tags: tags})
	tfStep(t, "CreateHoursOfOperation", err)
	hid := *out.HoursOfOperationId
	read := func() (*types.HoursOfOperation, error) {
		d, err := c.DescribeHoursOfOperation(ctx(), &connect.DescribeHoursOfOperationInput{InstanceId: &iid, HoursOfOperationId: &hid})
		if err != nil {
			return nil, err
		}
		return d.HoursOfOperation, nil
	}
	h, err := read()
	tfStep(t, "DescribeHoursOfOperation", err)
	if *h.HoursOfOperationArn != *out.HoursOfOperationArn || *h.HoursOfOperationId != hid || *h.Name != "tf office" ||
		aws.ToString(h.Description) != "weekdays" || *h.TimeZone != "Europe/Paris" || !tfSameHours(h.Config, cfg) {
		t.Fatalf("read %+v", h)
	}
	tfSameTags(t, "hours", h.Tags, tags)

	// One UpdateHoursOfOperation carries every field.
	cfg = tfHoursConfig(types.HoursOfOperationDaysWednesday, types.HoursOfOperationDaysThursday, types.HoursOfOperationDaysFriday)
	_, err = c.UpdateHoursOfOperation(ctx(), &connect.UpdateHoursOfOperationInput{InstanceId: &iid, HoursOfOperationId: &hid,
		Name: aws.String("tf office 2"), Description: aws.String("midweek"), TimeZone: aws.String("America/New_York"), Config: cfg})
	tfStep(t, "UpdateHoursOfOperation", err)
	newTags := map[string]string{"env": "prod", "team": "blue"}
	tfUpdateTags(t, c, *out.HoursOfOperationArn, tags, newTags)
	h, err = read()
	tfStep(t, "DescribeHoursOfOperation", err)
	if *h.Name != "tf office 2" || aws.ToString(h.Description) != "midweek" || *h.TimeZone != "America/New_York" || !tfSameHours(h.Config, cfg) {
		t.Fatalf("after update %+v", h)
	}
	tfSameTags(t, "hours after update", h.Tags, newTags)

	// Data source: by name (ListHoursOfOperations paged) and by id.
	s := tfFindOne(t, "ListHoursOfOperations", func(token *string) ([]types.HoursOfOperationSummary, *string, error) {
		o, err := c.ListHoursOfOperations(ctx(), &connect.ListHoursOfOperationsInput{InstanceId: &iid, MaxResults: tfMaxResults, NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		return o.HoursOfOperationSummaryList, o.NextToken, nil
	}, func(s types.HoursOfOperationSummary) string { return aws.ToString(s.Name) }, "tf office 2")
	if *s.Id != hid || *s.Arn != *out.HoursOfOperationArn {
		t.Fatalf("summary %+v", s)
	}

	_, err = c.DeleteHoursOfOperation(ctx(), &connect.DeleteHoursOfOperationInput{InstanceId: &iid, HoursOfOperationId: &hid})
	tfStep(t, "DeleteHoursOfOperation", err)
	_, err = read()
	tfNotFound(t, "DescribeHoursOfOperation", err)
}

func TestTerraformQueue(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "tf-queue")
	h1, h2 := newHours(t, c, iid, "h1"), newHours(t, c, iid, "h2")
	outbound := flowIDByName(t, c, iid, "Default outbound")
	qc := func(name, number string) string {
		o, err := c.CreateQuickConnect(ctx(), &connect.CreateQuickConnectInput{InstanceId: &iid, Name: aws.String(name),
			QuickConnectConfig: &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypePhoneNumber,
				PhoneConfig: &types.PhoneNumberQuickConnectConfig{PhoneNumber: aws.String(number)}}})
		if err != nil {
			t.Fatal(err)
		}
		return *o.QuickConnectId
	}
	qc1, qc2 := qc("qc1", "+12065550101"), qc("qc2", "+12065550102")
	tags := map[string]string{"env": "test"}
	out, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String("tf queue"), Description: aws.String("first"),
		HoursOfOperationId: &h1, MaxContacts: aws.Int32(10),
		OutboundCallerConfig: &types.OutboundCallerConfig{OutboundCallerIdName: aws.String("Support")},
		QuickConnectIds:      []string{qc1}, Tags: tags})
	tfStep(t, "CreateQueue", err)
	qid := *out.QueueId
	read := func() (*types.Queue, []string) {
		t.Helper()
		d, err := c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: &qid})
		tfStep(t, "DescribeQueue", err)
		var ids []string
		p := connect.NewListQueueQuickConnectsPaginator(c, &connect.ListQueueQuickConnectsInput{InstanceId: &iid, QueueId: &qid, MaxResults: tfMaxResults})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx())
			tfStep(t, "ListQueueQuickConnects", err)
			for _, s := range page.QuickConnectSummaryList {
				ids = append(ids, *s.Id)
			}
		}
		sort.Strings(ids)
		return d.Queue, ids
	}
	q, qcs := read()
	if *q.QueueArn != *out.QueueArn || *q.QueueId != qid || *q.Name != "tf queue" || aws.ToString(q.Description) != "first" ||
		*q.HoursOfOperationId != h1 || aws.ToInt32(q.MaxContacts) != 10 || q.Status != types.QueueStatusEnabled ||
		q.OutboundCallerConfig == nil || aws.ToString(q.OutboundCallerConfig.OutboundCallerIdName) != "Support" ||
		len(qcs) != 1 || qcs[0] != qc1 {
		t.Fatalf("read %+v, quick connects %v", q, qcs)
	}
	tfSameTags(t, "queue", q.Tags, tags)

	// The six update calls, in the provider's order.
	_, err = c.UpdateQueueHoursOfOperation(ctx(), &connect.UpdateQueueHoursOfOperationInput{InstanceId: &iid, QueueId: &qid, HoursOfOperationId: &h2})
	tfStep(t, "UpdateQueueHoursOfOperation", err)
	_, err = c.UpdateQueueMaxContacts(ctx(), &connect.UpdateQueueMaxContactsInput{InstanceId: &iid, QueueId: &qid, MaxContacts: aws.Int32(20)})
	tfStep(t, "UpdateQueueMaxContacts", err)
	_, err = c.UpdateQueueName(ctx(), &connect.UpdateQueueNameInput{InstanceId: &iid, QueueId: &qid, Name: aws.String("tf queue 2"), Description: aws.String("second")})
	tfStep(t, "UpdateQueueName", err)
	_, err = c.UpdateQueueOutboundCallerConfig(ctx(), &connect.UpdateQueueOutboundCallerConfigInput{InstanceId: &iid, QueueId: &qid,
		OutboundCallerConfig: &types.OutboundCallerConfig{OutboundCallerIdName: aws.String("Sales"), OutboundFlowId: &outbound}})
	tfStep(t, "UpdateQueueOutboundCallerConfig", err)
	_, err = c.UpdateQueueStatus(ctx(), &connect.UpdateQueueStatusInput{InstanceId: &iid, QueueId: &qid, Status: types.QueueStatusDisabled})
	tfStep(t, "UpdateQueueStatus", err)
	_, err = c.AssociateQueueQuickConnects(ctx(), &connect.AssociateQueueQuickConnectsInput{InstanceId: &iid, QueueId: &qid, QuickConnectIds: []string{qc2}})
	tfStep(t, "AssociateQueueQuickConnects", err)
	_, err = c.DisassociateQueueQuickConnects(ctx(), &connect.DisassociateQueueQuickConnectsInput{InstanceId: &iid, QueueId: &qid, QuickConnectIds: []string{qc1}})
	tfStep(t, "DisassociateQueueQuickConnects", err)
	newTags := map[string]string{"team": "blue"}
	tfUpdateTags(t, c, *out.QueueArn, tags, newTags)
	q, qcs = read()
	if *q.Name != "tf queue 2" || aws.ToString(q.Description) != "second" || *q.HoursOfOperationId != h2 || aws.ToInt32(q.MaxContacts) != 20 ||
		q.Status != types.QueueStatusDisabled || aws.ToString(q.OutboundCallerConfig.OutboundCallerIdName) != "Sales" ||
		aws.ToString(q.OutboundCallerConfig.OutboundFlowId) != outbound || len(qcs) != 1 || qcs[0] != qc2 {
		t.Fatalf("after update %+v, quick connects %v", q, qcs)
	}
	tfSameTags(t, "queue after update", q.Tags, newTags)

	// Data source: by name (ListQueues paged), then DescribeQueue.
	s := tfFindOne(t, "ListQueues", func(token *string) ([]types.QueueSummary, *string, error) {
		o, err := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &iid, MaxResults: tfMaxResults, NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		return o.QueueSummaryList, o.NextToken, nil
	}, func(s types.QueueSummary) string { return aws.ToString(s.Name) }, "tf queue 2")
	if *s.Id != qid || *s.Arn != *out.QueueArn || s.QueueType != types.QueueTypeStandard {
		t.Fatalf("summary %+v", s)
	}

	// Delete, retried while ResourceInUseException (one minute).
	e.waitFor(t, "queue deleted", func() (bool, error) {
		_, err := c.DeleteQueue(ctx(), &connect.DeleteQueueInput{InstanceId: &iid, QueueId: &qid})
		var inUse *types.ResourceInUseException
		if errors.As(err, &inUse) {
			return false, nil
		}
		tfStep(t, "DeleteQueue", err)
		return true, nil
	})
	_, err = c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: &qid})
	tfNotFound(t, "DescribeQueue", err)
}

func TestTerraformQuickConnect(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "tf-qc")
	c, iid := f.c, f.iid
	transfer := flowIDByName(t, c, iid, "Default queue transfer")
	tags := map[string]string{"env": "test"}
	out, err := c.CreateQuickConnect(ctx(), &connect.CreateQuickConnectInput{InstanceId: &iid, Name: aws.String("tf qc"), Description: aws.String("phone"),
		QuickConnectConfig: &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypePhoneNumber,
			PhoneConfig: &types.PhoneNumberQuickConnectConfig{PhoneNumber: aws.String("+12065550199")}}, Tags: tags})
	tfStep(t, "CreateQuickConnect", err)
	id := *out.QuickConnectId
	read := func() (*types.QuickConnect, error) {
		d, err := c.DescribeQuickConnect(ctx(), &connect.DescribeQuickConnectInput{InstanceId: &iid, QuickConnectId: &id})
		if err != nil {
			return nil, err
		}
		return d.QuickConnect, nil
	}
	q, err := read()
	tfStep(t, "DescribeQuickConnect", err)
	if *q.QuickConnectARN != *out.QuickConnectARN || *q.QuickConnectId != id || *q.Name != "tf qc" || aws.ToString(q.Description) != "phone" ||
		q.QuickConnectConfig.QuickConnectType != types.QuickConnectTypePhoneNumber || *q.QuickConnectConfig.PhoneConfig.PhoneNumber != "+12065550199" {
		t.Fatalf("read %+v", q)
	}
	tfSameTags(t, "quick connect", q.Tags, tags)

	_, err = c.UpdateQuickConnectName(ctx(), &connect.UpdateQuickConnectNameInput{InstanceId: &iid, QuickConnectId: &id, Name: aws.String("tf qc 2"), Description: aws.String("queue")})
	tfStep(t, "UpdateQuickConnectName", err)
	_, err = c.UpdateQuickConnectConfig(ctx(), &connect.UpdateQuickConnectConfigInput{InstanceId: &iid, QuickConnectId: &id,
		QuickConnectConfig: &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypeQueue,
			QueueConfig: &types.QueueQuickConnectConfig{QueueId: &f.basicQueue, ContactFlowId: &transfer}}})
	tfStep(t, "UpdateQuickConnectConfig", err)
	newTags := map[string]string{"env": "prod"}
	tfUpdateTags(t, c, *out.QuickConnectARN, tags, newTags)
	q, err = read()
	tfStep(t, "DescribeQuickConnect", err)
	if *q.Name != "tf qc 2" || aws.ToString(q.Description) != "queue" || q.QuickConnectConfig.QuickConnectType != types.QuickConnectTypeQueue ||
		q.QuickConnectConfig.QueueConfig == nil || *q.QuickConnectConfig.QueueConfig.QueueId != f.basicQueue ||
		*q.QuickConnectConfig.QueueConfig.ContactFlowId != transfer || q.QuickConnectConfig.PhoneConfig != nil {
		t.Fatalf("after update %+v", q.QuickConnectConfig)
	}
	tfSameTags(t, "quick connect after update", q.Tags, newTags)

	s := tfFindOne(t, "ListQuickConnects", func(token *string) ([]types.QuickConnectSummary, *string, error) {
		o, err := c.ListQuickConnects(ctx(), &connect.ListQuickConnectsInput{InstanceId: &iid, MaxResults: tfMaxResults, NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		return o.QuickConnectSummaryList, o.NextToken, nil
	}, func(s types.QuickConnectSummary) string { return aws.ToString(s.Name) }, "tf qc 2")
	if *s.Id != id || s.QuickConnectType != types.QuickConnectTypeQueue {
		t.Fatalf("summary %+v", s)
	}

	_, err = c.DeleteQuickConnect(ctx(), &connect.DeleteQuickConnectInput{InstanceId: &iid, QuickConnectId: &id})
	tfStep(t, "DeleteQuickConnect", err)
	_, err = read()
	tfNotFound(t, "DescribeQuickConnect", err)
}
