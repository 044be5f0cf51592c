package sdk

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// TestPhoneNumberResource drives aws_connect_phone_number's cycle:
// SearchAvailablePhoneNumbers, ClaimPhoneNumber, wait CLAIMED, read,
// UpdatePhoneNumber (target), wait CLAIMED, tags, ReleasePhoneNumber,
// wait not found.
func TestPhoneNumberResource(t *testing.T) {
	e := newEnv(t)
	c := e.client
	a, b := newInstance(t, c, "tf-phone-a"), newInstance(t, c, "tf-phone-b")
	aARN := "arn:aws:connect:us-east-1:111111111111:instance/" + a
	bARN := "arn:aws:connect:us-east-1:111111111111:instance/" + b
	avail, err := c.SearchAvailablePhoneNumbers(ctx(), &connect.SearchAvailablePhoneNumbersInput{TargetArn: &aARN,
		PhoneNumberCountryCode: types.PhoneNumberCountryCodeUs, PhoneNumberType: types.PhoneNumberTypeTollFree, PhoneNumberPrefix: aws.String("+1800"), MaxResults: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	if len(avail.AvailableNumbersList) != 2 || *avail.AvailableNumbersList[0].PhoneNumber != "+18005550100" || avail.NextToken == nil {
		t.Fatalf("available: %+v", avail)
	}
	number := *avail.AvailableNumbersList[0].PhoneNumber
	claim, err := c.ClaimPhoneNumber(ctx(), &connect.ClaimPhoneNumberInput{TargetArn: &aARN, PhoneNumber: &number,
		PhoneNumberDescription: aws.String("main line"), Tags: map[string]string{"env": "test"}})
	if err != nil {
		t.Fatal(err)
	}
	describe := func() (*types.ClaimedPhoneNumberSummary, error) {
		out, err := c.DescribePhoneNumber(ctx(), &connect.DescribePhoneNumberInput{PhoneNumberId: claim.PhoneNumberId})
		if err != nil {
			return nil, err
		}
		return out.ClaimedPhoneNumberSummary, nil
	}
	first, err := describe()
	if err != nil || first.PhoneNumberStatus.Status != types.PhoneNumberWorkflowStatusInProgress {
		t.Fatalf("just claimed: %+v %v", first, err)
	}
	claimed := func() (bool, error) {
		p, err := describe()
		return err == nil && p.PhoneNumberStatus.Status == types.PhoneNumberWorkflowStatusClaimed, err
	}
	if polls := e.waitFor(t, "claim", claimed); polls < 2 {
		t.Fatalf("claimed after %d polls, want IN_PROGRESS first", polls)
	}
	p, _ := describe()
	if *p.PhoneNumber != number || *p.TargetArn != aARN || p.Tags["env"] != "test" || *p.PhoneNumberDescription != "main line" ||
		p.PhoneNumberType != types.PhoneNumberTypeTollFree || p.PhoneNumberCountryCode != types.PhoneNumberCountryCodeUs {
		t.Fatalf("read: %+v", p)
	}
	// The claimed number is no longer offered; claiming it again fails.
	again, err := c.SearchAvailablePhoneNumbers(ctx(), &connect.SearchAvailablePhoneNumbersInput{TargetArn: &aARN,
		PhoneNumberCountryCode: types.PhoneNumberCountryCodeUs, PhoneNumberType: types.PhoneNumberTypeTollFree, PhoneNumberPrefix: aws.String("+1800"), MaxResults: aws.Int32(1)})
	if err != nil || *again.AvailableNumbersList[0].PhoneNumber == number {
		t.Fatalf("after claim: %+v %v", again, err)
	}
	_, err = c.ClaimPhoneNumber(ctx(), &connect.ClaimPhoneNumberInput{TargetArn: &bARN, PhoneNumber: &number})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.ClaimPhoneNumber(ctx(), &connect.ClaimPhoneNumberInput{TargetArn: &bARN, PhoneNumber: aws.String("+14155551234")})
	wantAPIError(t, err, "InvalidParameterException", 400)

	// Update: target, then description, then tags.
	if _, err := c.UpdatePhoneNumber(ctx(), &connect.UpdatePhoneNumberInput{PhoneNumberId: claim.PhoneNumberId, TargetArn: &bARN}); err != nil {
		t.Fatal(err)
	}
	e.waitFor(t, "update", claimed)
	if _, err := c.UpdatePhoneNumberMetadata(ctx(), &connect.UpdatePhoneNumberMetadataInput{PhoneNumberId: claim.PhoneNumberId, PhoneNumberDescription: aws.String("moved")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: claim.PhoneNumberArn, Tags: map[string]string{"team": "blue"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UntagResource(ctx(), &connect.UntagResourceInput{ResourceArn: claim.PhoneNumberArn, TagKeys: []string{"env"}}); err != nil {
		t.Fatal(err)
	}
	p, _ = describe()
	if *p.TargetArn != bARN || *p.InstanceId != b || *p.PhoneNumberDescription != "moved" || len(p.Tags) != 1 || p.Tags["team"] != "blue" {
		t.Fatalf("after update: %+v", p)
	}
	for _, iid := range []string{a, b} {
		l, err := c.ListPhoneNumbersV2(ctx(), &connect.ListPhoneNumbersV2Input{InstanceId: aws.String(iid)})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{a: 0, b: 1}[iid]; len(l.ListPhoneNumbersSummaryList) != want {
			t.Fatalf("ListPhoneNumbersV2(%s) = %d numbers, want %d", iid, len(l.ListPhoneNumbersSummaryList), want)
		}
	}
	v1, err := c.ListPhoneNumbers(ctx(), &connect.ListPhoneNumbersInput{InstanceId: &b, PhoneNumberTypes: []types.PhoneNumberType{types.PhoneNumberTypeTollFree}})
	if err != nil || len(v1.PhoneNumberSummaryList) != 1 || *v1.PhoneNumberSummaryList[0].PhoneNumber != number {
		t.Fatalf("ListPhoneNumbers: %+v %v", v1, err)
	}
	// Another account sees nothing of it.
	other := e.clientFor("222222222222", "us-east-1")
	_, err = other.DescribePhoneNumber(ctx(), &connect.DescribePhoneNumberInput{PhoneNumberId: claim.PhoneNumberId})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	if _, err := c.ReleasePhoneNumber(ctx(), &connect.ReleasePhoneNumberInput{PhoneNumberId: claim.PhoneNumberId}); err != nil {
		t.Fatal(err)
	}
	e.waitGone(t, "phone number", func() error { _, err := describe(); return err })
}

// callLocal posts a call to /_local/calls as account 111111111111.
func callLocal(t *testing.T, e *env, to, from string) (int, map[string]string) {
	t.Helper()
	body := `{"To":"` + to + `","From":"` + from + `"}`
	req, err := http.NewRequest("POST", e.http.URL+"/_local/calls", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	signReq(t, req, body, "111111111111", "secret", "us-east-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := map[string]string{}
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

// TestCallToClaimedNumberReachesAnAgent: a customer dials a claimed
// number associated with a flow; the INBOUND voice contact runs the flow
// and rings the available agent.
func TestCallToClaimedNumberReachesAnAgent(t *testing.T) {
	e := newEnv(t)
	c := newCenterOn(t, e, "calls")
	jane := c.agent("jane", false, 0)
	c.setAvailable(jane)
	avail, err := c.c.SearchAvailablePhoneNumbers(ctx(), &connect.SearchAvailablePhoneNumbersInput{InstanceId: &c.iid,
		PhoneNumberCountryCode: types.PhoneNumberCountryCodeGb, PhoneNumberType: types.PhoneNumberTypeDid, MaxResults: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	number := *avail.AvailableNumbersList[0].PhoneNumber
	if !strings.HasPrefix(number, "+442079460") {
		t.Fatalf("GB DID %s is not in Ofcom's drama range", number)
	}
	claim, err := c.c.ClaimPhoneNumber(ctx(), &connect.ClaimPhoneNumberInput{InstanceId: &c.iid, PhoneNumber: &number})
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := callLocal(t, e, number, "+447700900123"); code != 404 {
		t.Fatalf("call before a flow is associated: %d, want 404", code)
	}
	e.clock.Advance(5e9)
	if _, err := c.c.AssociatePhoneNumberContactFlow(ctx(), &connect.AssociatePhoneNumberContactFlowInput{InstanceId: &c.iid,
		PhoneNumberId: claim.PhoneNumberId, ContactFlowId: &c.basicFlow}); err != nil {
		t.Fatal(err)
	}
	fa, err := c.c.ListFlowAssociations(ctx(), &connect.ListFlowAssociationsInput{InstanceId: &c.iid, ResourceType: types.ListFlowAssociationResourceTypeVoicePhoneNumber})
	// FlowId is the flow's ARN, as Connect answers it.
	if err != nil || len(fa.FlowAssociationSummaryList) != 1 || !strings.HasSuffix(*fa.FlowAssociationSummaryList[0].FlowId, "/contact-flow/"+c.basicFlow) {
		t.Fatalf("ListFlowAssociations: %+v %v", fa, err)
	}
	code, out := callLocal(t, e, number, "+447700900123")
	if code != 200 || out["InstanceId"] != c.iid {
		t.Fatalf("call: %d %v", code, out)
	}
	d, err := c.c.DescribeContact(ctx(), &connect.DescribeContactInput{InstanceId: &c.iid, ContactId: aws.String(out["ContactId"])})
	if err != nil {
		t.Fatal(err)
	}
	ct := d.Contact
	if ct.Channel != types.ChannelVoice || ct.InitiationMethod != types.ContactInitiationMethodInbound ||
		ct.SystemEndpoint == nil || *ct.SystemEndpoint.Address != number || ct.CustomerEndpoint == nil || *ct.CustomerEndpoint.Address != "+447700900123" {
		t.Fatalf("contact: %+v", ct)
	}
	if got := c.agentContacts(jane); got[out["ContactId"]] == "" {
		t.Fatalf("jane's contacts %v, want the call", got)
	}
	// Another account dialling the number reaches nothing; a released
	// number answers 404.
	if _, err := c.c.DisassociatePhoneNumberContactFlow(ctx(), &connect.DisassociatePhoneNumberContactFlowInput{InstanceId: &c.iid, PhoneNumberId: claim.PhoneNumberId}); err != nil {
		t.Fatal(err)
	}
	if code, _ := callLocal(t, e, number, "+447700900123"); code != 404 {
		t.Fatalf("call after disassociating: %d, want 404", code)
	}
	if _, err := c.c.ReleasePhoneNumber(ctx(), &connect.ReleasePhoneNumberInput{PhoneNumberId: claim.PhoneNumberId}); err != nil {
		t.Fatal(err)
	}
	if code, _ := callLocal(t, e, number, "+447700900123"); code != 404 {
		t.Fatalf("call after release: %d, want 404", code)
	}
}
