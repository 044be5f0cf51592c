// Package scenario runs the routing scenario scripts in testdata/: each
// script sets up a contact center, starts contacts, moves the virtual clock
// and states what must hold, in the spirit of PromQL's promqltest. The
// scripts drive an in-process server through the AWS SDK for Go v2 and the
// /_local/ API only, exactly as a user would.
//
// Commands (one per line; '#' starts a comment):
//
//	queue NAME [max=N] [disabled]
//	profile NAME conc=CH:N,... [any=CH,...] [timer=inbound] queues=Q:CH:PRIORITY:DELAY,...
//	attribute NAME V1,V2,...
//	agent NAME profile=P [auto] [acw=SECONDS] [skills=ATTR:VALUE:LEVEL,...]
//	skills AGENT ATTR:VALUE:LEVEL,...        (associate more proficiencies)
//	status AGENT Available|Offline|<custom name, created on first use>
//	ring SECONDS                             (ring timeout)
//	flow NAME queue=Q|agent=A [priority=N] [adjust=N] [steps=JSON]
//	contact ID flow=F channel=VOICE|CHAT|TASK
//	advance SECONDS
//	accept|reject|miss|hangup|hold|resume|clearacw AGENT CONTACT
//	end CONTACT                              (the customer leaves)
//	priority CONTACT N | adjust CONTACT N | criteria CONTACT JSON
//	transfer CONTACT queue=Q|agent=A flow=F
//	deleteattr NAME
//	expect agent AGENT none | CONTACT=STATE ...   (exactly these connections)
//	expect connected CONTACT AGENT
//	expect waiting CONTACT [...]             (queued, ringing for nobody)
//	expect ended CONTACT                     (disconnected without an agent)
//	expect queue Q CONTACT ...               (routing order of waiting and ringing contacts)
//	expect steps CONTACT STATUS ...          (routing-step statuses, in order)
//	expect status AGENT NAME [next=NAME]
package scenario

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/server"
)

func TestScenarios(t *testing.T) {
	files, err := filepath.Glob("testdata/*.scn")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".scn"), func(t *testing.T) { run(t, f) })
	}
}

type runner struct {
	t        *testing.T
	c        *connect.Client
	url      string
	clock    *clock.Virtual
	iid      string
	sec      string
	hours    string
	names    map[string]string // script name → ID (queues, profiles, agents, flows, contacts, statuses)
	line     int
	file     string
	statuses map[string]string
}

var ctx = context.Background()

func run(t *testing.T, file string) {
	vc := clock.NewVirtual(time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC))
	srv, err := server.New(server.Options{Memory: true, Clock: vc})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer func() { hs.Close(); srv.Close() }()
	r := &runner{t: t, url: hs.URL, clock: vc, file: file, names: map[string]string{}, statuses: map[string]string{},
		c: connect.New(connect.Options{Region: "us-east-1", BaseEndpoint: aws.String(hs.URL), RetryMaxAttempts: 1,
			Credentials: credentials.NewStaticCredentialsProvider("111111111111", "s", "")})}
	r.setup()
	fh, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		r.line++
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "#"); i >= 0 && !strings.Contains(line[:i], "{") {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		r.exec(strings.Fields(line))
	}
}

func (r *runner) fail(format string, args ...any) {
	r.t.Helper()
	r.t.Fatalf("%s:%d: %s", filepath.Base(r.file), r.line, fmt.Sprintf(format, args...))
}

func (r *runner) must(err error) {
	r.t.Helper()
	if err != nil {
		r.fail("%v", err)
	}
}

func (r *runner) id(name string) string {
	r.t.Helper()
	id, ok := r.names[name]
	if !ok {
		r.fail("unknown name %q", name)
	}
	return id
}

