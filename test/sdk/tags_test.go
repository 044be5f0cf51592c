package sdk

import (
	"fmt"
	"maps"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/server"
	"github.com/connect-local/connect-local/internal/service"
)

var owner = service.Scope{Account: "111111111111", Region: "us-east-1"}

func listTags(t *testing.T, c *connect.Client, arn string) map[string]string {
	t.Helper()
	out, err := c.ListTagsForResource(ctx(), &connect.ListTagsForResourceInput{ResourceArn: &arn})
	if err != nil {
		t.Fatalf("ListTagsForResource(%s): %v", arn, err)
	}
	if out.Tags == nil {
		t.Fatalf("ListTagsForResource(%s): tags must be an object, got null", arn)
	}
	return out.Tags
}

func wantTags(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !maps.Equal(got, want) {
		t.Fatalf("%s: tags = %v, want %v", what, got, want)
	}
}

// taggedFixture is an instance holding one tagged resource of each type the
// API can create, and what each was tagged with at creation.
type taggedFixture struct {
	instanceID string
	created    map[string]map[string]string // ARN → tags given at create
}

func newTaggedFixture(t *testing.T, c *connect.Client) taggedFixture {
	t.Helper()
	f := taggedFixture{created: map[string]map[string]string{}}
	inst, err := c.CreateInstance(ctx(), &connect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("tagged"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true),
		Tags: map[string]string{"kind": "instance"},
	})
	if err != nil {
		t.Fatal(err)
	}
	id := *inst.Id
	f.instanceID = id
	f.created[*inst.Arn] = map[string]string{"kind": "instance"}
	h, err := c.CreateHoursOfOperation(ctx(), &connect.CreateHoursOfOperationInput{
		InstanceId: &id, Name: aws.String("Tagged hours"), TimeZone: aws.String("UTC"),
		Config: []types.HoursOfOperationConfig{{Day: types.HoursOfOperationDaysMonday,
			StartTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(9), Minutes: aws.Int32(0)},
			EndTime:   &types.HoursOfOperationTimeSlice{Hours: aws.Int32(17), Minutes: aws.Int32(0)}}},
		Tags: map[string]string{"kind": "hours"},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.created[*h.HoursOfOperationArn] = map[string]string{"kind": "hours"}
	q, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &id, Name: aws.String("Tagged queue"),
		HoursOfOperationId: h.HoursOfOperationId, Tags: map[string]string{"kind": "queue"}})
	if err != nil {
		t.Fatal(err)
	}
	f.created[*q.QueueArn] = map[string]string{"kind": "queue"}
	s, err := c.CreateAgentStatus(ctx(), &connect.CreateAgentStatusInput{InstanceId: &id, Name: aws.String("Tagged status"),
		State: types.AgentStatusStateEnabled, Tags: map[string]string{"kind": "status"}})
	if err != nil {
		t.Fatal(err)
	}
	f.created[*s.AgentStatusARN] = map[string]string{"kind": "status"}
	return f
}

// TestTagsOnEveryResource tags, lists and untags the instance and every
// resource in it: those the API created above, and the defaults of every
// other taggable type (routing profile, statuses, security profiles, flows).
func TestTagsOnEveryResource(t *testing.T) {
	e := newEnv(t)
	c := e.client
	f := newTaggedFixture(t, c)
	arns, err := e.srv.Service.TaggableARNs(owner, f.instanceID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, arn := range arns {
		res := strings.Split(strings.SplitN(arn, ":", 6)[5], "/")
		kind := "instance"
		if len(res) == 4 {
			kind = res[2]
		}
		kinds[kind] = true
		created := f.created[arn]
		wantTags(t, arn, listTags(t, c, arn), created)
		if _, err := c.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: aws.String(arn),
			Tags: map[string]string{"env": "test", "kind": kind + "!"}}); err != nil {
			t.Fatalf("TagResource(%s): %v", arn, err)
		}
		wantTags(t, arn, listTags(t, c, arn), map[string]string{"env": "test", "kind": kind + "!"})
		if _, err := c.UntagResource(ctx(), &connect.UntagResourceInput{ResourceArn: aws.String(arn),
			TagKeys: []string{"kind", "never-set"}}); err != nil {
			t.Fatalf("UntagResource(%s): %v", arn, err)
		}
		wantTags(t, arn, listTags(t, c, arn), map[string]string{"env": "test"})
	}
	for _, k := range []string{"instance", "queue", "operating-hours", "routing-profile", "agent-state", "security-profile", "contact-flow"} {
		if !kinds[k] {
			t.Errorf("no %s among the taggable ARNs %v", k, arns)
		}
	}
}

