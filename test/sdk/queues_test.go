package sdk

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func newHours(t *testing.T, c *connect.Client, iid, name string) string {
	t.Helper()
	out, err := c.CreateHoursOfOperation(ctx(), &connect.CreateHoursOfOperationInput{
		InstanceId: &iid, Name: aws.String(name), TimeZone: aws.String("Europe/Paris"),
		Config: []types.HoursOfOperationConfig{{
			Day:       types.HoursOfOperationDaysMonday,
			StartTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(9), Minutes: aws.Int32(0)},
			EndTime:   &types.HoursOfOperationTimeSlice{Hours: aws.Int32(17), Minutes: aws.Int32(30)},
		}},
		Tags: map[string]string{"team": "blue"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return *out.HoursOfOperationId
}

func newQueue(t *testing.T, c *connect.Client, iid, hid, name string) string {
	t.Helper()
	out, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String(name), HoursOfOperationId: &hid})
	if err != nil {
		t.Fatal(err)
	}
	return *out.QueueId
}

func TestHoursOfOperationLifecycle(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "hours")
	hid := newHours(t, c, iid, "Office")
	d, err := c.DescribeHoursOfOperation(ctx(), &connect.DescribeHoursOfOperationInput{InstanceId: &iid, HoursOfOperationId: &hid})
	if err != nil {
		t.Fatal(err)
	}
	h := d.HoursOfOperation
	if *h.Name != "Office" || *h.TimeZone != "Europe/Paris" || len(h.Config) != 1 || *h.Config[0].EndTime.Minutes != 30 ||
		h.Tags["team"] != "blue" || *h.LastModifiedRegion != "us-east-1" || !h.LastModifiedTime.Equal(T0) {
		t.Fatalf("DescribeHoursOfOperation = %+v", h)
	}
	e.clock.Advance(60e9)
	if _, err := c.UpdateHoursOfOperation(ctx(), &connect.UpdateHoursOfOperationInput{InstanceId: &iid, HoursOfOperationId: &hid, Name: aws.String("Office 2")}); err != nil {
		t.Fatal(err)
	}
	d, _ = c.DescribeHoursOfOperation(ctx(), &connect.DescribeHoursOfOperationInput{InstanceId: &iid, HoursOfOperationId: &hid})
	if *d.HoursOfOperation.Name != "Office 2" || *d.HoursOfOperation.TimeZone != "Europe/Paris" || !d.HoursOfOperation.LastModifiedTime.Equal(T0.Add(60e9)) {
		t.Fatalf("after update: %+v", d.HoursOfOperation)
	}
	_, err = c.CreateHoursOfOperation(ctx(), &connect.CreateHoursOfOperationInput{InstanceId: &iid, Name: aws.String("office 2"), TimeZone: aws.String("UTC"), Config: []types.HoursOfOperationConfig{}})
	wantAPIError(t, err, "DuplicateResourceException", 409)
	_, err = c.CreateHoursOfOperation(ctx(), &connect.CreateHoursOfOperationInput{InstanceId: &iid, Name: aws.String("Mars"), TimeZone: aws.String("Mars/Olympus"), Config: []types.HoursOfOperationConfig{}})
	wantAPIError(t, err, "InvalidParameterException", 400)

	qid := newQueue(t, c, iid, hid, "Sales")
	_, err = c.DeleteHoursOfOperation(ctx(), &connect.DeleteHoursOfOperationInput{InstanceId: &iid, HoursOfOperationId: &hid})
	wantAPIError(t, err, "ResourceInUseException", 409)
	if _, err := c.DeleteQueue(ctx(), &connect.DeleteQueueInput{InstanceId: &iid, QueueId: &qid}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteHoursOfOperation(ctx(), &connect.DeleteHoursOfOperationInput{InstanceId: &iid, HoursOfOperationId: &hid}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeHoursOfOperation(ctx(), &connect.DescribeHoursOfOperationInput{InstanceId: &iid, HoursOfOperationId: &hid})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestQueueLifecycle(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "queues")
	hid := newHours(t, c, iid, "Office")
	out, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{
		InstanceId: &iid, Name: aws.String("Support"), Description: aws.String("tier 1"), HoursOfOperationId: &hid,
		MaxContacts: aws.Int32(25), Tags: map[string]string{"k": "v"},
		OutboundCallerConfig: &types.OutboundCallerConfig{OutboundCallerIdName: aws.String("ACME")},
	})
	if err != nil {
		t.Fatal(err)
	}
	qid := *out.QueueId
	if *out.QueueArn != fmt.Sprintf("arn:aws:connect:us-east-1:111111111111:instance/%s/queue/%s", iid, qid) {
		t.Fatalf("QueueArn = %s", *out.QueueArn)
	}
	d, err := c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: &qid})
	if err != nil {
		t.Fatal(err)
	}
	q := d.Queue
	if *q.Name != "Support" || *q.Description != "tier 1" || *q.MaxContacts != 25 || q.Status != types.QueueStatusEnabled ||
		*q.HoursOfOperationId != hid || *q.OutboundCallerConfig.OutboundCallerIdName != "ACME" || q.Tags["k"] != "v" {
		t.Fatalf("DescribeQueue = %+v", q)
	}
	// By ARN too.
	if _, err := c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: out.QueueArn}); err != nil {
		t.Fatalf("DescribeQueue by ARN: %v", err)
	}

	steps := []struct {
		name string
		call func() error
	}{
		{"status", func() error {
			_, err := c.UpdateQueueStatus(ctx(), &connect.UpdateQueueStatusInput{InstanceId: &iid, QueueId: &qid, Status: types.QueueStatusDisabled})
			return err
		}},
		{"max", func() error {
			_, err := c.UpdateQueueMaxContacts(ctx(), &connect.UpdateQueueMaxContactsInput{InstanceId: &iid, QueueId: &qid, MaxContacts: aws.Int32(3)})
			return err
		}},
		{"name", func() error {
			_, err := c.UpdateQueueName(ctx(), &connect.UpdateQueueNameInput{InstanceId: &iid, QueueId: &qid, Name: aws.String("Support EU")})
			return err
		}},
	}
	for _, s := range steps {
		if err := s.call(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
	}
	h2 := newHours(t, c, iid, "Night")
	if _, err := c.UpdateQueueHoursOfOperation(ctx(), &connect.UpdateQueueHoursOfOperationInput{InstanceId: &iid, QueueId: &qid, HoursOfOperationId: &h2}); err != nil {
		t.Fatal(err)
	}
	d, _ = c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: &qid})
	q = d.Queue
	if q.Status != types.QueueStatusDisabled || *q.MaxContacts != 3 || *q.Name != "Support EU" || *q.Description != "tier 1" || *q.HoursOfOperationId != h2 {
		t.Fatalf("after updates: %+v", q)
	}

	// Errors.
	_, err = c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String("SUPPORT eu"), HoursOfOperationId: &hid})
	wantAPIError(t, err, "DuplicateResourceException", 409)
	_, err = c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String("X"), HoursOfOperationId: aws.String("no-such-hours")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.UpdateQueueHoursOfOperation(ctx(), &connect.UpdateQueueHoursOfOperationInput{InstanceId: &iid, QueueId: &qid, HoursOfOperationId: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// BasicQueue is in the Basic Routing Profile: it cannot be deleted.
	ql, _ := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &iid})
	for _, s := range ql.QueueSummaryList {
		if *s.Name == "BasicQueue" {
			_, err = c.DeleteQueue(ctx(), &connect.DeleteQueueInput{InstanceId: &iid, QueueId: s.Id})
			wantAPIError(t, err, "ResourceInUseException", 409)
		}
	}
}

func TestListQueuesPaging(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "qpaging")
	hid := newHours(t, c, iid, "Office")
	for i := 0; i < 9; i++ {
		newQueue(t, c, iid, hid, fmt.Sprintf("Q%d", i))
	}
	seen := map[string]bool{}
	p := connect.NewListQueuesPaginator(c, &connect.ListQueuesInput{InstanceId: &iid, MaxResults: aws.Int32(4)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, q := range out.QueueSummaryList {
			if seen[*q.Id] {
				t.Fatalf("queue %s repeated", *q.Id)
			}
			seen[*q.Id] = true
		}
	}
	if len(seen) != 10 || pages != 3 { // 9 + BasicQueue
		t.Fatalf("%d queues over %d pages", len(seen), pages)
	}
	// A token is bound to its request: it cannot be replayed on another instance.
	first, _ := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &iid, MaxResults: aws.Int32(4)})
	other := newInstance(t, c, "qpaging-other")
	_, err := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &other, NextToken: first.NextToken})
	wantAPIError(t, err, "InvalidParameterException", 400)
}
