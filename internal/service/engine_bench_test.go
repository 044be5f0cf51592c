package service

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand"
	"sync"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/storage"
)

// engineCenter builds, through the service's own API, the scale of issue 4:
// agents on 50 routing profiles over the queues, each agent with two
// proficiencies, and queued contacts whose flows set two-condition steps.
// Every agent starts Offline, so the queued contacts wait.
type engineCenter struct {
	s                *Service
	sc               Scope
	iid              string
	users            []string
	queues           []string
	flows            []string
	available        string
	r                *rand.Rand
	rmu              sync.Mutex
	channels         []string
	queuedAtDeadline int
}

func newEngineCenter(tb testing.TB, agents, queues, contacts int) *engineCenter {
	vc := clock.NewVirtual(time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC))
	s, err := New(Options{Store: storage.NewMemory(), Clock: vc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Quotas: Quotas{QueuesPerInstance: queues + 1, UsersPerInstance: agents}})
	if err != nil {
		tb.Fatal(err)
	}
	sc := Scope{Account: "111111111111", Region: "us-east-1"}
	in, err := s.CreateInstance(sc, CreateInstanceInput{IdentityManagementType: "CONNECT_MANAGED"})
	if err != nil {
		tb.Fatal(err)
	}
	ec := &engineCenter{s: s, sc: sc, iid: in.ID, r: rand.New(rand.NewSource(1)), channels: []string{"VOICE", "CHAT", "TASK"}}
	st := inst(s, in.ID)
	hours := ""
	for id := range st.Hours {
		hours = id
	}
	for id, as := range st.Statuses {
		if as.Type == "ROUTABLE" {
			ec.available = id
		}
	}
	var sec []string
	for id := range st.Security {
		sec = append(sec, id)
		break
	}
	for i := 0; i < queues; i++ {
		q, err := s.CreateQueue(sc, in.ID, QueueInput{Name: fmt.Sprintf("q%03d", i), HoursOfOperationID: hours})
		if err != nil {
			tb.Fatal(err)
		}
		ec.queues = append(ec.queues, q.ID)
	}
	langs := []string{"English", "French", "German", "Spanish", "Japanese"}
	techs := []string{"DynamoDB", "S3", "EC2", "Lambda"}
	must := func(err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	must(s.CreatePredefinedAttribute(sc, in.ID, "Language", PredefinedAttributeInput{Values: langs}))
	must(s.CreatePredefinedAttribute(sc, in.ID, "Technology", PredefinedAttributeInput{Values: techs}))
	var profiles []string
	for p := 0; p < 50; p++ {
		var cfgs []QueueConfig
		seen := map[string]bool{}
		for len(seen) < min(8, queues) {
			q := ec.queues[ec.r.Intn(queues)]
			if seen[q] {
				continue
			}
			seen[q] = true
			for _, ch := range ec.channels {
				cfgs = append(cfgs, QueueConfig{QueueID: q, Channel: ch, Priority: int64(1 + len(seen)/3)})
			}
		}
		rp, err := s.CreateRoutingProfile(sc, in.ID, RoutingProfileInput{Name: fmt.Sprintf("p%02d", p), Description: "bench",
			DefaultOutboundQueueID: ec.queues[0], QueueConfigs: cfgs,
			MediaConcurrencies: []MediaConcurrency{{Channel: "VOICE", Concurrency: 1}, {Channel: "CHAT", Concurrency: 3}, {Channel: "TASK", Concurrency: 3, CrossChannelBehavior: "ROUTE_ANY_CHANNEL"}}})
		must(err)
		profiles = append(profiles, rp.ID)
	}
	for a := 0; a < agents; a++ {
		u, err := s.CreateUser(sc, in.ID, UserInput{Username: fmt.Sprintf("agent%05d", a), RoutingProfileID: profiles[ec.r.Intn(len(profiles))],
			SecurityProfileIDs: sec, PhoneConfig: PhoneConfigInput{PhoneType: ptr("SOFT_PHONE"), AutoAccept: ptr(true)}})
		must(err)
		must(s.AssociateUserProficiencies(sc, in.ID, u.ID, []Proficiency{
			{AttributeName: "Language", AttributeValue: langs[ec.r.Intn(len(langs))], Level: float64(1 + ec.r.Intn(5))},
			{AttributeName: "Technology", AttributeValue: techs[ec.r.Intn(len(techs))], Level: float64(1 + ec.r.Intn(5))},
		}))
		ec.users = append(ec.users, u.ID)
	}
	for _, l := range langs {
		for _, t := range techs {
			content := fmt.Sprintf(`{"Version":"2019-10-30","StartAction":"c","Actions":[
			 {"Identifier":"c","Type":"UpdateRoutingCriteria","Parameters":{"RoutingCriteria":{"Steps":[
			  {"Expiry":{"DurationInSeconds":3600},"Expression":{"AndExpression":[
			   {"AttributeCondition":{"Name":"Language","Value":%q,"ProficiencyLevel":4,"ComparisonOperator":"NumberGreaterOrEqualTo"}},
			   {"AttributeCondition":{"Name":"Technology","Value":%q,"ProficiencyLevel":3,"ComparisonOperator":"NumberGreaterOrEqualTo"}}]}}]}},
			  "Transitions":{"NextAction":"t","Errors":[{"NextAction":"t","ErrorType":"NoMatchingError"}]}},
			 {"Identifier":"t","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"d","Errors":[{"NextAction":"d","ErrorType":"QueueAtCapacity"},{"NextAction":"d","ErrorType":"NoMatchingError"}]}},
			 {"Identifier":"d","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`, l, t)
			f, err := s.CreateContactFlow(sc, in.ID, ContactFlowInput{Name: l + "-" + t, Type: "CONTACT_FLOW", Content: content})
			must(err)
			ec.flows = append(ec.flows, f.ID)
		}
	}
	for c := 0; c < contacts; c++ {
		ec.startContact(tb)
	}
	return ec
}

func (ec *engineCenter) startContact(tb testing.TB) {
	ec.rmu.Lock()
	in := StartContactInput{Channel: ec.channels[ec.r.Intn(3)], InitiationMethod: "API",
		FlowID: ec.flows[ec.r.Intn(len(ec.flows))], QueueID: ec.queues[ec.r.Intn(len(ec.queues))], Name: "bench"}
	ec.rmu.Unlock()
	_, err := ec.s.StartContact(ec.sc, ec.iid, in)
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkEngine measures, at 5,000 agents, 200 queues and 50,000 queued
// contacts with proficiency steps, the cost of the events that trigger a
// routing pass: a contact arriving while every agent is busy or offline, and
// an agent becoming Available (the pass then offers it a contact, which it
// auto-accepts).
func BenchmarkEngine(b *testing.B) {
	ec := newEngineCenter(b, 5000, 200, 50000)
	b.Run("enqueue-no-agent-free", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			ec.startContact(b)
		}
	})
	b.Run("agent-becomes-available", func(b *testing.B) {
		offered := 0
		for i := 0; i < b.N; i++ {
			u := ec.users[i%len(ec.users)]
			if err := ec.s.PutUserStatus(ec.sc, ec.iid, u, ec.available); err != nil {
				b.Fatal(err)
			}
			offered += len(inst(ec.s, ec.iid).Eng.AgentState(u).Connections)
		}
		b.ReportMetric(float64(offered)/float64(b.N), "contacts-held/agent")
	})
	b.Run("enqueue-with-available-agents", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			ec.startContact(b)
		}
	})
}