// setup creates the instance and reads its defaults.
func (r *runner) setup() {
	out, err := r.c.CreateInstance(ctx, &connect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeConnectManaged,
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
	r.must(err)
	r.iid = *out.Id
	hs, err := r.c.ListHoursOfOperations(ctx, &connect.ListHoursOfOperationsInput{InstanceId: &r.iid})
	r.must(err)
	r.hours = *hs.HoursOfOperationSummaryList[0].Id
	sps, err := r.c.ListSecurityProfiles(ctx, &connect.ListSecurityProfilesInput{InstanceId: &r.iid})
	r.must(err)
	r.sec = *sps.SecurityProfileSummaryList[0].Id
	sts, err := r.c.ListAgentStatuses(ctx, &connect.ListAgentStatusesInput{InstanceId: &r.iid})
	r.must(err)
	for _, s := range sts.AgentStatusSummaryList {
		r.statuses[*s.Name] = *s.Id
	}
}

// opts parses key=value words (a bare word maps to "").
func opts(words []string) map[string]string {
	m := map[string]string{}
	for _, w := range words {
		k, v, _ := strings.Cut(w, "=")
		m[k] = v
	}
	return m
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func (r *runner) local(method, path, body string, out any) {
	r.t.Helper()
	req, _ := http.NewRequest(method, r.url+path, strings.NewReader(body))
	// Signed like the SDK's calls: /_local/ acts in the caller's account.
	sum := sha256.Sum256([]byte(body))
	r.must(v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "111111111111", SecretAccessKey: "s"},
		req, hex.EncodeToString(sum[:]), "connect", "us-east-1", r.clock.Now()))
	resp, err := http.DefaultClient.Do(req)
	r.must(err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		r.fail("%s %s: HTTP %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		r.must(json.Unmarshal(b, out))
	}
}

func (r *runner) exec(w []string) {
	r.t.Helper()
	o := opts(w[1:])
	switch w[0] {
	case "queue":
		in := &connect.CreateQueueInput{InstanceId: &r.iid, Name: aws.String(w[1]), HoursOfOperationId: &r.hours}
		if v, ok := o["max"]; ok {
			in.MaxContacts = aws.Int32(int32(atoi(v)))
		}
		out, err := r.c.CreateQueue(ctx, in)
		r.must(err)
		r.names[w[1]] = *out.QueueId
		if _, ok := o["disabled"]; ok {
			_, err := r.c.UpdateQueueStatus(ctx, &connect.UpdateQueueStatusInput{InstanceId: &r.iid, QueueId: out.QueueId, Status: types.QueueStatusDisabled})
			r.must(err)
		}
	case "profile":
		r.profile(w[1], o)
	case "attribute":
		_, err := r.c.CreatePredefinedAttribute(ctx, &connect.CreatePredefinedAttributeInput{InstanceId: &r.iid, Name: aws.String(w[1]),
			Values: &types.PredefinedAttributeValuesMemberStringList{Value: strings.Split(w[2], ",")}})
		r.must(err)
	case "deleteattr":
		_, err := r.c.DeletePredefinedAttribute(ctx, &connect.DeletePredefinedAttributeInput{InstanceId: &r.iid, Name: aws.String(w[1])})
		r.must(err)
	case "agent":
		r.agent(w[1], o)
	case "skills":
		r.skills(r.id(w[1]), w[2])
	case "status":
		r.status(w[1], w[2])
	case "ring":
		r.local("PUT", "/_local/instances/"+r.iid+"/ring-timeout", `{"Seconds":`+w[1]+`}`, nil)
	case "flow":
		r.flow(w[1], o)
	case "contact":
		r.contact(w[1], o)
	case "advance":
		r.clock.Advance(time.Duration(atoi(w[1])) * time.Second)
	case "accept", "reject", "miss", "hold", "resume", "hangup", "clearacw":
		action := map[string]string{"hangup": "hang-up", "clearacw": "clear-acw"}[w[0]]
		if action == "" {
			action = w[0]
		}
		r.local("POST", fmt.Sprintf("/_local/instances/%s/agents/%s/contacts/%s/%s", r.iid, r.id(w[1]), r.id(w[2]), action), "", nil)
	case "end":
		r.local("POST", fmt.Sprintf("/_local/instances/%s/contacts/%s/end-customer", r.iid, r.id(w[1])), "", nil)
	case "priority", "adjust", "criteria":
		in := &connect.UpdateContactRoutingDataInput{InstanceId: &r.iid, ContactId: aws.String(r.id(w[1]))}
		switch w[0] {
		case "priority":
			in.QueuePriority = aws.Int64(atoi(w[2]))
		case "adjust":
			in.QueueTimeAdjustmentSeconds = aws.Int32(int32(atoi(w[2])))
		default:
			var rc types.RoutingCriteriaInput
			r.must(json.Unmarshal([]byte(strings.Join(w[2:], " ")), &rc))
			in.RoutingCriteria = &rc
		}
		_, err := r.c.UpdateContactRoutingData(ctx, in)
		r.must(err)
	case "transfer":
		in := &connect.TransferContactInput{InstanceId: &r.iid, ContactId: aws.String(r.id(w[1])), ContactFlowId: aws.String(r.id(o["flow"]))}
		if q, ok := o["queue"]; ok {
			in.QueueId = aws.String(r.id(q))
		} else {
			in.UserId = aws.String(r.id(o["agent"]))
		}
		out, err := r.c.TransferContact(ctx, in)
		r.must(err)
		r.names[w[1]] = *out.ContactId // the script follows the new segment
	case "expect":
		r.expect(w[1:])
	default:
		r.fail("unknown command %q", w[0])
	}
}

func (r *runner) profile(name string, o map[string]string) {
	in := &connect.CreateRoutingProfileInput{InstanceId: &r.iid, Name: aws.String(name), Description: aws.String(name)}
	any := map[string]bool{}
	for _, ch := range strings.Split(o["any"], ",") {
		any[ch] = true
	}
	for _, cc := range strings.Split(o["conc"], ",") {
		ch, n, _ := strings.Cut(cc, ":")
		mc := types.MediaConcurrency{Channel: types.Channel(ch), Concurrency: aws.Int32(int32(atoi(n))),
			CrossChannelBehavior: &types.CrossChannelBehavior{BehaviorType: types.BehaviorTypeRouteCurrentChannelOnly}}
		if any[ch] {
			mc.CrossChannelBehavior.BehaviorType = types.BehaviorTypeRouteAnyChannel
		}
		in.MediaConcurrencies = append(in.MediaConcurrencies, mc)
	}
	for _, qc := range strings.Split(o["queues"], ",") {
		p := strings.Split(qc, ":")
		in.QueueConfigs = append(in.QueueConfigs, types.RoutingProfileQueueConfig{
			QueueReference: &types.RoutingProfileQueueReference{QueueId: aws.String(r.id(p[0])), Channel: types.Channel(p[1])},
			Priority:       aws.Int32(int32(atoi(p[2]))), Delay: aws.Int32(int32(atoi(p[3])))})
		if in.DefaultOutboundQueueId == nil {
			in.DefaultOutboundQueueId = aws.String(r.id(p[0]))
		}
	}
	if o["timer"] == "inbound" {
		in.AgentAvailabilityTimer = types.AgentAvailabilityTimerTimeSinceLastInbound
	}
	out, err := r.c.CreateRoutingProfile(ctx, in)
	r.must(err)
	r.names[name] = *out.RoutingProfileId
}

func (r *runner) agent(name string, o map[string]string) {
	_, auto := o["auto"]
	out, err := r.c.CreateUser(ctx, &connect.CreateUserInput{InstanceId: &r.iid, Username: aws.String(name),
		RoutingProfileId: aws.String(r.id(o["profile"])), SecurityProfileIds: []string{r.sec},
		PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AutoAccept: auto, AfterContactWorkTimeLimit: int32(atoi(o["acw"]))}})
	r.must(err)
	r.names[name] = *out.UserId
	if s := o["skills"]; s != "" {
		r.skills(*out.UserId, s)
	}
}