// TestTagsShowInDescribe checks that tags from create and from TagResource
// are what Describe reports.
func TestTagsShowInDescribe(t *testing.T) {
	e := newEnv(t)
	c := e.client
	f := newTaggedFixture(t, c)
	id := f.instanceID
	for arn := range f.created {
		if _, err := c.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"added": "yes"}}); err != nil {
			t.Fatal(err)
		}
	}
	inst, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &id})
	if err != nil {
		t.Fatal(err)
	}
	wantTags(t, "instance", inst.Instance.Tags, map[string]string{"kind": "instance", "added": "yes"})
	for arn, created := range f.created {
		want := maps.Clone(created)
		want["added"] = "yes"
		resID := arn[strings.LastIndex(arn, "/")+1:]
		var got map[string]string
		switch created["kind"] {
		case "instance":
			continue
		case "hours":
			d, err := c.DescribeHoursOfOperation(ctx(), &connect.DescribeHoursOfOperationInput{InstanceId: &id, HoursOfOperationId: &resID})
			if err != nil {
				t.Fatal(err)
			}
			got = d.HoursOfOperation.Tags
		case "queue":
			d, err := c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &id, QueueId: &resID})
			if err != nil {
				t.Fatal(err)
			}
			got = d.Queue.Tags
		case "status":
			got = describeStatus(t, c, id, resID).Tags
		}
		wantTags(t, created["kind"], got, want)
	}
	sp := securityProfilesByName(t, c, id)["Agent"]
	if _, err := c.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: sp.Arn, Tags: map[string]string{"tier": "1"}}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeSecurityProfile(ctx(), &connect.DescribeSecurityProfileInput{InstanceId: &id, SecurityProfileId: sp.Id})
	if err != nil {
		t.Fatal(err)
	}
	wantTags(t, "security profile", d.SecurityProfile.Tags, map[string]string{"tier": "1"})
}

func TestTagErrors(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "errors")
	q := listQueue(t, c, id)
	tag := func(arn string, tags map[string]string) error {
		_, err := c.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: &arn, Tags: tags})
		return err
	}
	one := map[string]string{"k": "v"}
	for _, bad := range []string{"not-an-arn", "arn:aws:s3:::bucket/key", "arn:aws:connect:us-east-1::instance/" + id} {
		wantAPIError(t, tag(bad, one), "InvalidParameterException", 400)
		_, err := c.ListTagsForResource(ctx(), &connect.ListTagsForResourceInput{ResourceArn: aws.String(bad)})
		wantAPIError(t, err, "InvalidParameterException", 400)
	}
	prefix := "arn:aws:connect:us-east-1:111111111111:instance/"
	for _, missing := range []string{
		prefix + "no-such-instance",
		prefix + id + "/queue/no-such-queue",
		prefix + id + "/agent-state/" + q, // a queue's ID under another type
		prefix + id + "/transfer-destination/x",
		prefix + id + "/queue",
		"arn:aws:connect:us-east-1:111111111111:phone-number/x",
		"arn:aws-cn:connect:us-east-1:111111111111:instance/" + id,
	} {
		wantAPIError(t, tag(missing, one), "ResourceNotFoundException", 404)
		_, err := c.UntagResource(ctx(), &connect.UntagResourceInput{ResourceArn: aws.String(missing), TagKeys: []string{"k"}})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.ListTagsForResource(ctx(), &connect.ListTagsForResourceInput{ResourceArn: aws.String(missing)})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	arn := prefix + id + "/queue/" + q
	wantAPIError(t, tag(arn, map[string]string{"aws:cloudformation:stack": "x"}), "InvalidParameterException", 400)
	wantAPIError(t, tag(arn, map[string]string{}), "InvalidParameterException", 400)
	wantAPIError(t, tag(arn, map[string]string{"k": strings.Repeat("v", 257)}), "InvalidParameterException", 400)
	_, err := c.UntagResource(ctx(), &connect.UntagResourceInput{ResourceArn: &arn, TagKeys: []string{"aws:x"}})
	wantAPIError(t, err, "InvalidParameterException", 400)

	// At most 50 tags per resource, counting those it has.
	first := map[string]string{}
	for i := 0; i < 30; i++ {
		first[fmt.Sprintf("a%02d", i)] = "x"
	}
	if err := tag(arn, first); err != nil {
		t.Fatal(err)
	}
	second := map[string]string{"a00": "replaced"} // replacing a key adds nothing
	for i := 0; i < 20; i++ {
		second[fmt.Sprintf("b%02d", i)] = "y"
	}
	if err := tag(arn, second); err != nil {
		t.Fatalf("50 tags should fit: %v", err)
	}
	msg := wantAPIError(t, tag(arn, map[string]string{"c": "z"}), "InvalidParameterException", 400)
	if !strings.Contains(msg, "50") {
		t.Fatalf("message should state the limit: %s", msg)
	}
	if n := len(listTags(t, c, arn)); n != 50 {
		t.Fatalf("%d tags after the refused request, want 50", n)
	}
}

