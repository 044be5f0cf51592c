package sdk

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// searchCenter is an instance for SearchContacts tests: queues q0 and q1
// served by one routing profile and q2 served by none, two hierarchy
// levels, and four auto-accepting agents. Contacts are made one by one,
// each handled by the agent the test names (docs/search.md#searchcontacts).
type searchCenter struct {
	*center
	queues  [3]string
	flows   [3]string
	offline string
	agents  map[string]string // name → user ID
	groups  map[string]string // name → group ID
	avail   string            // the agent now Available ("" none)
	made    map[string]made   // by contact ID
	ids     map[string]string // contact name → ID
}

// made is what a test knows about a contact it made, beyond DescribeContact.
type made struct {
	name       string
	attrs      map[string]string
	transcript []seg
	path       []string // the agent's hierarchy groups when it connected
	complete   bool     // after-contact work done, or ended without an agent
}

type seg struct{ Role, Content string }

// how a contact's story ends.
const (
	endComplete  = "complete"  // agent hangs up and clears ACW
	endACW       = "acw"       // agent hangs up; ACW continues
	endConnected = "connected" // still with the agent
	endAbandon   = "abandon"   // customer leaves while queued
	endQueued    = "queued"    // waits in q2 for ever
)

// contactSpec describes one contact to make.
type contactSpec struct {
	name       string
	channel    types.Channel // TASK (default), CHAT or VOICE
	queue      int           // 0 or 1; endQueued uses q2
	agent      string        // agent name, "" for none
	attrs      map[string]string
	transcript []seg
	end        string
	gap        time.Duration // clock advance before the contact starts
	talk       time.Duration // time with the agent
}

func newSearchCenter(t *testing.T, alias string) *searchCenter {
	return newSearchCenterOn(t, newEnv(t), alias)
}

func newSearchCenterOn(t *testing.T, e *env, alias string) *searchCenter {
	s := &searchCenter{center: newCenterOn(t, e, alias), agents: map[string]string{}, groups: map[string]string{},
		made: map[string]made{}, ids: map[string]string{}}
	s.c = retryingClient(e)
	sts, err := s.c.ListAgentStatuses(ctx(), &connect.ListAgentStatusesInput{InstanceId: &s.iid})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range sts.AgentStatusSummaryList {
		if *st.Name == "Offline" {
			s.offline = *st.Id
		}
	}
	var cfgs []types.RoutingProfileQueueConfig
	for i := range s.queues {
		s.queues[i], _ = s.mkQueue(t, fmt.Sprintf("q%d", i))
		fl, err := s.c.CreateContactFlow(ctx(), &connect.CreateContactFlowInput{InstanceId: &s.iid, Name: aws.String(fmt.Sprintf("to q%d", i)),
			Type: types.ContactFlowTypeContactFlow, Content: aws.String(queueFlow(s.queues[i]))})
		if err != nil {
			t.Fatal(err)
		}
		s.flows[i] = *fl.ContactFlowId
		if i < 2 {
			for _, ch := range []types.Channel{types.ChannelVoice, types.ChannelChat, types.ChannelTask} {
				cfgs = append(cfgs, qcfg(s.queues[i], ch, 1, 0))
			}
		}
	}
	rp, err := s.c.CreateRoutingProfile(ctx(), &connect.CreateRoutingProfileInput{InstanceId: &s.iid, Name: aws.String("Everything"),
		Description: aws.String("q0 and q1"), DefaultOutboundQueueId: &s.queues[0], QueueConfigs: cfgs,
		MediaConcurrencies: []types.MediaConcurrency{mc(types.ChannelVoice, 1), mc(types.ChannelChat, 10), mc(types.ChannelTask, 10)}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.setLevels(t, "Region", "Team"); err != nil {
		t.Fatal(err)
	}
	s.groups["east"] = s.mustGroup(t, "east", "")
	s.groups["west"] = s.mustGroup(t, "west", "")
	s.groups["east-1"] = s.mustGroup(t, "east-1", s.groups["east"])
	s.groups["east-2"] = s.mustGroup(t, "east-2", s.groups["east"])
	for name, group := range map[string]string{"ann": "east-1", "bob": "east-2", "cat": "west", "dan": ""} {
		in := &connect.CreateUserInput{InstanceId: &s.iid, Username: aws.String(name), RoutingProfileId: rp.RoutingProfileId,
			SecurityProfileIds: []string{s.agentSP}, PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AutoAccept: true}}
		if group != "" {
			in.HierarchyGroupId = aws.String(s.groups[group])
		}
		out, err := s.c.CreateUser(ctx(), in)
		if err != nil {
			t.Fatal(err)
		}
		s.agents[name] = *out.UserId
	}
	return s
}

// mc is a channel's concurrency; agents may take any channel while busy on
// another, so a test can leave contacts open without blocking the agent.
// retryingClient is e's client with the SDK's default retries. Large
// responses to POST operations can lose a race inside the SDK (it closes the
// request body while the transport still writes it, and the transport then
// closes the connection: aws-sdk-go-v2#2737); the SDK retries the resulting
// net.ErrClosed, but only when retries are on. Server errors here are all
// 4xx, which are never retried.
func retryingClient(e *env) *connect.Client {
	return connect.New(connect.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.http.URL),
		Credentials: e.client.Options().Credentials, RetryMaxAttempts: 3})
}

