package service

import (
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/routing"
	"github.com/connect-local/connect-local/internal/storage"
)

// TestEngineStaysAtFixpoint drives the engine with random operations and
// checks after each one that (1) a full matching pass finds nothing left to
// offer — the incremental passes missed no eligible pair; (2) no contact is
// held by two agents; (3) no agent exceeds its concurrency; (4) every
// connection matches its contact's state.
func TestEngineStaysAtFixpoint(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		vc := clock.NewVirtual(time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC))
		s, err := New(Options{Store: storage.NewMemory(), Clock: vc, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			rt.Fatal(err)
		}
		sc := Scope{Account: "111111111111", Region: "us-east-1"}
		in, _ := s.CreateInstance(sc, CreateInstanceInput{IdentityManagementType: "CONNECT_MANAGED"})
		st := inst(s, in.ID)
		var hours, sec, avail, offline string
		for id := range st.Hours {
			hours = id
		}
		for id := range st.Security {
			sec = id
		}
		for id, as := range st.Statuses {
			if as.Type == "ROUTABLE" {
				avail = id
			} else if as.Type == "OFFLINE" {
				offline = id
			}
		}
		var queues []string
		for i := 0; i < 3; i++ {
			q, err := s.CreateQueue(sc, in.ID, QueueInput{Name: fmt.Sprintf("q%d", i), HoursOfOperationID: hours})
			if err != nil {
				rt.Fatal(err)
			}
			queues = append(queues, q.ID)
		}
		if err := s.CreatePredefinedAttribute(sc, in.ID, "Skill", PredefinedAttributeInput{Values: []string{"a", "b"}}); err != nil {
			rt.Fatal(err)
		}
		var profiles []string
		for p := 0; p < 2; p++ {
			var cfgs []QueueConfig
			for i, q := range queues {
				if rapid.Bool().Draw(rt, "serves") {
					for _, ch := range []string{"VOICE", "CHAT", "TASK"} {
						cfgs = append(cfgs, QueueConfig{QueueID: q, Channel: ch, Priority: int64(1 + i%2), Delay: int64(rapid.IntRange(0, 1).Draw(rt, "delay") * 15)})
					}
				}
			}
			rp, err := s.CreateRoutingProfile(sc, in.ID, RoutingProfileInput{Name: fmt.Sprintf("p%d", p), Description: "d", DefaultOutboundQueueID: queues[0],
				QueueConfigs: cfgs, MediaConcurrencies: []MediaConcurrency{{Channel: "VOICE", Concurrency: 1}, {Channel: "CHAT", Concurrency: 2},
					{Channel: "TASK", Concurrency: 2, CrossChannelBehavior: "ROUTE_ANY_CHANNEL"}}})
			if err != nil {
				rt.Fatal(err)
			}
			profiles = append(profiles, rp.ID)
		}
		var users []string
		for a := 0; a < 4; a++ {
			u, err := s.CreateUser(sc, in.ID, UserInput{Username: fmt.Sprintf("u%d", a), RoutingProfileID: profiles[a%2], SecurityProfileIDs: []string{sec},
				PhoneConfig: PhoneConfigInput{AutoAccept: ptr(rapid.Bool().Draw(rt, "auto")), AfterContactWorkTimeLimit: ptr(int64(rapid.IntRange(0, 1).Draw(rt, "acw") * 20))}})
			if err != nil {
				rt.Fatal(err)
			}
			if rapid.Bool().Draw(rt, "skilled") {
				_ = s.AssociateUserProficiencies(sc, in.ID, u.ID, []Proficiency{{AttributeName: "Skill", AttributeValue: "a", Level: float64(rapid.IntRange(1, 5).Draw(rt, "lvl"))}})
			}
			users = append(users, u.ID)
		}
		var flows []string
		for i, step := range []string{"", `{"Expiry":{"DurationInSeconds":20},"Expression":{"AttributeCondition":{"Name":"Skill","Value":"a","ProficiencyLevel":3,"ComparisonOperator":"NumberGreaterOrEqualTo"}}}`} {
			crit := `{"Identifier":"c","Type":"UpdateContactAttributes","Parameters":{"Attributes":{"x":"1"}},"Transitions":{"NextAction":"t","Errors":[{"NextAction":"t","ErrorType":"NoMatchingError"}]}},`
			if step != "" {
				crit = `{"Identifier":"c","Type":"UpdateRoutingCriteria","Parameters":{"RoutingCriteria":{"Steps":[` + step + `]}},"Transitions":{"NextAction":"t","Errors":[{"NextAction":"t","ErrorType":"NoMatchingError"}]}},`
			}
			content := `{"Version":"2019-10-30","StartAction":"c","Actions":[` + crit +
				`{"Identifier":"t","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"d","Errors":[{"NextAction":"d","ErrorType":"QueueAtCapacity"},{"NextAction":"d","ErrorType":"NoMatchingError"}]}},` +
				`{"Identifier":"d","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
			f, err := s.CreateContactFlow(sc, in.ID, ContactFlowInput{Name: fmt.Sprintf("f%d", i), Type: "CONTACT_FLOW", Content: content})
			if err != nil {
				rt.Fatal(err)
			}
			flows = append(flows, f.ID)
		}
		var contacts []string
		pick := func(list []string, label string) string { return list[rapid.IntRange(0, len(list)-1).Draw(rt, label)] }
		steps := rapid.IntRange(5, 60).Draw(rt, "steps")
		for i := 0; i < steps; i++ {
			switch rapid.IntRange(0, 9).Draw(rt, "op") {
			case 0, 1:
				c, err := s.StartContact(sc, in.ID, StartContactInput{Channel: pick([]string{"VOICE", "CHAT", "TASK"}, "ch"), InitiationMethod: "API",
					FlowID: pick(flows, "flow"), QueueID: pick(queues, "queue"), Name: "c"})
				if err != nil {
					rt.Fatal(err)
				}
				contacts = append(contacts, c.ID)
			case 2:
				status := avail
				if rapid.IntRange(0, 3).Draw(rt, "off") == 0 {
					status = offline
				}
				_ = s.PutUserStatus(sc, in.ID, pick(users, "user"), status)
			case 3, 4:
				if len(contacts) > 0 {
					act := pick([]string{ActAccept, ActReject, ActMiss, ActHangUp, ActClearACW, ActHold, ActResume}, "act")
					_ = s.AgentAction(sc, in.ID, pick(users, "actor"), pick(contacts, "target"), act)
				}
			case 5:
				if len(contacts) > 0 {
					_ = s.EndCustomer(sc, in.ID, pick(contacts, "end"))
				}
			case 6:
				if len(contacts) > 0 {
					if rapid.Bool().Draw(rt, "prio") {
						_ = s.UpdateContactRoutingData(sc, in.ID, pick(contacts, "upd"), RoutingDataInput{QueuePriority: ptr(int64(rapid.IntRange(1, 5).Draw(rt, "p")))})
					} else {
						_ = s.UpdateContactRoutingData(sc, in.ID, pick(contacts, "upd"), RoutingDataInput{QueueAdjust: ptr(int64(rapid.IntRange(-30, 30).Draw(rt, "adj")))})
					}
				}
			case 7:
				u := pick(users, "reprof")
				_ = s.UpdateUserRoutingProfile(sc, in.ID, u, pick(profiles, "newprof"))
			default:
				vc.Advance(time.Duration(rapid.IntRange(1, 30).Draw(rt, "secs")) * time.Second)
			}
			checkEngine(rt, s, st)
		}
	})
}

func checkEngine(rt *rapid.T, s *Service, st *instanceState) {
	st.Mu.Lock()
	defer st.Mu.Unlock()
	if offers := routing.Match(st.Eng.FullSnapshot()); len(offers) > 0 {
		rt.Fatalf("engine left eligible pairs unmatched: %v", offers)
	}
	holder := map[string]string{}
	for uid, a := range st.Eng.AgentStates() {
		load := map[string]int{}
		for cid, cn := range a.Connections {
			c := st.Eng.Contact(cid)
			if cn.HoldsSlot() {
				if other, dup := holder[cid]; dup {
					rt.Fatalf("contact %s held by %s and %s", cid, other, uid)
				}
				holder[cid] = uid
				load[cn.Channel]++
			}
			switch cn.State {
			case ConnConnecting:
				if c.State != StateQueued || c.OfferTo != uid {
					rt.Fatalf("ringing connection of %s for contact %s in state %s offered to %q", uid, cid, c.State, c.OfferTo)
				}
			case ConnConnected, ConnOnHold:
				if c.State != StateConnected || c.AgentID != uid {
					rt.Fatalf("connected connection for contact %s in state %s", cid, c.State)
				}
			case ConnEnded:
				if c.State != StateACW {
					rt.Fatalf("ACW connection for contact %s in state %s", cid, c.State)
				}
			}
		}
		if u := st.Users[uid]; u != nil {
			for ch, n := range load {
				if p := st.Profiles[u.RoutingProfileID]; p != nil {
					for _, mc := range p.MediaConcurrencies {
						// A profile change can leave an agent over the new
						// limit with contacts it already had; offers may not.
						if mc.Channel == ch && int64(n) > mc.Concurrency && anyRinging(a, ch) {
							rt.Fatalf("agent %s rings past concurrency on %s: %d > %d", uid, ch, n, mc.Concurrency)
						}
					}
				}
			}
		}
	}
	queued := map[string]int{}
	waiting := false // a contact in a routing queue: queued, not ringing
	for _, c := range st.Eng.Contacts() {
		if c.State == StateQueued {
			queued[c.QueueID]++
			waiting = waiting || c.OfferTo == ""
		}
	}
	if st.Eng.Waiting() != waiting {
		rt.Fatalf("engine says a contact waits: %v; the contacts' states: %v", st.Eng.Waiting(), waiting)
	}
	for q, n := range st.Eng.QueuedCounts() {
		if queued[q] != n {
			rt.Fatalf("queue %s counts %d contacts, holds %d", q, n, queued[q])
		}
	}
}

func anyRinging(a *AgentState, ch string) bool {
	for _, cn := range a.Connections {
		if cn.Channel == ch && cn.State == ConnConnecting {
			return true
		}
	}
	return false
}
