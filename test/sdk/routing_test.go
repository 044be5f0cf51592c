package sdk

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// center is an instance with agents, driven through the SDK and /_local/.
type center struct {
	*userFixture
	t         *testing.T
	available string // the Available status ID
	basicFlow string // "Basic routing flow": transfer to the working queue
}

func newCenter(t *testing.T, alias string) *center { return newCenterOn(t, newEnv(t), alias) }

// newCenterOn is newCenter on a given server.
func newCenterOn(t *testing.T, e *env, alias string) *center {
	c := &center{userFixture: newUserFixture(t, e, alias), t: t}
	sts, err := c.c.ListAgentStatuses(ctx(), &connect.ListAgentStatusesInput{InstanceId: &c.iid})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sts.AgentStatusSummaryList {
		if *s.Name == "Available" {
			c.available = *s.Id
		}
	}
	c.basicFlow = c.flowID("Basic routing flow")
	return c
}

func (c *center) flowID(name string) string {
	c.t.Helper()
	p := connect.NewListContactFlowsPaginator(c.c, &connect.ListContactFlowsInput{InstanceId: &c.iid})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx())
		if err != nil {
			c.t.Fatal(err)
		}
		for _, f := range out.ContactFlowSummaryList {
			if *f.Name == name {
				return *f.Id
			}
		}
	}
	c.t.Fatalf("no flow %q", name)
	return ""
}

// agent creates a user on the Basic Routing Profile.
func (c *center) agent(name string, autoAccept bool, acw int32) string {
	c.t.Helper()
	out, err := c.c.CreateUser(ctx(), &connect.CreateUserInput{InstanceId: &c.iid, Username: aws.String(name),
		RoutingProfileId: &c.basicProfile, SecurityProfileIds: []string{c.agentSP},
		PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AutoAccept: autoAccept, AfterContactWorkTimeLimit: acw}})
	if err != nil {
		c.t.Fatal(err)
	}
	return *out.UserId
}

func (c *center) setAvailable(uid string) {
	c.t.Helper()
	if _, err := c.c.PutUserStatus(ctx(), &connect.PutUserStatusInput{InstanceId: &c.iid, UserId: &uid, AgentStatusId: &c.available}); err != nil {
		c.t.Fatal(err)
	}
}

func (c *center) task(name, flow string) string {
	c.t.Helper()
	out, err := c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, ContactFlowId: &flow, Name: aws.String(name)})
	if err != nil {
		c.t.Fatal(err)
	}
	return *out.ContactId
}

func (c *center) describe(cid string) *types.Contact {
	c.t.Helper()
	out, err := c.c.DescribeContact(ctx(), &connect.DescribeContactInput{InstanceId: &c.iid, ContactId: &cid})
	if err != nil {
		c.t.Fatal(err)
	}
	return out.Contact
}

// local calls a /_local/ endpoint and decodes the answer into out (if set).
func (c *center) local(method, path, body string, out any) int {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.e.http.URL+path, strings.NewReader(body))
	signReq(c.t, req, body, c.scope.Account, "secret", c.scope.Region) // /_local/ acts in the caller's account
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == 200 {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return resp.StatusCode
}

func (c *center) act(uid, cid, action string) {
	c.t.Helper()
	if code := c.local("POST", fmt.Sprintf("/_local/instances/%s/agents/%s/contacts/%s/%s", c.iid, uid, cid, action), "", nil); code != 200 {
		c.t.Fatalf("%s %s: HTTP %d", action, cid, code)
	}
}

func (c *center) advance(d time.Duration) {
	c.t.Helper()
	c.e.clock.Advance(d)
}

// agentContacts returns the agent's contacts and their states.
func (c *center) agentContacts(uid string) map[string]string {
	c.t.Helper()
	out, err := c.c.GetCurrentUserData(ctx(), &connect.GetCurrentUserDataInput{InstanceId: &c.iid, Filters: &types.UserDataFilters{Agents: []string{uid}}})
	if err != nil {
		c.t.Fatal(err)
	}
	m := map[string]string{}
	for _, ud := range out.UserDataList {
		for _, ref := range ud.Contacts {
			m[*ref.ContactId] = string(ref.AgentContactState)
		}
	}
	return m
}

