package sdk

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// mkQueue creates a queue on the instance's Basic Hours.
func (f *userFixture) mkQueue(t *testing.T, name string) (id, arn string) {
	t.Helper()
	hs, err := f.c.ListHoursOfOperations(ctx(), &connect.ListHoursOfOperationsInput{InstanceId: &f.iid})
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &f.iid, Name: aws.String(name),
		HoursOfOperationId: hs.HoursOfOperationSummaryList[0].Id})
	if err != nil {
		t.Fatal(err)
	}
	return *out.QueueId, *out.QueueArn
}

// mkProfile creates a voice-only routing profile with the given queue
// configs.
func (f *userFixture) mkProfile(t *testing.T, name string, cfgs ...types.RoutingProfileQueueConfig) string {
	t.Helper()
	out, err := f.c.CreateRoutingProfile(ctx(), &connect.CreateRoutingProfileInput{InstanceId: &f.iid, Name: aws.String(name),
		Description: aws.String(name), DefaultOutboundQueueId: &f.basicQueue, QueueConfigs: cfgs,
		MediaConcurrencies: []types.MediaConcurrency{{Channel: types.ChannelVoice, Concurrency: aws.Int32(1)}}})
	if err != nil {
		t.Fatal(err)
	}
	return *out.RoutingProfileId
}

func qcfg(queue string, ch types.Channel, priority, delay int32) types.RoutingProfileQueueConfig {
	return types.RoutingProfileQueueConfig{QueueReference: &types.RoutingProfileQueueReference{QueueId: aws.String(queue), Channel: ch},
		Priority: aws.Int32(priority), Delay: aws.Int32(delay)}
}

func qref(queue string, ch types.Channel) types.RoutingProfileQueueReference {
	return types.RoutingProfileQueueReference{QueueId: aws.String(queue), Channel: ch}
}

func (f *userFixture) describeProfile(t *testing.T, id string) *types.RoutingProfile {
	t.Helper()
	d, err := f.c.DescribeRoutingProfile(ctx(), &connect.DescribeRoutingProfileInput{InstanceId: &f.iid, RoutingProfileId: &id})
	if err != nil {
		t.Fatal(err)
	}
	return d.RoutingProfile
}

// profileQueues lists every queue config of a profile, keyed "queue/channel".
func (f *userFixture) profileQueues(t *testing.T, id string) map[string]types.RoutingProfileQueueConfigSummary {
	t.Helper()
	out := map[string]types.RoutingProfileQueueConfigSummary{}
	p := connect.NewListRoutingProfileQueuesPaginator(f.c, &connect.ListRoutingProfileQueuesInput{InstanceId: &f.iid, RoutingProfileId: &id})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.RoutingProfileQueueConfigSummaryList {
			out[*s.QueueId+"/"+string(s.Channel)] = s
		}
	}
	return out
}