func (r *runner) skills(uid, list string) {
	var ps []types.UserProficiency
	for _, s := range strings.Split(list, ",") {
		p := strings.Split(s, ":")
		l, _ := strconv.ParseFloat(p[2], 32)
		ps = append(ps, types.UserProficiency{AttributeName: aws.String(p[0]), AttributeValue: aws.String(p[1]), Level: aws.Float32(float32(l))})
	}
	_, err := r.c.AssociateUserProficiencies(ctx, &connect.AssociateUserProficienciesInput{InstanceId: &r.iid, UserId: &uid, UserProficiencies: ps})
	r.must(err)
}

func (r *runner) status(agent, name string) {
	sid, ok := r.statuses[name]
	if !ok {
		out, err := r.c.CreateAgentStatus(ctx, &connect.CreateAgentStatusInput{InstanceId: &r.iid, Name: aws.String(name), State: types.AgentStatusStateEnabled})
		r.must(err)
		sid = *out.AgentStatusId
		r.statuses[name] = sid
	}
	_, err := r.c.PutUserStatus(ctx, &connect.PutUserStatusInput{InstanceId: &r.iid, UserId: aws.String(r.id(agent)), AgentStatusId: &sid})
	r.must(err)
}

func (r *runner) flow(name string, o map[string]string) {
	type act = map[string]any
	next := func(id, to string) act {
		return act{"NextAction": to, "Errors": []any{act{"NextAction": "bye", "ErrorType": "NoMatchingError"}}}
	}
	var actions []any
	add := func(id, typ string, params act) {
		actions = append(actions, act{"Identifier": id, "Type": typ, "Parameters": params})
	}
	if v, ok := o["priority"]; ok {
		add("prio", "UpdateContactRoutingBehavior", act{"QueuePriority": v})
	}
	if v, ok := o["adjust"]; ok {
		add("adjust", "UpdateContactRoutingBehavior", act{"QueueTimeAdjustmentSeconds": v})
	}
	if v, ok := o["steps"]; ok {
		var steps any
		r.must(json.Unmarshal([]byte(v), &steps))
		add("criteria", "UpdateRoutingCriteria", act{"RoutingCriteria": act{"Steps": steps}})
	}
	if q, ok := o["queue"]; ok {
		add("target", "UpdateContactTargetQueue", act{"QueueId": r.id(q)})
	} else if a, ok := o["agent"]; ok {
		add("target", "UpdateContactTargetQueue", act{"AgentId": r.id(a)})
	}
	for i := range actions {
		to := "transfer"
		if i+1 < len(actions) {
			to = actions[i+1].(act)["Identifier"].(string)
		}
		actions[i].(act)["Transitions"] = next(actions[i].(act)["Identifier"].(string), to)
	}
	actions = append(actions,
		act{"Identifier": "transfer", "Type": "TransferContactToQueue", "Parameters": act{}, "Transitions": act{"NextAction": "bye",
			"Errors": []any{act{"NextAction": "bye", "ErrorType": "QueueAtCapacity"}, act{"NextAction": "bye", "ErrorType": "NoMatchingError"}}}},
		act{"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": act{}, "Transitions": act{}})
	start := actions[0].(act)["Identifier"].(string)
	content, _ := json.Marshal(act{"Version": "2019-10-30", "StartAction": start, "Actions": actions})
	typ := types.ContactFlowTypeContactFlow
	if _, ok := o["agent"]; ok {
		typ = types.ContactFlowTypeAgentTransfer
	}
	out, err := r.c.CreateContactFlow(ctx, &connect.CreateContactFlowInput{InstanceId: &r.iid, Name: aws.String(name), Type: typ, Content: aws.String(string(content))})
	r.must(err)
	r.names[name] = *out.ContactFlowId
}