func mc(ch types.Channel, n int32) types.MediaConcurrency {
	return types.MediaConcurrency{Channel: ch, Concurrency: aws.Int32(n),
		CrossChannelBehavior: &types.CrossChannelBehavior{BehaviorType: types.BehaviorTypeRouteAnyChannel}}
}

// queueFlow sets the working queue and transfers the contact to it.
func queueFlow(queue string) string {
	return `{"Version":"2019-10-30","StartAction":"set","Actions":[
	{"Identifier":"set","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":"` + queue + `"},"Transitions":{"NextAction":"go","Errors":[{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
	{"Identifier":"go","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"bye","Errors":[{"ErrorType":"QueueAtCapacity","NextAction":"bye"},{"ErrorType":"NoMatchingError","NextAction":"bye"}]}},
	{"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

// only makes agent name the only Available agent ("" for none).
func (s *searchCenter) only(name string) {
	s.t.Helper()
	if name == s.avail {
		return
	}
	if s.avail != "" {
		s.setStatus(s.agents[s.avail], s.offline)
	}
	if name != "" {
		s.setStatus(s.agents[name], s.available)
	}
	s.avail = name
}

func (s *searchCenter) setStatus(uid, status string) {
	s.t.Helper()
	if _, err := s.c.PutUserStatus(ctx(), &connect.PutUserStatusInput{InstanceId: &s.iid, UserId: &uid, AgentStatusId: &status}); err != nil {
		s.t.Fatal(err)
	}
}

// contact makes one contact as spec says and returns its ID.
func (s *searchCenter) contact(sp contactSpec) string {
	s.t.Helper()
	s.advance(sp.gap)
	if sp.end == "" {
		sp.end = endComplete
	}
	if sp.agent == "" && sp.end != endQueued && sp.end != endAbandon {
		s.t.Fatalf("%s: %s needs an agent", sp.name, sp.end)
	}
	s.only(sp.agent)
	q := sp.queue
	if sp.end == endQueued {
		q = 2
	}
	var cid string
	switch sp.channel {
	case types.ChannelChat:
		out, err := s.c.StartChatContact(ctx(), &connect.StartChatContactInput{InstanceId: &s.iid, ContactFlowId: &s.flows[q],
			Attributes: sp.attrs, ParticipantDetails: &types.ParticipantDetails{DisplayName: aws.String(sp.name)}})
		if err != nil {
			s.t.Fatal(err)
		}
		cid = *out.ContactId
		// Chat has no Name member at start: name it afterwards.
		if _, err := s.c.UpdateContact(ctx(), &connect.UpdateContactInput{InstanceId: &s.iid, ContactId: &cid, Name: aws.String(sp.name)}); err != nil {
			s.t.Fatal(err)
		}
	case types.ChannelVoice:
		out, err := s.c.StartOutboundVoiceContact(ctx(), &connect.StartOutboundVoiceContactInput{InstanceId: &s.iid, ContactFlowId: &s.flows[q],
			DestinationPhoneNumber: aws.String("+15555550100"), Name: aws.String(sp.name), Attributes: sp.attrs})
		if err != nil {
			s.t.Fatal(err)
		}
		cid = *out.ContactId
	default:
		out, err := s.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &s.iid, ContactFlowId: &s.flows[q],
			Name: aws.String(sp.name), Attributes: sp.attrs})
		if err != nil {
			s.t.Fatal(err)
		}
		cid = *out.ContactId
	}
	m := made{name: sp.name, attrs: sp.attrs, transcript: sp.transcript}
	if sp.agent != "" {
		m.path = s.pathOf(sp.agent)
		if d := s.describe(cid); d.AgentInfo == nil || *d.AgentInfo.Id != s.agents[sp.agent] {
			s.t.Fatalf("%s: not connected to %s: %+v", sp.name, sp.agent, d.AgentInfo)
		}
		s.advance(sp.talk)
		uid := s.agents[sp.agent]
		switch sp.end {
		case endComplete:
			s.act(uid, cid, "hang-up")
			s.act(uid, cid, "clear-acw")
			m.complete = true
		case endACW:
			s.act(uid, cid, "hang-up")
		}
	} else if sp.end == endAbandon {
		s.advance(sp.talk)
		s.endCustomer(cid)
		m.complete = true
	}
	if len(sp.transcript) > 0 {
		s.postTranscript(cid, sp.transcript)
	}
	s.made[cid] = m
	s.ids[sp.name] = cid
	return cid
}

func (s *searchCenter) endCustomer(cid string) {
	s.t.Helper()
	if code := s.local("POST", "/_local/instances/"+s.iid+"/contacts/"+cid+"/end-customer", "", nil); code != 200 {
		s.t.Fatalf("end-customer %s: HTTP %d", cid, code)
	}
}

func (s *searchCenter) postTranscript(cid string, segs []seg) {
	s.t.Helper()
	var body struct{ Segments []map[string]any }
	for i, sg := range segs {
		body.Segments = append(body.Segments, map[string]any{"ParticipantRole": sg.Role, "Content": sg.Content,
			"BeginOffsetMillis": i * 1000, "EndOffsetMillis": i*1000 + 900})
	}
	b, _ := json.Marshal(body)
	if code := s.local("POST", "/_local/instances/"+s.iid+"/contacts/"+cid+"/transcript", string(b), nil); code != 200 {
		s.t.Fatalf("transcript %s: HTTP %d", cid, code)
	}
}

func (s *searchCenter) searchableKeys(keys ...string) {
	s.t.Helper()
	b, _ := json.Marshal(map[string]any{"Keys": keys})
	if code := s.local("PUT", "/_local/instances/"+s.iid+"/searchable-attributes", string(b), nil); code != 200 {
		s.t.Fatalf("searchable-attributes: HTTP %d", code)
	}
}

// pathOf is the agent's hierarchy path now, level 1 first.
func (s *searchCenter) pathOf(agent string) []string {
	switch agent {
	case "ann":
		return []string{s.groups["east"], s.groups["east-1"]}
	case "bob":
		return []string{s.groups["east"], s.groups["east-2"]}
	case "cat":
		return []string{s.groups["west"]}
	}
	return nil
}

// window is an INITIATION_TIMESTAMP range over the whole test.
func window() *types.SearchContactsTimeRange {
	return &types.SearchContactsTimeRange{Type: types.SearchContactsTimeRangeTypeInitiationTimestamp,
		StartTime: aws.Time(T0.Add(-time.Hour)), EndTime: aws.Time(T0.Add(7 * 24 * time.Hour))}
}

// search runs one SearchContacts call; a nil TimeRange means window().
func (s *searchCenter) search(in connect.SearchContactsInput) (*connect.SearchContactsOutput, error) {
	in.InstanceId = &s.iid
	if in.TimeRange == nil {
		in.TimeRange = window()
	}
	return s.c.SearchContacts(ctx(), &in)
}

// all pages through a search and returns the contact names in order.
func (s *searchCenter) all(in connect.SearchContactsInput) []string {
	s.t.Helper()
	names := []string{}
	var total *int64
	for page := 0; ; page++ {
		out, err := s.search(in)
		if err != nil {
			s.t.Fatal(err)
		}
		if total != nil && *out.TotalCount != *total {
			s.t.Fatalf("TotalCount changed between pages: %d then %d", *total, *out.TotalCount)
		}
		total = out.TotalCount
		for _, c := range out.Contacts {
			names = append(names, s.made[*c.Id].name)
		}
		if out.NextToken == nil {
			break
		}
		in.NextToken = out.NextToken
	}
	if int(*total) != len(names) {
		s.t.Fatalf("TotalCount %d, but %d contacts", *total, len(names))
	}
	return names
}