func TestContactLifecycleThroughAgent(t *testing.T) {
	c := newCenter(t, "lifecycle-contact")
	jane := c.agent("jane", false, 0)
	c.setAvailable(jane)
	start := c.e.clock.Now()
	cid := c.task("refund", c.basicFlow)
	if got := c.agentContacts(jane); got[cid] != "CONNECTING" {
		t.Fatalf("jane's contacts %v, want %s ringing", got, cid)
	}
	d := c.describe(cid)
	if d.QueueInfo == nil || *d.QueueInfo.Id != c.basicQueue || !d.QueueInfo.EnqueueTimestamp.Equal(start) || *d.QueuePriority != 5 || d.AgentInfo != nil {
		t.Fatalf("ringing contact: %+v", d)
	}
	c.advance(5 * time.Second)
	c.act(jane, cid, "accept")
	d = c.describe(cid)
	if *d.AgentInfo.Id != jane || !d.AgentInfo.ConnectedToAgentTimestamp.Equal(start.Add(5*time.Second)) || d.InitiationMethod != types.ContactInitiationMethodApi || d.Channel != types.ChannelTask || *d.Name != "refund" {
		t.Fatalf("connected contact: %+v %+v", d, d.AgentInfo)
	}
	c.advance(2 * time.Minute)
	if code := c.local("POST", "/_local/instances/"+c.iid+"/contacts/"+cid+"/end-customer", "", nil); code != 200 {
		t.Fatalf("end-customer: %d", code)
	}
	if got := c.agentContacts(jane); got[cid] != "ENDED" {
		t.Fatalf("after disconnect: %v, want ACW (ENDED)", got)
	}
	c.advance(30 * time.Second) // limit 0: ACW lasts until cleared
	c.act(jane, cid, "clear-acw")
	d = c.describe(cid)
	if !d.DisconnectTimestamp.Equal(start.Add(125*time.Second)) || !d.AgentInfo.AfterContactWorkEndTimestamp.Equal(start.Add(155*time.Second)) || *d.AgentInfo.AfterContactWorkDuration != 30 {
		t.Fatalf("completed contact: %+v %+v", d, d.AgentInfo)
	}
	if got := c.agentContacts(jane); len(got) != 0 {
		t.Fatalf("jane still holds %v", got)
	}
	// Stopping a completed contact: it is no longer active.
	_, err := c.c.StopContact(ctx(), &connect.StopContactInput{InstanceId: &c.iid, ContactId: &cid})
	wantAPIError(t, err, "ContactNotFoundException", 410)
}

