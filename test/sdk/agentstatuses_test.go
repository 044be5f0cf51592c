package sdk

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// statusesByName lists every agent status of an instance, keyed by name.
func statusesByName(t *testing.T, c *connect.Client, instanceID string) map[string]types.AgentStatusSummary {
	t.Helper()
	out := map[string]types.AgentStatusSummary{}
	p := connect.NewListAgentStatusesPaginator(c, &connect.ListAgentStatusesInput{InstanceId: &instanceID})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.AgentStatusSummaryList {
			out[*s.Name] = s
		}
	}
	return out
}

func describeStatus(t *testing.T, c *connect.Client, instanceID, id string) *types.AgentStatus {
	t.Helper()
	d, err := c.DescribeAgentStatus(ctx(), &connect.DescribeAgentStatusInput{InstanceId: &instanceID, AgentStatusId: &id})
	if err != nil {
		t.Fatal(err)
	}
	return d.AgentStatus
}

func createStatus(t *testing.T, c *connect.Client, instanceID, name string, order *int32) string {
	t.Helper()
	out, err := c.CreateAgentStatus(ctx(), &connect.CreateAgentStatusInput{
		InstanceId: &instanceID, Name: &name, State: types.AgentStatusStateEnabled, DisplayOrder: order,
	})
	if err != nil {
		t.Fatal(err)
	}
	return *out.AgentStatusId
}

func TestAgentStatusDefaults(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "statuses")
	all := statusesByName(t, c, id)
	if len(all) != 2 || all["Available"].Type != types.AgentStatusTypeRoutable || all["Offline"].Type != types.AgentStatusTypeOffline {
		t.Fatalf("default statuses = %+v", all)
	}
	for i, name := range []string{"Available", "Offline"} {
		s := all[name]
		if !s.LastModifiedTime.Equal(T0) || *s.LastModifiedRegion != "us-east-1" {
			t.Fatalf("%s summary = %+v", name, s)
		}
		d := describeStatus(t, c, id, *s.Id)
		if *d.Name != name || d.State != types.AgentStatusStateEnabled || d.Type != s.Type ||
			*d.DisplayOrder != int32(i+1) || *d.AgentStatusARN != *s.Arn || !d.LastModifiedTime.Equal(T0) {
			t.Fatalf("DescribeAgentStatus(%s) = %+v", name, d)
		}
	}
	custom, err := c.ListAgentStatuses(ctx(), &connect.ListAgentStatusesInput{InstanceId: &id,
		AgentStatusTypes: []types.AgentStatusType{types.AgentStatusTypeCustom}})
	if err != nil {
		t.Fatal(err)
	}
	if custom.AgentStatusSummaryList == nil || len(custom.AgentStatusSummaryList) != 0 {
		t.Fatalf("no CUSTOM statuses yet, got %+v", custom.AgentStatusSummaryList)
	}
}

