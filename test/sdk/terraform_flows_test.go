package sdk

import (
	"fmt"
	"sort"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// Routing profiles, contact flows and flow modules, driven as the
// Terraform AWS provider's resources and data sources do.

func TestTerraformRoutingProfile(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "tf-rp")
	hid := newHours(t, c, iid, "h")
	q1, q2 := newQueue(t, c, iid, hid, "q1"), newQueue(t, c, iid, hid, "q2")
	tags := map[string]string{"env": "test"}
	out, err := c.CreateRoutingProfile(ctx(), &connect.CreateRoutingProfileInput{InstanceId: &iid, Name: aws.String("tf rp"), Description: aws.String("first"),
		DefaultOutboundQueueId: &q1,
		MediaConcurrencies:     []types.MediaConcurrency{mc(types.ChannelVoice, 1), mc(types.ChannelChat, 2)},
		QueueConfigs:           []types.RoutingProfileQueueConfig{qcfg(q1, types.ChannelVoice, 1, 0)},
		Tags:                   tags})
	tfStep(t, "CreateRoutingProfile", err)
	id := *out.RoutingProfileId
	read := func() (*types.RoutingProfile, []string) {
		t.Helper()
		d, err := c.DescribeRoutingProfile(ctx(), &connect.DescribeRoutingProfileInput{InstanceId: &iid, RoutingProfileId: &id})
		tfStep(t, "DescribeRoutingProfile", err)
		var qs []string
		p := connect.NewListRoutingProfileQueuesPaginator(c, &connect.ListRoutingProfileQueuesInput{InstanceId: &iid, RoutingProfileId: &id, MaxResults: tfMaxResults})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx())
			tfStep(t, "ListRoutingProfileQueues", err)
			for _, s := range page.RoutingProfileQueueConfigSummaryList {
				qs = append(qs, fmt.Sprintf("%s/%s/%d/%d", *s.QueueId, s.Channel, aws.ToInt32(s.Priority), s.Delay))
			}
		}
		sort.Strings(qs)
		return d.RoutingProfile, qs
	}
	concurrency := func(p *types.RoutingProfile) map[types.Channel]int32 {
		m := map[types.Channel]int32{}
		for _, c := range p.MediaConcurrencies {
			m[c.Channel] = aws.ToInt32(c.Concurrency)
		}
		return m
	}
	p, qs := read()
	if *p.RoutingProfileArn != *out.RoutingProfileArn || *p.RoutingProfileId != id || *p.Name != "tf rp" || aws.ToString(p.Description) != "first" ||
		*p.DefaultOutboundQueueId != q1 || concurrency(p)[types.ChannelVoice] != 1 || concurrency(p)[types.ChannelChat] != 2 ||
		len(qs) != 1 || qs[0] != q1+"/VOICE/1/0" {
		t.Fatalf("read %+v queues %v", p, qs)
	}
	tfSameTags(t, "routing profile", p.Tags, tags)

	_, err = c.UpdateRoutingProfileConcurrency(ctx(), &connect.UpdateRoutingProfileConcurrencyInput{InstanceId: &iid, RoutingProfileId: &id,
		MediaConcurrencies: []types.MediaConcurrency{mc(types.ChannelVoice, 1), mc(types.ChannelChat, 3), mc(types.ChannelTask, 5)}})
	tfStep(t, "UpdateRoutingProfileConcurrency", err)
	_, err = c.UpdateRoutingProfileDefaultOutboundQueue(ctx(), &connect.UpdateRoutingProfileDefaultOutboundQueueInput{InstanceId: &iid, RoutingProfileId: &id, DefaultOutboundQueueId: &q2})
	tfStep(t, "UpdateRoutingProfileDefaultOutboundQueue", err)
	_, err = c.UpdateRoutingProfileName(ctx(), &connect.UpdateRoutingProfileNameInput{InstanceId: &iid, RoutingProfileId: &id, Name: aws.String("tf rp 2"), Description: aws.String("second")})
	tfStep(t, "UpdateRoutingProfileName", err)
	// queue_configs: the set difference, disassociated first, then associated.
	_, err = c.DisassociateRoutingProfileQueues(ctx(), &connect.DisassociateRoutingProfileQueuesInput{InstanceId: &iid, RoutingProfileId: &id,
		QueueReferences: []types.RoutingProfileQueueReference{qref(q1, types.ChannelVoice)}})
	tfStep(t, "DisassociateRoutingProfileQueues", err)
	_, err = c.AssociateRoutingProfileQueues(ctx(), &connect.AssociateRoutingProfileQueuesInput{InstanceId: &iid, RoutingProfileId: &id,
		QueueConfigs: []types.RoutingProfileQueueConfig{qcfg(q1, types.ChannelVoice, 2, 5), qcfg(q2, types.ChannelChat, 1, 0)}})
	tfStep(t, "AssociateRoutingProfileQueues", err)
	newTags := map[string]string{"env": "prod"}
	tfUpdateTags(t, c, *out.RoutingProfileArn, tags, newTags)
	p, qs = read()
	want := []string{q1 + "/VOICE/2/5", q2 + "/CHAT/1/0"}
	sort.Strings(want)
	if *p.Name != "tf rp 2" || aws.ToString(p.Description) != "second" || *p.DefaultOutboundQueueId != q2 ||
		concurrency(p)[types.ChannelChat] != 3 || concurrency(p)[types.ChannelTask] != 5 || len(qs) != 2 || qs[0] != want[0] || qs[1] != want[1] {
		t.Fatalf("after update %+v queues %v", p, qs)
	}
	tfSameTags(t, "routing profile after update", p.Tags, newTags)

	s := tfFindOne(t, "ListRoutingProfiles", func(token *string) ([]types.RoutingProfileSummary, *string, error) {
		o, err := c.ListRoutingProfiles(ctx(), &connect.ListRoutingProfilesInput{InstanceId: &iid, MaxResults: tfMaxResults, NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		return o.RoutingProfileSummaryList, o.NextToken, nil
	}, func(s types.RoutingProfileSummary) string { return aws.ToString(s.Name) }, "tf rp 2")
	if *s.Id != id || *s.Arn != *out.RoutingProfileArn {
		t.Fatalf("summary %+v", s)
	}

	_, err = c.DeleteRoutingProfile(ctx(), &connect.DeleteRoutingProfileInput{InstanceId: &iid, RoutingProfileId: &id})
	tfStep(t, "DeleteRoutingProfile", err)
	_, err = c.DescribeRoutingProfile(ctx(), &connect.DescribeRoutingProfileInput{InstanceId: &iid, RoutingProfileId: &id})
	tfNotFound(t, "DescribeRoutingProfile", err)
}

const (
	tfFlowV1 = `{"Version":"2019-10-30","StartAction":"bye","Actions":[{"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
	tfFlowV2 = `{"Version":"2019-10-30","StartAction":"hi","Actions":[
 {"Identifier":"hi","Type":"MessageParticipant","Parameters":{"Text":"Hello"},"Transitions":{"NextAction":"bye"}},
 {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
	tfModuleV1 = `{"Version":"2019-10-30","StartAction":"ret","Actions":[{"Identifier":"ret","Type":"EndFlowModuleExecution","Parameters":{},"Transitions":{}}]}`
)

func TestTerraformContactFlow(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "tf-flow")
	tags := map[string]string{"env": "test"}
	out, err := c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &iid, Name: aws.String("tf flow"), Description: aws.String("first"),
		Type: types.ContactFlowTypeContactFlow, Content: aws.String(tfFlowV1), Tags: tags})
	tfStep(t, "CreateContactFlow", err)
	id := *out.ContactFlowId
	read := func() (*types.ContactFlow, error) {
		d, err := c.DescribeContactFlow(ctx(), &connect.DescribeContactFlowInput{InstanceId: &iid, ContactFlowId: &id})
		if err != nil {
			return nil, err
		}
		return d.ContactFlow, nil
	}
	f, err := read()
	tfStep(t, "DescribeContactFlow", err)
	if *f.Arn != *out.ContactFlowArn || *f.Id != id || *f.Name != "tf flow" || aws.ToString(f.Description) != "first" ||
		f.Type != types.ContactFlowTypeContactFlow || aws.ToString(f.Content) != tfFlowV1 {
		t.Fatalf("read %+v", f)
	}
	tfSameTags(t, "contact flow", f.Tags, tags)

	_, err = c.UpdateContactFlowName(ctx(), &connect.UpdateContactFlowNameInput{InstanceId: &iid, ContactFlowId: &id, Name: aws.String("tf flow 2"), Description: aws.String("second")})
	tfStep(t, "UpdateContactFlowName", err)
	_, err = c.UpdateContactFlowContent(ctx(), &connect.UpdateContactFlowContentInput{InstanceId: &iid, ContactFlowId: &id, Content: aws.String(tfFlowV2)})
	tfStep(t, "UpdateContactFlowContent", err)
	newTags := map[string]string{"team": "ivr"}
	tfUpdateTags(t, c, *out.ContactFlowArn, tags, newTags)
	f, err = read()
	tfStep(t, "DescribeContactFlow", err)
	if *f.Name != "tf flow 2" || aws.ToString(f.Description) != "second" || aws.ToString(f.Content) != tfFlowV2 {
		t.Fatalf("after update %+v", f)
	}
	tfSameTags(t, "contact flow after update", f.Tags, newTags)

	s := tfFindOne(t, "ListContactFlows", func(token *string) ([]types.ContactFlowSummary, *string, error) {
		o, err := c.ListContactFlows(ctx(), &connect.ListContactFlowsInput{InstanceId: &iid, MaxResults: tfMaxResults, NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		return o.ContactFlowSummaryList, o.NextToken, nil
	}, func(s types.ContactFlowSummary) string { return aws.ToString(s.Name) }, "tf flow 2")
	if *s.Id != id || s.ContactFlowType != types.ContactFlowTypeContactFlow {
		t.Fatalf("summary %+v", s)
	}

	_, err = c.DeleteContactFlow(ctx(), &connect.DeleteContactFlowInput{InstanceId: &iid, ContactFlowId: &id})
	tfStep(t, "DeleteContactFlow", err)
	_, err = read()
	tfNotFound(t, "DescribeContactFlow", err)
}

func TestTerraformContactFlowModule(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "tf-module")
	tags := map[string]string{"env": "test"}
	out, err := c.CreateContactFlowModule(ctx(), &connect.CreateContactFlowModuleInput{InstanceId: &iid, Name: aws.String("tf module"),
		Description: aws.String("first"), Content: aws.String(tfModuleV1), Tags: tags})
	tfStep(t, "CreateContactFlowModule", err)
	id := *out.Id
	read := func() (*types.ContactFlowModule, error) {
		d, err := c.DescribeContactFlowModule(ctx(), &connect.DescribeContactFlowModuleInput{InstanceId: &iid, ContactFlowModuleId: &id})
		if err != nil {
			return nil, err
		}
		return d.ContactFlowModule, nil
	}
	m, err := read()
	tfStep(t, "DescribeContactFlowModule", err)
	if *m.Arn != *out.Arn || *m.Id != id || *m.Name != "tf module" || aws.ToString(m.Description) != "first" || aws.ToString(m.Content) != tfModuleV1 {
		t.Fatalf("read %+v", m)
	}
	tfSameTags(t, "module", m.Tags, tags)

	_, err = c.UpdateContactFlowModuleMetadata(ctx(), &connect.UpdateContactFlowModuleMetadataInput{InstanceId: &iid, ContactFlowModuleId: &id,
		Name: aws.String("tf module 2"), Description: aws.String("second")})
	tfStep(t, "UpdateContactFlowModuleMetadata", err)
	_, err = c.UpdateContactFlowModuleContent(ctx(), &connect.UpdateContactFlowModuleContentInput{InstanceId: &iid, ContactFlowModuleId: &id, Content: aws.String(greetModule)})
	tfStep(t, "UpdateContactFlowModuleContent", err)
	newTags := map[string]string{"team": "ivr"}
	tfUpdateTags(t, c, *out.Arn, tags, newTags)
	m, err = read()
	tfStep(t, "DescribeContactFlowModule", err)
	if *m.Name != "tf module 2" || aws.ToString(m.Description) != "second" || aws.ToString(m.Content) != greetModule {
		t.Fatalf("after update %+v", m)
	}
	tfSameTags(t, "module after update", m.Tags, newTags)

	s := tfFindOne(t, "ListContactFlowModules", func(token *string) ([]types.ContactFlowModuleSummary, *string, error) {
		o, err := c.ListContactFlowModules(ctx(), &connect.ListContactFlowModulesInput{InstanceId: &iid, MaxResults: tfMaxResults, NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		return o.ContactFlowModulesSummaryList, o.NextToken, nil
	}, func(s types.ContactFlowModuleSummary) string { return aws.ToString(s.Name) }, "tf module 2")
	if *s.Id != id || *s.Arn != *out.Arn {
		t.Fatalf("summary %+v", s)
	}

	_, err = c.DeleteContactFlowModule(ctx(), &connect.DeleteContactFlowModuleInput{InstanceId: &iid, ContactFlowModuleId: &id})
	tfStep(t, "DeleteContactFlowModule", err)
	_, err = read()
	tfNotFound(t, "DescribeContactFlowModule", err)
}