func (r *runner) contact(name string, o map[string]string) {
	flow := aws.String(r.id(o["flow"]))
	var id *string
	switch o["channel"] {
	case "VOICE":
		out, err := r.c.StartOutboundVoiceContact(ctx, &connect.StartOutboundVoiceContactInput{InstanceId: &r.iid, ContactFlowId: flow, DestinationPhoneNumber: aws.String("+12065550100")})
		r.must(err)
		id = out.ContactId
	case "CHAT":
		out, err := r.c.StartChatContact(ctx, &connect.StartChatContactInput{InstanceId: &r.iid, ContactFlowId: flow, ParticipantDetails: &types.ParticipantDetails{DisplayName: aws.String(name)}})
		r.must(err)
		id = out.ContactId
	case "TASK":
		out, err := r.c.StartTaskContact(ctx, &connect.StartTaskContactInput{InstanceId: &r.iid, ContactFlowId: flow, Name: aws.String(name)})
		r.must(err)
		id = out.ContactId
	default:
		r.fail("contact needs channel=VOICE|CHAT|TASK")
	}
	r.names[name] = *id
}

// nameOf maps an ID back to its script name, for messages.
func (r *runner) nameOf(id string) string {
	for k, v := range r.names {
		if v == id {
			return k
		}
	}
	return id
}