func TestAgentStatusCreateDescribeList(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "statuses")
	e.clock.Advance(time.Hour)
	out, err := c.CreateAgentStatus(ctx(), &connect.CreateAgentStatusInput{
		InstanceId: &id, Name: aws.String("Break"), Description: aws.String("Coffee"),
		State: types.AgentStatusStateEnabled, Tags: map[string]string{"team": "blue"},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantARN := "arn:aws:connect:us-east-1:111111111111:instance/" + id + "/agent-state/" + *out.AgentStatusId
	if *out.AgentStatusARN != wantARN {
		t.Fatalf("ARN = %s, want %s", *out.AgentStatusARN, wantARN)
	}
	// The ARN works wherever the ID does.
	d := describeStatus(t, c, id, wantARN)
	if *d.Name != "Break" || *d.Description != "Coffee" || d.Type != types.AgentStatusTypeCustom ||
		d.State != types.AgentStatusStateEnabled || *d.DisplayOrder != 3 || d.Tags["team"] != "blue" ||
		!d.LastModifiedTime.Equal(T0.Add(time.Hour)) || *d.LastModifiedRegion != "us-east-1" {
		t.Fatalf("DescribeAgentStatus = %+v", d)
	}
	if _, err := c.CreateAgentStatus(ctx(), &connect.CreateAgentStatusInput{
		InstanceId: &id, Name: aws.String("Training"), State: types.AgentStatusStateDisabled,
	}); err != nil {
		t.Fatal(err)
	}
	all := statusesByName(t, c, id)
	if len(all) != 4 || all["Training"].Type != types.AgentStatusTypeCustom {
		t.Fatalf("statuses = %+v", all)
	}
	if d := describeStatus(t, c, id, *all["Training"].Id); d.State != types.AgentStatusStateDisabled || d.Description != nil {
		t.Fatalf("Training = %+v", d)
	}
	l, err := c.ListAgentStatuses(ctx(), &connect.ListAgentStatusesInput{InstanceId: &id,
		AgentStatusTypes: []types.AgentStatusType{types.AgentStatusTypeCustom, types.AgentStatusTypeOffline}})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.AgentStatusSummaryList) != 3 {
		t.Fatalf("CUSTOM+OFFLINE = %d statuses, want 3", len(l.AgentStatusSummaryList))
	}
}