func TestRoutingProfileLifecycle(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "rp-life")
	c := f.c
	sales, salesARN := f.mkQueue(t, "Sales")
	out, err := c.CreateRoutingProfile(ctx(), &connect.CreateRoutingProfileInput{
		InstanceId: &f.iidARN, Name: aws.String("Sales agents"), Description: aws.String("Sales floor"),
		DefaultOutboundQueueId: &salesARN, AgentAvailabilityTimer: types.AgentAvailabilityTimerTimeSinceLastInbound,
		MediaConcurrencies: []types.MediaConcurrency{
			{Channel: types.ChannelVoice, Concurrency: aws.Int32(1)},
			{Channel: types.ChannelChat, Concurrency: aws.Int32(3), CrossChannelBehavior: &types.CrossChannelBehavior{BehaviorType: types.BehaviorTypeRouteAnyChannel}},
		},
		QueueConfigs: []types.RoutingProfileQueueConfig{qcfg(salesARN, types.ChannelVoice, 1, 0), qcfg(f.basicQueue, types.ChannelChat, 2, 30)},
		Tags:         map[string]string{"floor": "2"},
	})
	if err != nil {
		t.Fatal(err)
	}
	id := *out.RoutingProfileId
	wantARN := f.scope.ARN("instance/" + f.iid + "/routing-profile/" + id)
	if *out.RoutingProfileArn != wantARN {
		t.Fatalf("RoutingProfileArn = %s, want %s", *out.RoutingProfileArn, wantARN)
	}
	for _, ref := range []string{id, wantARN} {
		p := f.describeProfile(t, ref)
		if *p.RoutingProfileId != id || *p.InstanceId != f.iid || *p.Name != "Sales agents" || *p.Description != "Sales floor" ||
			*p.DefaultOutboundQueueId != sales || p.AgentAvailabilityTimer != types.AgentAvailabilityTimerTimeSinceLastInbound ||
			*p.NumberOfAssociatedQueues != 2 || *p.NumberOfAssociatedUsers != 0 || p.Tags["floor"] != "2" ||
			!p.LastModifiedTime.Equal(T0) || *p.LastModifiedRegion != "us-east-1" || len(p.MediaConcurrencies) != 2 {
			t.Fatalf("DescribeRoutingProfile(%s) = %+v", ref, p)
		}
		voice, chat := p.MediaConcurrencies[0], p.MediaConcurrencies[1]
		if voice.Channel != types.ChannelVoice || *voice.Concurrency != 1 || voice.CrossChannelBehavior.BehaviorType != types.BehaviorTypeRouteCurrentChannelOnly ||
			chat.Channel != types.ChannelChat || *chat.Concurrency != 3 || chat.CrossChannelBehavior.BehaviorType != types.BehaviorTypeRouteAnyChannel {
			t.Fatalf("MediaConcurrencies = %+v", p.MediaConcurrencies)
		}
	}
	// The timer defaults to TIME_SINCE_LAST_ACTIVITY.
	if p := f.describeProfile(t, f.mkProfile(t, "Plain")); p.AgentAvailabilityTimer != types.AgentAvailabilityTimerTimeSinceLastActivity ||
		*p.NumberOfAssociatedQueues != 0 {
		t.Fatalf("defaults: %+v", p)
	}
	l, err := c.ListRoutingProfiles(ctx(), &connect.ListRoutingProfilesInput{InstanceId: &f.iid})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range l.RoutingProfileSummaryList {
		names[*s.Name] = true
		if *s.Id == id && (*s.Arn != wantARN || !s.LastModifiedTime.Equal(T0) || *s.LastModifiedRegion != "us-east-1") {
			t.Fatalf("summary = %+v", s)
		}
	}
	if len(names) != 3 || !names["Basic Routing Profile"] || !names["Sales agents"] || !names["Plain"] {
		t.Fatalf("ListRoutingProfiles names = %v", names)
	}

	// A profile a user works on cannot be deleted.
	uid := f.mkUser(t, "seller")
	if _, err := c.UpdateUserRoutingProfile(ctx(), &connect.UpdateUserRoutingProfileInput{InstanceId: &f.iid, UserId: &uid, RoutingProfileId: &id}); err != nil {
		t.Fatal(err)
	}
	if n := *f.describeProfile(t, id).NumberOfAssociatedUsers; n != 1 {
		t.Fatalf("NumberOfAssociatedUsers = %d, want 1", n)
	}
	_, err = c.DeleteRoutingProfile(ctx(), &connect.DeleteRoutingProfileInput{InstanceId: &f.iid, RoutingProfileId: &id})
	wantAPIError(t, err, "ResourceInUseException", 409)
	// Nor can a queue the profile uses.
	_, err = c.DeleteQueue(ctx(), &connect.DeleteQueueInput{InstanceId: &f.iid, QueueId: &sales})
	wantAPIError(t, err, "ResourceInUseException", 409)

	if _, err := c.UpdateUserRoutingProfile(ctx(), &connect.UpdateUserRoutingProfileInput{InstanceId: &f.iid, UserId: &uid, RoutingProfileId: &f.basicProfile}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteRoutingProfile(ctx(), &connect.DeleteRoutingProfileInput{InstanceId: &f.iid, RoutingProfileId: &wantARN}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeRoutingProfile(ctx(), &connect.DescribeRoutingProfileInput{InstanceId: &f.iid, RoutingProfileId: &id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DeleteRoutingProfile(ctx(), &connect.DeleteRoutingProfileInput{InstanceId: &f.iid, RoutingProfileId: &id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	if _, err := c.DeleteQueue(ctx(), &connect.DeleteQueueInput{InstanceId: &f.iid, QueueId: &sales}); err != nil {
		t.Fatalf("queue still held after its profile went: %v", err)
	}
}

func TestCreateRoutingProfileErrors(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "rp-errors")
	voice := types.MediaConcurrency{Channel: types.ChannelVoice, Concurrency: aws.Int32(1)}
	mc := func(ch types.Channel, n int32) types.MediaConcurrency {
		return types.MediaConcurrency{Channel: ch, Concurrency: aws.Int32(n)}
	}
	in := func(mod func(*connect.CreateRoutingProfileInput)) *connect.CreateRoutingProfileInput {
		i := &connect.CreateRoutingProfileInput{InstanceId: aws.String(f.iid), Name: aws.String("New"), Description: aws.String("d"),
			DefaultOutboundQueueId: aws.String(f.basicQueue), MediaConcurrencies: []types.MediaConcurrency{voice}}
		mod(i)
		return i
	}
	cases := []struct {
		name   string
		mod    func(*connect.CreateRoutingProfileInput)
		code   string
		status int
	}{
		{"unknown instance", func(i *connect.CreateRoutingProfileInput) { i.InstanceId = aws.String("nope") }, "ResourceNotFoundException", 404},
		{"unknown default outbound queue", func(i *connect.CreateRoutingProfileInput) { i.DefaultOutboundQueueId = aws.String("nope") }, "ResourceNotFoundException", 404},
		{"unknown queue in configs", func(i *connect.CreateRoutingProfileInput) {
			i.QueueConfigs = []types.RoutingProfileQueueConfig{qcfg("nope", types.ChannelVoice, 1, 0)}
		}, "ResourceNotFoundException", 404},
		{"voice concurrency 2", func(i *connect.CreateRoutingProfileInput) {
			i.MediaConcurrencies = []types.MediaConcurrency{mc(types.ChannelVoice, 2)}
		}, "InvalidParameterException", 400},
		{"chat concurrency 11", func(i *connect.CreateRoutingProfileInput) {
			i.MediaConcurrencies = []types.MediaConcurrency{mc(types.ChannelChat, 11)}
		}, "InvalidParameterException", 400},
		{"task concurrency 0", func(i *connect.CreateRoutingProfileInput) {
			i.MediaConcurrencies = []types.MediaConcurrency{mc(types.ChannelTask, 0)}
		}, "InvalidParameterException", 400},
		{"no channels", func(i *connect.CreateRoutingProfileInput) { i.MediaConcurrencies = []types.MediaConcurrency{} }, "InvalidParameterException", 400},
		{"channel twice", func(i *connect.CreateRoutingProfileInput) {
			i.MediaConcurrencies = []types.MediaConcurrency{voice, voice}
		}, "InvalidParameterException", 400},
		{"queue-channel pair twice", func(i *connect.CreateRoutingProfileInput) {
			i.QueueConfigs = []types.RoutingProfileQueueConfig{qcfg(f.basicQueue, types.ChannelVoice, 1, 0), qcfg(f.basicQueueARN, types.ChannelVoice, 2, 0)}
		}, "InvalidParameterException", 400},
		{"name taken, other case", func(i *connect.CreateRoutingProfileInput) { i.Name = aws.String("basic ROUTING profile") }, "DuplicateResourceException", 409},
		{"manual assignment queues", func(i *connect.CreateRoutingProfileInput) {
			i.ManualAssignmentQueueConfigs = []types.RoutingProfileManualAssignmentQueueConfig{{QueueReference: &types.RoutingProfileQueueReference{QueueId: &f.basicQueue, Channel: types.ChannelChat}}}
		}, "InvalidRequestException", 400},
	}
	for _, tc := range cases {
		_, err := f.c.CreateRoutingProfile(ctx(), in(tc.mod))
		if err == nil {
			t.Fatalf("%s: want %s, got success", tc.name, tc.code)
		}
		wantAPIError(t, err, tc.code, tc.status)
	}
	// The upper bounds themselves are fine, EMAIL included; the same queue
	// may appear once per channel.
	_, err := f.c.CreateRoutingProfile(ctx(), in(func(i *connect.CreateRoutingProfileInput) {
		i.MediaConcurrencies = []types.MediaConcurrency{voice, mc(types.ChannelChat, 10), mc(types.ChannelTask, 10), mc(types.ChannelEmail, 10)}
		i.QueueConfigs = []types.RoutingProfileQueueConfig{qcfg(f.basicQueue, types.ChannelVoice, 1, 0), qcfg(f.basicQueue, types.ChannelChat, 1, 0)}
	}))
	if err != nil {
		t.Fatal(err)
	}
}

func TestRoutingProfileQueueAssociation(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "rp-assoc")
	c := f.c
	q1, q1ARN := f.mkQueue(t, "One")
	q2, _ := f.mkQueue(t, "Two")
	id := f.mkProfile(t, "Assoc", qcfg(q1, types.ChannelVoice, 1, 0))
	e.clock.Advance(time.Minute)

	assoc := func(cfgs ...types.RoutingProfileQueueConfig) error {
		_, err := c.AssociateRoutingProfileQueues(ctx(), &connect.AssociateRoutingProfileQueuesInput{InstanceId: &f.iid, RoutingProfileId: &id, QueueConfigs: cfgs})
		return err
	}
	if err := assoc(qcfg(q1ARN, types.ChannelChat, 5, 10), qcfg(q2, types.ChannelVoice, 2, 0)); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, assoc(qcfg(q1, types.ChannelVoice, 3, 0)), "InvalidRequestException", 400)
	wantAPIError(t, assoc(qcfg(q2, types.ChannelTask, 1, 0), qcfg(q2, types.ChannelTask, 2, 0)), "InvalidParameterException", 400)
	wantAPIError(t, assoc(qcfg("nope", types.ChannelTask, 1, 0)), "ResourceNotFoundException", 404)
	_, err := c.AssociateRoutingProfileQueues(ctx(), &connect.AssociateRoutingProfileQueuesInput{InstanceId: &f.iid, RoutingProfileId: aws.String("nope"),
		QueueConfigs: []types.RoutingProfileQueueConfig{qcfg(q2, types.ChannelTask, 1, 0)}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	got := f.profileQueues(t, id)
	s := got[q1+"/CHAT"]
	if len(got) != 3 || *s.QueueName != "One" || *s.QueueArn != q1ARN || *s.Priority != 5 || s.Delay != 10 || s.Channel != types.ChannelChat {
		t.Fatalf("after associate: %+v", got)
	}
	l, err := c.ListRoutingProfileQueues(ctx(), &connect.ListRoutingProfileQueuesInput{InstanceId: &f.iid, RoutingProfileId: &id})
	if err != nil || !l.LastModifiedTime.Equal(T0.Add(time.Minute)) || *l.LastModifiedRegion != "us-east-1" {
		t.Fatalf("ListRoutingProfileQueues stamp = %v, %v", l.LastModifiedTime, err)
	}

	// UpdateRoutingProfileQueues changes held pairs only.
	if _, err := c.UpdateRoutingProfileQueues(ctx(), &connect.UpdateRoutingProfileQueuesInput{InstanceId: &f.iid, RoutingProfileId: &id,
		QueueConfigs: []types.RoutingProfileQueueConfig{qcfg(q2, types.ChannelVoice, 9, 99)}}); err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateRoutingProfileQueues(ctx(), &connect.UpdateRoutingProfileQueuesInput{InstanceId: &f.iid, RoutingProfileId: &id,
		QueueConfigs: []types.RoutingProfileQueueConfig{qcfg(q2, types.ChannelChat, 1, 0)}})
	wantAPIError(t, err, "InvalidRequestException", 400)
	_, err = c.UpdateRoutingProfileQueues(ctx(), &connect.UpdateRoutingProfileQueuesInput{InstanceId: &f.iid, RoutingProfileId: &id,
		QueueConfigs: []types.RoutingProfileQueueConfig{qcfg("nope", types.ChannelChat, 1, 0)}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	if s := f.profileQueues(t, id)[q2+"/VOICE"]; *s.Priority != 9 || s.Delay != 99 {
		t.Fatalf("after update: %+v", s)
	}

	// Disassociate removes held pairs; a pair not held is refused.
	disassoc := func(refs ...types.RoutingProfileQueueReference) error {
		_, err := c.DisassociateRoutingProfileQueues(ctx(), &connect.DisassociateRoutingProfileQueuesInput{InstanceId: &f.iid, RoutingProfileId: &id, QueueReferences: refs})
		return err
	}
	if err := disassoc(qref(q1ARN, types.ChannelChat), qref(q2, types.ChannelVoice)); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, disassoc(qref(q2, types.ChannelVoice)), "InvalidRequestException", 400)
	wantAPIError(t, disassoc(qref("nope", types.ChannelVoice)), "ResourceNotFoundException", 404)
	wantAPIError(t, disassoc(), "InvalidParameterException", 400)
	if got := f.profileQueues(t, id); len(got) != 1 || got[q1+"/VOICE"].QueueId == nil {
		t.Fatalf("after disassociate: %+v", got)
	}
	if n := *f.describeProfile(t, id).NumberOfAssociatedQueues; n != 1 {
		t.Fatalf("NumberOfAssociatedQueues = %d, want 1", n)
	}
}

func TestRoutingProfileQueueQuota(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "rp-quota")
	id := f.mkProfile(t, "Big")
	var pairs []types.RoutingProfileQueueConfig
	for i := range 13 {
		q, _ := f.mkQueue(t, fmt.Sprintf("Q%02d", i))
		for _, ch := range []types.Channel{types.ChannelVoice, types.ChannelChat, types.ChannelTask, types.ChannelEmail} {
			pairs = append(pairs, qcfg(q, ch, 1, 0))
		}
	}
	assoc := func(cfgs []types.RoutingProfileQueueConfig) error {
		_, err := f.c.AssociateRoutingProfileQueues(ctx(), &connect.AssociateRoutingProfileQueuesInput{InstanceId: &f.iid, RoutingProfileId: &id, QueueConfigs: cfgs})
		return err
	}
	for i := 0; i < 45; i += 10 {
		if err := assoc(pairs[i:min(i+10, 45)]); err != nil {
			t.Fatal(err)
		}
	}
	// A batch that would pass 50 is refused whole.
	wantAPIError(t, assoc(pairs[45:52]), "LimitExceededException", 429)
	if n := *f.describeProfile(t, id).NumberOfAssociatedQueues; n != 45 {
		t.Fatalf("NumberOfAssociatedQueues = %d after a refused batch, want 45", n)
	}
	if err := assoc(pairs[45:50]); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, assoc(pairs[50:51]), "LimitExceededException", 429)
}

func TestRoutingProfilePaging(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "rp-paging")
	var cfgs []types.RoutingProfileQueueConfig
	for i := range 7 {
		q, _ := f.mkQueue(t, fmt.Sprintf("P%d", i))
		cfgs = append(cfgs, qcfg(q, types.ChannelVoice, int32(i+1), 0))
	}
	id := f.mkProfile(t, "Wide", cfgs...)
	for i := range 5 {
		f.mkProfile(t, fmt.Sprintf("Extra %d", i))
	}
	// 7 profiles (with the default) and 7 queue configs, 3 a page.
	pp := connect.NewListRoutingProfilesPaginator(f.c, &connect.ListRoutingProfilesInput{InstanceId: &f.iid, MaxResults: aws.Int32(3)})
	seen, pages := map[string]bool{}, 0
	for pp.HasMorePages() {
		out, err := pp.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, s := range out.RoutingProfileSummaryList {
			if seen[*s.Id] {
				t.Fatalf("profile %s on two pages", *s.Id)
			}
			seen[*s.Id] = true
		}
	}
	if pages != 3 || len(seen) != 7 {
		t.Fatalf("ListRoutingProfiles: %d pages, %d profiles", pages, len(seen))
	}
	qp := connect.NewListRoutingProfileQueuesPaginator(f.c, &connect.ListRoutingProfileQueuesInput{InstanceId: &f.iid, RoutingProfileId: &id, MaxResults: aws.Int32(3)})
	seen, pages = map[string]bool{}, 0
	var token *string
	for qp.HasMorePages() {
		out, err := qp.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if token == nil {
			token = out.NextToken
		}
		for _, s := range out.RoutingProfileQueueConfigSummaryList {
			seen[*s.QueueId] = true
		}
	}
	if pages != 3 || len(seen) != 7 {
		t.Fatalf("ListRoutingProfileQueues: %d pages, %d queues", pages, len(seen))
	}
	// A token only works for the profile it came from.
	_, err := f.c.ListRoutingProfileQueues(ctx(), &connect.ListRoutingProfileQueuesInput{InstanceId: &f.iid, RoutingProfileId: &f.basicProfile, NextToken: token})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = f.c.ListRoutingProfiles(ctx(), &connect.ListRoutingProfilesInput{InstanceId: &f.iid, NextToken: aws.String("forged")})
	wantAPIError(t, err, "InvalidParameterException", 400)
}

func TestRoutingProfileUpdates(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "rp-updates")
	c := f.c
	id := f.mkProfile(t, "Before")
	other, otherARN := f.mkQueue(t, "Outbound")
	e.clock.Advance(time.Hour)

	// Concurrency replaces the channel list.
	mcs := []types.MediaConcurrency{
		{Channel: types.ChannelChat, Concurrency: aws.Int32(4), CrossChannelBehavior: &types.CrossChannelBehavior{BehaviorType: types.BehaviorTypeRouteAnyChannel}},
		{Channel: types.ChannelTask, Concurrency: aws.Int32(10)},
	}
	if _, err := c.UpdateRoutingProfileConcurrency(ctx(), &connect.UpdateRoutingProfileConcurrencyInput{InstanceId: &f.iid, RoutingProfileId: &id, MediaConcurrencies: mcs}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]types.MediaConcurrency{
		{{Channel: types.ChannelVoice, Concurrency: aws.Int32(2)}},
		{{Channel: types.ChannelChat, Concurrency: aws.Int32(1)}, {Channel: types.ChannelChat, Concurrency: aws.Int32(2)}},
		{},
	} {
		_, err := c.UpdateRoutingProfileConcurrency(ctx(), &connect.UpdateRoutingProfileConcurrencyInput{InstanceId: &f.iid, RoutingProfileId: &id, MediaConcurrencies: bad})
		wantAPIError(t, err, "InvalidParameterException", 400)
	}

	// Default outbound queue, by ARN; an unknown queue is 404.
	if _, err := c.UpdateRoutingProfileDefaultOutboundQueue(ctx(), &connect.UpdateRoutingProfileDefaultOutboundQueueInput{InstanceId: &f.iid, RoutingProfileId: &id, DefaultOutboundQueueId: &otherARN}); err != nil {
		t.Fatal(err)
	}
	_, err := c.UpdateRoutingProfileDefaultOutboundQueue(ctx(), &connect.UpdateRoutingProfileDefaultOutboundQueueInput{InstanceId: &f.iid, RoutingProfileId: &id, DefaultOutboundQueueId: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DeleteQueue(ctx(), &connect.DeleteQueueInput{InstanceId: &f.iid, QueueId: &other})
	wantAPIError(t, err, "ResourceInUseException", 409)

	// Name and description.
	rename := func(name, desc *string) error {
		_, err := c.UpdateRoutingProfileName(ctx(), &connect.UpdateRoutingProfileNameInput{InstanceId: &f.iid, RoutingProfileId: &id, Name: name, Description: desc})
		return err
	}
	if err := rename(aws.String("After"), nil); err != nil {
		t.Fatal(err)
	}
	if err := rename(nil, aws.String("new description")); err != nil {
		t.Fatal(err)
	}
	if err := rename(aws.String("AFTER"), nil); err != nil {
		t.Fatalf("renaming to its own name in another case: %v", err)
	}
	wantAPIError(t, rename(aws.String("basic routing profile"), nil), "DuplicateResourceException", 409)
	wantAPIError(t, rename(nil, nil), "InvalidParameterException", 400)

	if _, err := c.UpdateRoutingProfileAgentAvailabilityTimer(ctx(), &connect.UpdateRoutingProfileAgentAvailabilityTimerInput{InstanceId: &f.iid, RoutingProfileId: &id,
		AgentAvailabilityTimer: types.AgentAvailabilityTimerTimeSinceLastInbound}); err != nil {
		t.Fatal(err)
	}

	p := f.describeProfile(t, id)
	if *p.Name != "AFTER" || *p.Description != "new description" || *p.DefaultOutboundQueueId != other ||
		p.AgentAvailabilityTimer != types.AgentAvailabilityTimerTimeSinceLastInbound || len(p.MediaConcurrencies) != 2 ||
		p.MediaConcurrencies[0].Channel != types.ChannelChat || *p.MediaConcurrencies[0].Concurrency != 4 ||
		p.MediaConcurrencies[0].CrossChannelBehavior.BehaviorType != types.BehaviorTypeRouteAnyChannel ||
		p.MediaConcurrencies[1].CrossChannelBehavior.BehaviorType != types.BehaviorTypeRouteCurrentChannelOnly ||
		!p.LastModifiedTime.Equal(T0.Add(time.Hour)) {
		t.Fatalf("after updates: %+v", p)
	}
	_, err = c.UpdateRoutingProfileName(ctx(), &connect.UpdateRoutingProfileNameInput{InstanceId: &f.iid, RoutingProfileId: aws.String("nope"), Name: aws.String("x")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestRoutingProfilesIsolation(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "rp-iso")
	id := f.mkProfile(t, "Mine")
	arn := f.scope.ARN("instance/" + f.iid + "/routing-profile/" + id)
	for _, c := range []*connect.Client{e.clientFor("222222222222", "us-east-1"), e.clientFor("111111111111", "eu-west-2")} {
		for _, ref := range []string{id, arn} {
			_, err := c.DescribeRoutingProfile(ctx(), &connect.DescribeRoutingProfileInput{InstanceId: &f.iid, RoutingProfileId: &ref})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
		}
		_, err := c.ListRoutingProfiles(ctx(), &connect.ListRoutingProfilesInput{InstanceId: &f.iid})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	other := newInstance(t, f.c, "rp-iso-2")
	for _, ref := range []string{id, arn} {
		_, err := f.c.DescribeRoutingProfile(ctx(), &connect.DescribeRoutingProfileInput{InstanceId: &other, RoutingProfileId: &ref})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	// Nor can a user in the other instance be put on it.
	_, err := f.c.CreateUser(ctx(), &connect.CreateUserInput{InstanceId: &other, Username: aws.String("x"), RoutingProfileId: &id,
		SecurityProfileIds: []string{f.agentSP}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}