func (r *runner) describe(name string) *types.Contact {
	out, err := r.c.DescribeContact(ctx, &connect.DescribeContactInput{InstanceId: &r.iid, ContactId: aws.String(r.id(name))})
	r.must(err)
	return out.Contact
}

type engineView struct {
	Queues []struct {
		QueueId  string
		Contacts []struct {
			ContactId string
			OfferedTo string
		}
	}
	Agents []struct {
		UserId, Status, NextStatus string
		Connections                []struct{ ContactId, State string }
	}
}

func (r *runner) engine() engineView {
	var v engineView
	r.local("GET", "/_local/instances/"+r.iid+"/engine", "", &v)
	return v
}

func (r *runner) expect(w []string) {
	r.t.Helper()
	switch w[0] {
	case "agent":
		uid := r.id(w[1])
		out, err := r.c.GetCurrentUserData(ctx, &connect.GetCurrentUserDataInput{InstanceId: &r.iid, Filters: &types.UserDataFilters{Agents: []string{uid}}})
		r.must(err)
		var got []string
		for _, ud := range out.UserDataList {
			for _, c := range ud.Contacts {
				got = append(got, r.nameOf(*c.ContactId)+"="+string(c.AgentContactState))
			}
		}
		sort.Strings(got)
		want := w[2:]
		if len(want) == 1 && want[0] == "none" {
			want = nil
		}
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			r.fail("agent %s holds [%s], want [%s]", w[1], strings.Join(got, " "), strings.Join(want, " "))
		}
	case "connected":
		c := r.describe(w[1])
		if c.AgentInfo == nil || *c.AgentInfo.Id != r.id(w[2]) {
			got := "nobody"
			if c.AgentInfo != nil {
				got = r.nameOf(*c.AgentInfo.Id)
			}
			r.fail("%s connected to %s, want %s", w[1], got, w[2])
		}
	case "waiting":
		v := r.engine()
		waiting := map[string]bool{}
		for _, q := range v.Queues {
			for _, c := range q.Contacts {
				if c.OfferedTo == "" {
					waiting[c.ContactId] = true
				}
			}
		}
		for _, name := range w[1:] {
			if !waiting[r.id(name)] {
				r.fail("%s is not waiting unoffered in a queue", name)
			}
		}
	case "ended":
		c := r.describe(w[1])
		if c.DisconnectTimestamp == nil || c.AgentInfo != nil {
			r.fail("%s: want disconnected without an agent, got %+v", w[1], c)
		}
	case "queue":
		v := r.engine()
		var got []string
		for _, q := range v.Queues {
			if q.QueueId == r.id(w[1]) {
				for _, c := range q.Contacts {
					got = append(got, r.nameOf(c.ContactId))
				}
			}
		}
		if strings.Join(got, " ") != strings.Join(w[2:], " ") {
			r.fail("queue %s order [%s], want [%s]", w[1], strings.Join(got, " "), strings.Join(w[2:], " "))
		}
	case "steps":
		c := r.describe(w[1])
		var got []string
		if c.RoutingCriteria != nil {
			for _, s := range c.RoutingCriteria.Steps {
				got = append(got, string(s.Status))
			}
		}
		if strings.Join(got, " ") != strings.Join(w[2:], " ") {
			r.fail("%s steps [%s], want [%s]", w[1], strings.Join(got, " "), strings.Join(w[2:], " "))
		}
	case "status":
		for _, a := range r.engine().Agents {
			if a.UserId == r.id(w[1]) {
				o := opts(w[3:])
				if a.Status != w[2] || a.NextStatus != o["next"] {
					r.fail("%s status %q next %q, want %q next %q", w[1], a.Status, a.NextStatus, w[2], o["next"])
				}
				return
			}
		}
		r.fail("no agent %s", w[1])
	default:
		r.fail("unknown expectation %q", w[0])
	}
}