func TestAgentStatusErrors(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "statuses")
	other := newInstance(t, c, "other")
	sid := createStatus(t, c, id, "Break", nil)

	create := func(name string) error {
		_, err := c.CreateAgentStatus(ctx(), &connect.CreateAgentStatusInput{InstanceId: &id, Name: &name, State: types.AgentStatusStateEnabled})
		return err
	}
	// Names are unique ignoring case, built-in statuses included.
	for _, name := range []string{"break", "AVAILABLE", "offline"} {
		wantAPIError(t, create(name), "DuplicateResourceException", 409)
	}
	_, err := c.CreateAgentStatus(ctx(), &connect.CreateAgentStatusInput{InstanceId: aws.String("no-such-instance"), Name: aws.String("X"), State: types.AgentStatusStateEnabled})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.CreateAgentStatus(ctx(), &connect.CreateAgentStatusInput{InstanceId: &id, Name: aws.String("X"), State: types.AgentStatusStateEnabled, DisplayOrder: aws.Int32(51)})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.CreateAgentStatus(ctx(), &connect.CreateAgentStatusInput{InstanceId: &id, Name: aws.String("X"), State: "PAUSED"})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.CreateAgentStatus(ctx(), &connect.CreateAgentStatusInput{InstanceId: &id, Name: aws.String("X"), State: types.AgentStatusStateEnabled, Tags: map[string]string{"aws:reserved": "x"}})
	wantAPIError(t, err, "InvalidParameterException", 400)

	describe := func(instanceID, statusID string) error {
		_, err := c.DescribeAgentStatus(ctx(), &connect.DescribeAgentStatusInput{InstanceId: &instanceID, AgentStatusId: &statusID})
		return err
	}
	wantAPIError(t, describe(id, "no-such-status"), "ResourceNotFoundException", 404)
	wantAPIError(t, describe("no-such-instance", sid), "ResourceNotFoundException", 404)
	// A status belongs to its instance, by ID and by ARN.
	wantAPIError(t, describe(other, sid), "ResourceNotFoundException", 404)
	arn := "arn:aws:connect:us-east-1:111111111111:instance/" + id + "/agent-state/" + sid
	wantAPIError(t, describe(other, arn), "ResourceNotFoundException", 404)
	wrongKind := "arn:aws:connect:us-east-1:111111111111:instance/" + id + "/queue/" + sid
	wantAPIError(t, describe(id, wrongKind), "ResourceNotFoundException", 404)
	// Other accounts and regions see nothing.
	for _, oc := range []*connect.Client{e.clientFor("222222222222", "us-east-1"), e.clientFor("111111111111", "eu-west-2")} {
		_, err := oc.DescribeAgentStatus(ctx(), &connect.DescribeAgentStatusInput{InstanceId: &id, AgentStatusId: &sid})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = oc.ListAgentStatuses(ctx(), &connect.ListAgentStatusesInput{InstanceId: &id})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	_, err = c.UpdateAgentStatus(ctx(), &connect.UpdateAgentStatusInput{InstanceId: &id, AgentStatusId: aws.String("no-such-status"), Name: aws.String("Y")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestAgentStatusQuota(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "quota")
	// 50 per instance, counting Available and Offline.
	for i := 0; i < 48; i++ {
		createStatus(t, c, id, fmt.Sprintf("Custom %02d", i), nil)
	}
	_, err := c.CreateAgentStatus(ctx(), &connect.CreateAgentStatusInput{InstanceId: &id, Name: aws.String("One too many"), State: types.AgentStatusStateEnabled})
	wantAPIError(t, err, "LimitExceededException", 429)
	if n := len(statusesByName(t, c, id)); n != 50 {
		t.Fatalf("%d statuses, want 50", n)
	}
	// The last status created is the 50th in display order.
	last := statusesByName(t, c, id)["Custom 47"]
	if d := describeStatus(t, c, id, *last.Id); *d.DisplayOrder != 50 {
		t.Fatalf("DisplayOrder = %d, want 50", *d.DisplayOrder)
	}
}

func TestAgentStatusUpdate(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "update")
	out, err := c.CreateAgentStatus(ctx(), &connect.CreateAgentStatusInput{
		InstanceId: &id, Name: aws.String("Break"), Description: aws.String("Coffee"), State: types.AgentStatusStateEnabled,
	})
	if err != nil {
		t.Fatal(err)
	}
	sid := *out.AgentStatusId
	createStatus(t, c, id, "Lunch", nil)
	update := func(in connect.UpdateAgentStatusInput) error {
		in.InstanceId = &id
		if in.AgentStatusId == nil {
			in.AgentStatusId = &sid
		}
		_, err := c.UpdateAgentStatus(ctx(), &in)
		return err
	}

	e.clock.Advance(time.Minute)
	if err := update(connect.UpdateAgentStatusInput{Name: aws.String("Long break"), Description: aws.String(""), State: types.AgentStatusStateDisabled}); err != nil {
		t.Fatal(err)
	}
	d := describeStatus(t, c, id, sid)
	if *d.Name != "Long break" || d.Description != nil || d.State != types.AgentStatusStateDisabled ||
		d.Type != types.AgentStatusTypeCustom || !d.LastModifiedTime.Equal(T0.Add(time.Minute)) {
		t.Fatalf("after update = %+v", d)
	}
	// Renaming to its own name in another case is not a clash.
	if err := update(connect.UpdateAgentStatusInput{Name: aws.String("LONG BREAK")}); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, update(connect.UpdateAgentStatusInput{Name: aws.String("lunch")}), "DuplicateResourceException", 409)
	wantAPIError(t, update(connect.UpdateAgentStatusInput{}), "InvalidParameterException", 400)
	wantAPIError(t, update(connect.UpdateAgentStatusInput{DisplayOrder: aws.Int32(1), ResetOrderNumber: true}), "InvalidParameterException", 400)
	wantAPIError(t, update(connect.UpdateAgentStatusInput{DisplayOrder: aws.Int32(0)}), "InvalidParameterException", 400)

	// Built-in statuses can be renamed but never disabled.
	all := statusesByName(t, c, id)
	avail, offline := all["Available"].Id, all["Offline"].Id
	for _, sys := range []*string{avail, offline} {
		wantAPIError(t, update(connect.UpdateAgentStatusInput{AgentStatusId: sys, State: types.AgentStatusStateDisabled}), "InvalidParameterException", 400)
		if err := update(connect.UpdateAgentStatusInput{AgentStatusId: sys, State: types.AgentStatusStateEnabled}); err != nil {
			t.Fatal(err)
		}
	}
	if err := update(connect.UpdateAgentStatusInput{AgentStatusId: avail, Name: aws.String("Ready"), Description: aws.String("Taking contacts")}); err != nil {
		t.Fatal(err)
	}
	if d := describeStatus(t, c, id, *avail); *d.Name != "Ready" || d.Type != types.AgentStatusTypeRoutable || d.State != types.AgentStatusStateEnabled {
		t.Fatalf("renamed Available = %+v", d)
	}
	// The old built-in name is free once renamed.
	createStatus(t, c, id, "Available", nil)
}