func TestRoutingStepsExpireToTheNextStep(t *testing.T) {
	c := newCenter(t, "steps")
	if _, err := c.c.CreatePredefinedAttribute(ctx(), &connect.CreatePredefinedAttributeInput{InstanceId: &c.iid, Name: aws.String("Technology"),
		Values: &types.PredefinedAttributeValuesMemberStringList{Value: []string{"DynamoDB", "S3"}}}); err != nil {
		t.Fatal(err)
	}
	alice, bob := c.agent("alice", true, 0), c.agent("bob", true, 0)
	for uid, lvl := range map[string]float32{alice: 5, bob: 2} {
		if _, err := c.c.AssociateUserProficiencies(ctx(), &connect.AssociateUserProficienciesInput{InstanceId: &c.iid, UserId: aws.String(uid),
			UserProficiencies: []types.UserProficiency{{AttributeName: aws.String("Technology"), AttributeValue: aws.String("DynamoDB"), Level: aws.Float32(lvl)}}}); err != nil {
			t.Fatal(err)
		}
	}
	content := `{"Version":"2019-10-30","StartAction":"criteria","Actions":[
	 {"Identifier":"criteria","Type":"UpdateRoutingCriteria","Parameters":{"RoutingCriteria":{"Steps":[
	   {"Expiry":{"DurationInSeconds":30},"Expression":{"AttributeCondition":{"Name":"Technology","Value":"DynamoDB","ProficiencyLevel":4,"ComparisonOperator":"NumberGreaterOrEqualTo"}}},
	   {"Expression":{"AttributeCondition":{"Name":"Technology","Value":"DynamoDB","ProficiencyLevel":1,"ComparisonOperator":"NumberGreaterOrEqualTo"}}}]}},
	  "Transitions":{"NextAction":"transfer","Errors":[{"NextAction":"transfer","ErrorType":"NoMatchingError"}]}},
	 {"Identifier":"transfer","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"end","Errors":[{"NextAction":"end","ErrorType":"QueueAtCapacity"},{"NextAction":"end","ErrorType":"NoMatchingError"}]}},
	 {"Identifier":"end","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
	fl, err := c.c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &c.iid, Name: aws.String("Skills"), Type: types.ContactFlowTypeContactFlow, Content: aws.String(content)})
	if err != nil {
		t.Fatal(err)
	}
	c.setAvailable(bob) // alice stays Offline
	start := c.e.clock.Now()
	cid := c.task("dynamo question", *fl.ContactFlowId)
	d := c.describe(cid)
	rc := d.RoutingCriteria
	if d.AgentInfo != nil || rc == nil || len(rc.Steps) != 2 || rc.Steps[0].Status != types.RoutingCriteriaStepStatusActive ||
		rc.Steps[1].Status != types.RoutingCriteriaStepStatusInactive || !rc.Steps[0].Expiry.ExpiryTimestamp.Equal(start.Add(30*time.Second)) ||
		!rc.ActivationTimestamp.Equal(start) || *rc.Index != 0 {
		t.Fatalf("queued with step 1 active: %+v", d)
	}
	c.advance(29 * time.Second)
	if d = c.describe(cid); d.AgentInfo != nil {
		t.Fatalf("bob (level 2) got the contact during step 1")
	}
	c.advance(time.Second)
	d = c.describe(cid)
	rc = d.RoutingCriteria
	if d.AgentInfo == nil || *d.AgentInfo.Id != bob || rc.Steps[0].Status != types.RoutingCriteriaStepStatusExpired || rc.Steps[1].Status != types.RoutingCriteriaStepStatusJoined ||
		!d.AgentInfo.ConnectedToAgentTimestamp.Equal(start.Add(30*time.Second)) {
		t.Fatalf("after expiry: agent %+v steps %+v", d.AgentInfo, rc.Steps)
	}
	// With alice available, a new contact joins at step 1.
	c.setAvailable(alice)
	cid2 := c.task("another", *fl.ContactFlowId)
	d = c.describe(cid2)
	if d.AgentInfo == nil || *d.AgentInfo.Id != alice || d.RoutingCriteria.Steps[0].Status != types.RoutingCriteriaStepStatusJoined {
		t.Fatalf("second contact: %+v", d.AgentInfo)
	}
}

func TestUpdateContactRoutingDataReordersTheQueue(t *testing.T) {
	c := newCenter(t, "priority")
	ann := c.agent("ann", true, 0)
	var ids []string
	for i := 0; i < 3; i++ {
		ids = append(ids, c.task(fmt.Sprintf("t%d", i), c.basicFlow))
		c.advance(10 * time.Second)
	}
	last := ids[2]
	if _, err := c.c.UpdateContactRoutingData(ctx(), &connect.UpdateContactRoutingDataInput{InstanceId: &c.iid, ContactId: &last, QueuePriority: aws.Int64(1)}); err != nil {
		t.Fatal(err)
	}
	if d := c.describe(last); *d.QueuePriority != 1 {
		t.Fatalf("QueuePriority = %d", *d.QueuePriority)
	}
	// The second contact moves ahead of the first by age adjustment.
	if _, err := c.c.UpdateContactRoutingData(ctx(), &connect.UpdateContactRoutingDataInput{InstanceId: &c.iid, ContactId: &ids[1], QueueTimeAdjustmentSeconds: aws.Int32(60)}); err != nil {
		t.Fatal(err)
	}
	c.setAvailable(ann) // TASK concurrency 2 in the Basic Routing Profile
	got := c.agentContacts(ann)
	if len(got) != 2 || got[last] == "" || got[ids[1]] == "" {
		t.Fatalf("ann got %v, want %s (priority 1) and %s (older by adjustment)", got, last, ids[1])
	}
	// Both together, neither, and a connected contact are refused.
	_, err := c.c.UpdateContactRoutingData(ctx(), &connect.UpdateContactRoutingDataInput{InstanceId: &c.iid, ContactId: &ids[0], QueuePriority: aws.Int64(2), QueueTimeAdjustmentSeconds: aws.Int32(1)})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.c.UpdateContactRoutingData(ctx(), &connect.UpdateContactRoutingDataInput{InstanceId: &c.iid, ContactId: &ids[0]})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.c.UpdateContactRoutingData(ctx(), &connect.UpdateContactRoutingDataInput{InstanceId: &c.iid, ContactId: &last, QueuePriority: aws.Int64(2)})
	wantAPIError(t, err, "ResourceConflictException", 409)
	_, err = c.c.UpdateContactRoutingData(ctx(), &connect.UpdateContactRoutingDataInput{InstanceId: &c.iid, ContactId: aws.String("nope"), QueuePriority: aws.Int64(2)})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestMissedOfferBlocksAgentAndReroutes(t *testing.T) {
	c := newCenter(t, "missed")
	slow, other := c.agent("slow", false, 0), c.agent("other", false, 0)
	c.setAvailable(slow)
	c.advance(time.Minute) // slow has now been idle longer
	c.setAvailable(other)
	if code := c.local("PUT", "/_local/instances/"+c.iid+"/ring-timeout", `{"Seconds": 8}`, nil); code != 200 {
		t.Fatalf("ring-timeout: %d", code)
	}
	cid := c.task("t", c.basicFlow)
	if got := c.agentContacts(slow); got[cid] != "CONNECTING" {
		t.Fatalf("slow (idle longest) should ring first: %v", got)
	}
	c.advance(8 * time.Second)
	if got := c.agentContacts(slow); got[cid] != "MISSED" {
		t.Fatalf("slow after timeout: %v", got)
	}
	if got := c.agentContacts(other); got[cid] != "CONNECTING" {
		t.Fatalf("other should ring after the miss: %v", got)
	}
	c.act(other, cid, "reject")
	c.advance(time.Second)
	// Both are blocked; the contact waits with its original enqueue time.
	var eng struct {
		Queues []struct{ Contacts []struct{ ContactId string } }
	}
	c.local("GET", "/_local/instances/"+c.iid+"/engine", "", &eng)
	if len(eng.Queues) != 1 || len(eng.Queues[0].Contacts) != 1 || eng.Queues[0].Contacts[0].ContactId != cid {
		t.Fatalf("engine queues: %+v", eng)
	}
	c.setAvailable(slow) // resets the miss
	if got := c.agentContacts(slow); got[cid] != "CONNECTING" {
		t.Fatalf("slow after reset: %v", got)
	}
}

func TestScheduledTaskStartsWhenDue(t *testing.T) {
	c := newCenter(t, "scheduled")
	ann := c.agent("ann", true, 0)
	c.setAvailable(ann)
	at := c.e.clock.Now().Add(time.Hour)
	out, err := c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, ContactFlowId: &c.basicFlow, Name: aws.String("later"), ScheduledTime: &at})
	if err != nil {
		t.Fatal(err)
	}
	cid := *out.ContactId
	if d := c.describe(cid); d.QueueInfo != nil || !d.ScheduledTimestamp.Equal(at) {
		t.Fatalf("scheduled contact: %+v", d)
	}
	c.advance(59 * time.Minute)
	if len(c.agentContacts(ann)) != 0 {
		t.Fatal("routed before its time")
	}
	c.advance(time.Minute)
	if d := c.describe(cid); d.AgentInfo == nil || *d.AgentInfo.Id != ann || !d.QueueInfo.EnqueueTimestamp.Equal(at) {
		t.Fatalf("due contact: %+v", d)
	}
	past := c.e.clock.Now().Add(-time.Minute)
	_, err = c.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &c.iid, ContactFlowId: &c.basicFlow, Name: aws.String("past"), ScheduledTime: &past})
	wantAPIError(t, err, "InvalidParameterException", 400)
}

// TestCurrentUserDataQueueReference: each contact's queue carries its ID
// and ARN, for a standard queue and for an agent queue.
func TestCurrentUserDataQueueReference(t *testing.T) {
	c := newCenter(t, "queue-ref")
	ann, bob := c.agent("ann", true, 0), c.agent("bob", true, 0)
	c.setAvailable(ann)
	cid := c.task("t", c.basicFlow)
	queueOf := func(uid, cid string) *types.QueueReference {
		t.Helper()
		out, err := c.c.GetCurrentUserData(ctx(), &connect.GetCurrentUserDataInput{InstanceId: &c.iid, Filters: &types.UserDataFilters{Agents: []string{uid}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, ud := range out.UserDataList {
			for _, ref := range ud.Contacts {
				if *ref.ContactId == cid {
					return ref.Queue
				}
			}
		}
		t.Fatalf("%s does not hold %s", uid, cid)
		return nil
	}
	if q := queueOf(ann, cid); q == nil || aws.ToString(q.Id) != c.basicQueue || aws.ToString(q.Arn) != c.basicQueueARN {
		t.Fatalf("standard queue reference = %+v, want %s %s", q, c.basicQueue, c.basicQueueARN)
	}
	c.setAvailable(bob)
	out, err := c.c.TransferContact(ctx(), &connect.TransferContactInput{InstanceId: &c.iid, ContactId: &cid, ContactFlowId: &c.basicFlow, UserId: &bob})
	if err != nil {
		t.Fatal(err)
	}
	wantARN := c.iidARN + "/queue/agent/" + bob
	if q := queueOf(bob, *out.ContactId); q == nil || aws.ToString(q.Id) != bob || aws.ToString(q.Arn) != wantARN {
		t.Fatalf("agent queue reference = %+v, want %s %s", q, bob, wantARN)
	}
}
