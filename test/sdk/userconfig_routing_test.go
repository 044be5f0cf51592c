package sdk

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/provisioning"
)

// Routing applies the user's settings of the contact's channel
// (UpdateUserConfig; docs/routing.md#offer-accept-miss-reject-and-acw).

// phoneLine claims a number for the center's basic routing flow and
// returns a function that places an inbound call to it, giving the
// contact's ID.
func (c *center) phoneLine(e *env) func() string {
	c.t.Helper()
	avail, err := c.c.SearchAvailablePhoneNumbers(ctx(), &connect.SearchAvailablePhoneNumbersInput{InstanceId: &c.iid,
		PhoneNumberCountryCode: types.PhoneNumberCountryCodeUs, PhoneNumberType: types.PhoneNumberTypeDid, MaxResults: aws.Int32(1)})
	if err != nil {
		c.t.Fatal(err)
	}
	number := *avail.AvailableNumbersList[0].PhoneNumber
	claim, err := c.c.ClaimPhoneNumber(ctx(), &connect.ClaimPhoneNumberInput{InstanceId: &c.iid, PhoneNumber: &number})
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := c.c.AssociatePhoneNumberContactFlow(ctx(), &connect.AssociatePhoneNumberContactFlowInput{InstanceId: &c.iid,
		PhoneNumberId: claim.PhoneNumberId, ContactFlowId: &c.basicFlow}); err != nil {
		c.t.Fatal(err)
	}
	c.advance(provisioning.ClaimDelay) // the claim settles
	return func() string {
		c.t.Helper()
		code, out := callLocal(c.t, e, number, "+12025550143")
		if code != 200 || out["ContactId"] == "" {
			c.t.Fatalf("call: %d %v", code, out)
		}
		return out["ContactId"]
	}
}

func (c *center) userConfig(uid string, in connect.UpdateUserConfigInput) {
	c.t.Helper()
	in.InstanceId, in.UserId = &c.iid, &uid
	if _, err := c.c.UpdateUserConfig(ctx(), &in); err != nil {
		c.t.Fatal(err)
	}
}

func (c *center) endCustomer(cid string) {
	c.t.Helper()
	if code := c.local("POST", "/_local/instances/"+c.iid+"/contacts/"+cid+"/end-customer", "", nil); code != 200 {
		c.t.Fatalf("end-customer %s: HTTP %d", cid, code)
	}
}

// wantAgentState checks the state of the agent's connection to a contact
// ("" when the agent no longer holds it).
func (c *center) wantAgentState(uid, cid, want, when string) {
	c.t.Helper()
	if got := c.agentContacts(uid)[cid]; got != want {
		c.t.Fatalf("%s: contact %s is %q for the agent, want %q", when, cid, got, want)
	}
}

// AutoAccept on for CHAT only: a chat is connected at once, while a task
// (no value of its own: PhoneConfig's) and a voice call ring.
func TestAutoAcceptOfTheContactsChannel(t *testing.T) {
	e := newEnv(t)
	c := newCenterOn(t, e, "chan-autoaccept")
	call := c.phoneLine(e)
	jane := c.agent("jane", false, 0)
	c.userConfig(jane, connect.UpdateUserConfigInput{AutoAcceptConfigs: []types.AutoAcceptConfig{
		{Channel: types.ChannelVoice, AutoAccept: false}, {Channel: types.ChannelChat, AutoAccept: true}}})
	c.setAvailable(jane)

	chat, _ := c.chat(c.basicFlow, "")
	c.wantAgentState(jane, chat, "CONNECTED", "chat offered with CHAT auto-accept")
	if d := c.describe(chat); d.AgentInfo == nil || d.AgentInfo.ConnectedToAgentTimestamp == nil || !d.AgentInfo.ConnectedToAgentTimestamp.Equal(c.e.clock.Now()) {
		t.Fatalf("chat not connected at once: %+v", d.AgentInfo)
	}
	c.endCustomer(chat)
	c.act(jane, chat, "clear-acw")

	task := c.task("follow-up", c.basicFlow)
	c.wantAgentState(jane, task, "CONNECTING", "task offered (TASK takes PhoneConfig's AutoAccept, off)")
	c.act(jane, task, "accept")
	c.endCustomer(task)
	c.act(jane, task, "clear-acw")

	voice := call()
	c.wantAgentState(jane, voice, "CONNECTING", "call offered with VOICE auto-accept off")
	c.advance(5 * time.Second)
	c.wantAgentState(jane, voice, "CONNECTING", "call 5 s after the offer")
	c.act(jane, voice, "accept")
	c.wantAgentState(jane, voice, "CONNECTED", "call accepted")
}

// An ACW limit set for CHAT only ends a chat's after-contact work after
// that many seconds; a call's follows VOICE's limit.
func TestACWLimitOfTheContactsChannel(t *testing.T) {
	e := newEnv(t)
	c := newCenterOn(t, e, "chan-acw")
	call := c.phoneLine(e)
	joe := c.agent("joe", true, 60) // VOICE (PhoneConfig): 60 s
	c.userConfig(joe, connect.UpdateUserConfigInput{AfterContactWorkConfigs: []types.AfterContactWorkConfigPerChannel{
		{Channel: types.ChannelChat, AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 10}}}})
	c.setAvailable(joe)

	acw := func(cid string, limit time.Duration, what string) {
		t.Helper()
		c.wantAgentState(joe, cid, "CONNECTED", what+" offered (auto-accept)")
		c.advance(3 * time.Second)
		c.endCustomer(cid)
		c.wantAgentState(joe, cid, "ENDED", what+" in ACW")
		c.advance(limit - time.Second)
		c.wantAgentState(joe, cid, "ENDED", what+" one second before its ACW limit")
		c.advance(time.Second)
		c.wantAgentState(joe, cid, "", what+" at its ACW limit")
		if d := c.describe(cid); d.AgentInfo == nil || d.AgentInfo.AfterContactWorkDuration == nil || *d.AgentInfo.AfterContactWorkDuration != int32(limit/time.Second) {
			t.Fatalf("%s's ACW: %+v", what, d.AgentInfo)
		}
	}
	chat, _ := c.chat(c.basicFlow, "")
	acw(chat, 10*time.Second, "chat")
	acw(call(), 60*time.Second, "call")
	acw(c.task("follow-up", c.basicFlow), 60*time.Second, "task") // no TASK value: PhoneConfig's
}
