package sdk

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func TestViewLifecycleAndVersions(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "views")
	content := &types.ViewInputContent{Template: aws.String(`{"Head":{"Title":"Refund"}}`), Actions: []string{"Submit"}}
	v, err := c.CreateView(ctx(), &connect.CreateViewInput{InstanceId: &iid, Name: aws.String("refund"), Status: types.ViewStatusSaved,
		Content: content, Tags: map[string]string{"team": "billing"}})
	if err != nil {
		t.Fatal(err)
	}
	id := *v.View.Id
	_, err = c.CreateViewVersion(ctx(), &connect.CreateViewVersionInput{InstanceId: &iid, ViewId: &id})
	wantAPIError(t, err, "InvalidRequestException", 400) // SAVED, not PUBLISHED
	// (ViewContentSha256 cannot be sent back: the model's pattern for it,
	// ^[a-zA-Z0-9]$, admits one character.)
	u, err := c.UpdateViewContent(ctx(), &connect.UpdateViewContentInput{InstanceId: &iid, ViewId: &id, Status: types.ViewStatusPublished, Content: content})
	if err != nil {
		t.Fatal(err)
	}
	ver, err := c.CreateViewVersion(ctx(), &connect.CreateViewVersionInput{InstanceId: &iid, ViewId: &id, VersionDescription: aws.String("v1")})
	if err != nil {
		t.Fatal(err)
	}
	if ver.View.Version != 1 || *ver.View.ViewContentSha256 != *u.View.ViewContentSha256 || *ver.View.Arn != *v.View.Arn+":1" {
		t.Fatalf("version = %+v", ver.View)
	}
	// The latest changes; version 1 keeps what it froze.
	if _, err := c.UpdateViewContent(ctx(), &connect.UpdateViewContentInput{InstanceId: &iid, ViewId: &id, Status: types.ViewStatusPublished,
		Content: &types.ViewInputContent{Template: aws.String(`{"Head":{"Title":"Refund 2"}}`)}}); err != nil {
		t.Fatal(err)
	}
	d1, err := c.DescribeView(ctx(), &connect.DescribeViewInput{InstanceId: &iid, ViewId: aws.String(id + ":1")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(*d1.View.Content.Template, `"Refund"`) || *d1.View.VersionDescription != "v1" {
		t.Fatalf("version 1 = %+v", d1.View.Content)
	}
	if _, err := c.UpdateViewMetadata(ctx(), &connect.UpdateViewMetadataInput{InstanceId: &iid, ViewId: &id, Name: aws.String("refunds")}); err != nil {
		t.Fatal(err)
	}
	l, err := c.ListViews(ctx(), &connect.ListViewsInput{InstanceId: &iid})
	if err != nil || len(l.ViewsSummaryList) != 1 || *l.ViewsSummaryList[0].Name != "refunds" {
		t.Fatalf("views = %+v %v", l, err)
	}
	vv, err := c.ListViewVersions(ctx(), &connect.ListViewVersionsInput{InstanceId: &iid, ViewId: &id})
	if err != nil || len(vv.ViewVersionSummaryList) != 1 {
		t.Fatalf("versions = %+v %v", vv, err)
	}
	_, err = c.DeleteView(ctx(), &connect.DeleteViewInput{InstanceId: &iid, ViewId: &id})
	wantAPIError(t, err, "ResourceInUseException", 409)
	if _, err := c.DeleteViewVersion(ctx(), &connect.DeleteViewVersionInput{InstanceId: &iid, ViewId: &id, ViewVersion: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteView(ctx(), &connect.DeleteViewInput{InstanceId: &iid, ViewId: &id}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeView(ctx(), &connect.DescribeViewInput{InstanceId: &iid, ViewId: &id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestRulesAreStored(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "rules")
	r, err := c.CreateRule(ctx(), &connect.CreateRuleInput{InstanceId: &iid, Name: aws.String("angry"), Function: aws.String(`{"Version":"2022-11-25"}`),
		PublishStatus: types.RulePublishStatusDraft, TriggerEventSource: &types.RuleTriggerEventSource{EventSourceName: types.EventSourceNameOnPostCallAnalysisAvailable},
		Actions: []types.RuleAction{{ActionType: types.ActionTypeGenerateEventbridgeEvent, EventBridgeAction: &types.EventBridgeActionDefinition{Name: aws.String("ev")}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateRule(ctx(), &connect.UpdateRuleInput{InstanceId: &iid, RuleId: r.RuleId, Name: aws.String("angry2"), Function: aws.String("{}"),
		PublishStatus: types.RulePublishStatusPublished, Actions: []types.RuleAction{{ActionType: types.ActionTypeGenerateEventbridgeEvent,
			EventBridgeAction: &types.EventBridgeActionDefinition{Name: aws.String("ev2")}}}}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeRule(ctx(), &connect.DescribeRuleInput{InstanceId: &iid, RuleId: r.RuleId})
	if err != nil {
		t.Fatal(err)
	}
	if *d.Rule.Name != "angry2" || d.Rule.PublishStatus != types.RulePublishStatusPublished || *d.Rule.Actions[0].EventBridgeAction.Name != "ev2" {
		t.Fatalf("rule = %+v", d.Rule)
	}
	l, err := c.ListRules(ctx(), &connect.ListRulesInput{InstanceId: &iid, PublishStatus: types.RulePublishStatusPublished})
	if err != nil || len(l.RuleSummaryList) != 1 || l.RuleSummaryList[0].ActionSummaries[0].ActionType != types.ActionTypeGenerateEventbridgeEvent {
		t.Fatalf("rules = %+v %v", l, err)
	}
	if _, err := c.DeleteRule(ctx(), &connect.DeleteRuleInput{InstanceId: &iid, RuleId: r.RuleId}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeRule(ctx(), &connect.DescribeRuleInput{InstanceId: &iid, RuleId: r.RuleId})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestContactRecordingStateAndTagSearch(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "recording")
	c := f.c
	flow := flowIDByName(t, c, f.iid, "Basic routing flow")
	call, err := c.StartOutboundVoiceContact(ctx(), &connect.StartOutboundVoiceContactInput{InstanceId: &f.iid, ContactFlowId: &flow,
		DestinationPhoneNumber: aws.String("+12065550199"), QueueId: &f.basicQueue})
	if err != nil {
		t.Fatal(err)
	}
	rec := func(action string) error {
		var err error
		switch action {
		case "start":
			_, err = c.StartContactRecording(ctx(), &connect.StartContactRecordingInput{InstanceId: &f.iid, ContactId: call.ContactId, InitialContactId: call.ContactId,
				VoiceRecordingConfiguration: &types.VoiceRecordingConfiguration{VoiceRecordingTrack: types.VoiceRecordingTrackAll}})
		case "suspend":
			_, err = c.SuspendContactRecording(ctx(), &connect.SuspendContactRecordingInput{InstanceId: &f.iid, ContactId: call.ContactId, InitialContactId: call.ContactId})
		case "resume":
			_, err = c.ResumeContactRecording(ctx(), &connect.ResumeContactRecordingInput{InstanceId: &f.iid, ContactId: call.ContactId, InitialContactId: call.ContactId})
		case "stop":
			_, err = c.StopContactRecording(ctx(), &connect.StopContactRecordingInput{InstanceId: &f.iid, ContactId: call.ContactId, InitialContactId: call.ContactId})
		}
		return err
	}
	wantAPIError(t, rec("suspend"), "InvalidRequestException", 400) // nothing recording yet
	for _, a := range []string{"start", "suspend", "resume"} {
		if err := rec(a); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	wantAPIError(t, rec("resume"), "InvalidRequestException", 400) // already ACTIVE
	e.clock.Advance(30e9)
	if err := rec("stop"); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeContact(ctx(), &connect.DescribeContactInput{InstanceId: &f.iid, ContactId: call.ContactId})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Contact.Recordings) != 1 || d.Contact.Recordings[0].StopTimestamp == nil ||
		d.Contact.Recordings[0].StopTimestamp.Sub(*d.Contact.Recordings[0].StartTimestamp).Seconds() != 30 {
		t.Fatalf("recordings = %+v", d.Contact.Recordings)
	}

	// SearchResourceTags: distinct tags of the named resource types.
	for arn, tags := range map[string]map[string]string{f.basicQueueARN: {"team": "billing"}, f.agentSPARN: {"team": "support", "tier": "1"}} {
		if _, err := c.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: aws.String(arn), Tags: tags}); err != nil {
			t.Fatal(err)
		}
	}
	st, err := c.SearchResourceTags(ctx(), &connect.SearchResourceTagsInput{InstanceId: &f.iid, ResourceTypes: []string{"STANDARD_QUEUE", "SECURITY_PROFILE"},
		SearchCriteria: &types.ResourceTagsSearchCriteria{TagSearchCondition: &types.TagSearchCondition{TagKey: aws.String("te"), TagKeyComparisonType: types.StringComparisonTypeStartsWith}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Tags) != 2 || *st.Tags[0].Value != "billing" || *st.Tags[1].Value != "support" {
		t.Fatalf("tags = %+v", st.Tags)
	}
	_, err = c.SearchResourceTags(ctx(), &connect.SearchResourceTagsInput{InstanceId: &f.iid, ResourceTypes: []string{"SPACESHIP"}})
	wantAPIError(t, err, "InvalidParameterException", 400)

	// GetFederationToken: a credential set with its expiries.
	tok, err := c.GetFederationToken(ctx(), &connect.GetFederationTokenInput{InstanceId: &f.iid})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(*tok.Credentials.AccessToken, "connect-local-access-") || !tok.Credentials.AccessTokenExpiration.After(*d.Contact.InitiationTimestamp) {
		t.Fatalf("token = %+v", tok.Credentials)
	}
}