// listQueue returns the ID of the instance's only queue (BasicQueue).
func listQueue(t *testing.T, c *connect.Client, instanceID string) string {
	t.Helper()
	qs, err := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &instanceID})
	if err != nil {
		t.Fatal(err)
	}
	return *qs.QueueSummaryList[0].Id
}

func TestTagIsolationAcrossAccountsAndRegions(t *testing.T) {
	e := newEnv(t)
	id := newInstance(t, e.client, "mine")
	q := listQueue(t, e.client, id)
	mine := []string{
		"arn:aws:connect:us-east-1:111111111111:instance/" + id,
		"arn:aws:connect:us-east-1:111111111111:instance/" + id + "/queue/" + q,
	}
	for _, arn := range mine {
		if _, err := e.client.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"owner": "me"}}); err != nil {
			t.Fatal(err)
		}
	}
	others := []struct {
		c       *connect.Client
		account string
		region  string
	}{
		{e.clientFor("222222222222", "us-east-1"), "222222222222", "us-east-1"},
		{e.clientFor("111111111111", "eu-west-2"), "111111111111", "eu-west-2"},
	}
	for _, o := range others {
		newInstance(t, o.c, "theirs-"+o.account+"-"+o.region) // they have instances of their own
		for _, arn := range mine {
			// Both the owner's ARN and the same IDs rewritten into the
			// other caller's own account and region are unknown to them.
			rewritten := strings.Replace(arn, "us-east-1:111111111111", o.region+":"+o.account, 1)
			for _, a := range []string{arn, rewritten} {
				_, err := o.c.ListTagsForResource(ctx(), &connect.ListTagsForResourceInput{ResourceArn: aws.String(a)})
				wantAPIError(t, err, "ResourceNotFoundException", 404)
				_, err = o.c.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: aws.String(a), Tags: map[string]string{"owner": "them"}})
				wantAPIError(t, err, "ResourceNotFoundException", 404)
				_, err = o.c.UntagResource(ctx(), &connect.UntagResourceInput{ResourceArn: aws.String(a), TagKeys: []string{"owner"}})
				wantAPIError(t, err, "ResourceNotFoundException", 404)
			}
		}
	}
	for _, arn := range mine {
		wantTags(t, arn, listTags(t, e.client, arn), map[string]string{"owner": "me"})
	}
}

// TestTagsAreDurable restarts a disk-backed server and expects the tags.
func TestTagsAreDurable(t *testing.T) {
	dir := t.TempDir()
	vc := clock.NewVirtual(T0)
	open := func() (*connect.Client, func()) {
		srv, err := server.New(server.Options{DataDir: dir, Clock: vc})
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv.Handler())
		e := &env{t: t, srv: srv, http: hs, clock: vc}
		return e.clientFor("111111111111", "us-east-1"), func() { hs.Close(); srv.Close() }
	}
	c, stop := open()
	f := newTaggedFixture(t, c)
	sp := securityProfilesByName(t, c, f.instanceID)["Admin"]
	arns := []string{*sp.Arn}
	for arn := range f.created {
		arns = append(arns, arn)
	}
	for _, arn := range arns {
		if _, err := c.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"durable": "yes"}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.UntagResource(ctx(), &connect.UntagResourceInput{ResourceArn: sp.Arn, TagKeys: []string{"durable"}}); err != nil {
		t.Fatal(err)
	}
	stop()

	c, stop = open()
	defer stop()
	wantTags(t, "security profile", listTags(t, c, *sp.Arn), nil)
	for arn, created := range f.created {
		want := maps.Clone(created)
		want["durable"] = "yes"
		wantTags(t, arn, listTags(t, c, arn), want)
	}
}