func TestAgentStatusDisplayOrder(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "order")
	all := statusesByName(t, c, id)
	avail, offline := *all["Available"].Id, *all["Offline"].Id
	a := createStatus(t, c, id, "A", nil)          // appended: 3
	b := createStatus(t, c, id, "B", aws.Int32(1)) // inserted first
	wantOrder := func(want map[string]int32) {
		t.Helper()
		for sid, w := range want {
			d := describeStatus(t, c, id, sid)
			got := int32(-1)
			if d.DisplayOrder != nil {
				got = *d.DisplayOrder
			}
			if got != w {
				t.Fatalf("%s: DisplayOrder = %d, want %d", *d.Name, got, w)
			}
		}
	}
	wantOrder(map[string]int32{b: 1, avail: 2, offline: 3, a: 4})
	e.clock.Advance(time.Minute)
	move := func(sid string, order *int32, reset bool) {
		t.Helper()
		if _, err := c.UpdateAgentStatus(ctx(), &connect.UpdateAgentStatusInput{InstanceId: &id, AgentStatusId: &sid, DisplayOrder: order, ResetOrderNumber: reset}); err != nil {
			t.Fatal(err)
		}
	}
	move(a, aws.Int32(2), false)
	wantOrder(map[string]int32{b: 1, a: 2, avail: 3, offline: 4})
	// Statuses only shifted by a move keep their LastModifiedTime.
	if d := describeStatus(t, c, id, avail); !d.LastModifiedTime.Equal(T0) {
		t.Fatalf("shifted Available modified at %v", d.LastModifiedTime)
	}
	if d := describeStatus(t, c, id, a); !d.LastModifiedTime.Equal(T0.Add(time.Minute)) {
		t.Fatalf("moved A modified at %v", d.LastModifiedTime)
	}
	move(a, aws.Int32(50), false) // past the end means the end
	wantOrder(map[string]int32{b: 1, avail: 2, offline: 3, a: 4})
	move(b, nil, true) // out of the order; the rest close up
	wantOrder(map[string]int32{b: -1, avail: 1, offline: 2, a: 3})
	move(b, aws.Int32(3), false)
	wantOrder(map[string]int32{avail: 1, offline: 2, b: 3, a: 4})
}

func TestListAgentStatusesPaging(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "paging")
	for i := 0; i < 10; i++ {
		createStatus(t, c, id, fmt.Sprintf("S%d", i), nil)
	}
	seen := map[string]bool{}
	pages := 0
	p := connect.NewListAgentStatusesPaginator(c, &connect.ListAgentStatusesInput{InstanceId: &id, MaxResults: aws.Int32(5)})
	var token *string
	for p.HasMorePages() {
		out, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if out.NextToken != nil {
			token = out.NextToken
		}
		for _, s := range out.AgentStatusSummaryList {
			if seen[*s.Id] {
				t.Fatalf("status %s on two pages", *s.Id)
			}
			seen[*s.Id] = true
		}
	}
	if pages != 3 || len(seen) != 12 {
		t.Fatalf("%d pages, %d statuses; want 3 pages, 12 statuses", pages, len(seen))
	}
	// A token only works for the request that made it.
	_, err := c.ListAgentStatuses(ctx(), &connect.ListAgentStatusesInput{InstanceId: &id, NextToken: token,
		AgentStatusTypes: []types.AgentStatusType{types.AgentStatusTypeCustom}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.ListAgentStatuses(ctx(), &connect.ListAgentStatusesInput{InstanceId: &id, MaxResults: aws.Int32(1001)})
	wantAPIError(t, err, "InvalidParameterException", 400)
}
