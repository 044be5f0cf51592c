package sdk

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/server"
)

// TestMetricsScenario drives ten tasks through three agents and two queues
// on the virtual clock, and checks every real-time metric at five instants
// and every historical metric per 5-minute interval against values worked
// out by hand below. Then it restarts the server and reads the same
// history back.
//
// Timeline (09:mm:ss; all contacts are TASKs, started by API; alice's ACW
// ends by itself after 10 s, bob's after 20 s, carol clears hers):
//
//	00:00 alice Available         00:10 bob Available
//	01:00 C1→q1, rings alice      01:05 alice accepts
//	01:10 C2→q1, rings bob        01:20 bob misses it (bob is in error)
//	01:30 C3→q2 waits             01:40 C4→q1 waits
//	01:45 C4's priority → 1       [R1 at 02:00]
//	02:05 alice hangs up C1 (ACW to 02:15, then C4 rings her: priority)
//	02:20 alice accepts C4        02:30 bob Available: C2 rings him
//	02:35 bob accepts C2          03:00 carol Available: C3 rings her
//	03:10 carol accepts C3        03:20 C5→q1 with steps E1 (30 s), E2
//	03:30 C6→q1                   [R2 at 03:35]
//	03:40 C6 abandoned            03:50 C5's step E1 expires: E2 active
//	[R3 at 04:00]                 04:30 carol hangs up C3 (ACW)
//	[R4 at 04:35]                 04:40 carol clears ACW (C5 needs E2: not her)
//	05:00 C2's customer hangs up (bob ACW to 05:20, then C5 rings him)
//	05:25 bob accepts C5          05:30-05:50 alice holds C4
//	06:00 C4's customer hangs up (alice ACW to 06:10)
//	06:30 C7→q2 rings carol (idle longest)   06:35 carol accepts
//	07:00 C8→q1 rings alice       07:02 alice accepts
//	07:30 bob holds C5            08:00 C5's customer hangs up on hold (ACW to 08:20)
//	08:30 carol hangs up C7       09:00 carol clears ACW
//	09:30 C8's customer hangs up (alice ACW to 09:40)
//	10:00 C9→q1 rings bob, C10→q1 rings carol    10:03, 10:04 accepted
//	11:00 C9 ends (bob ACW to 11:20)   11:30 C10 ends   12:00 carol clears ACW
//	12:30 carol takes a Break     13:00 a task for q2 is scheduled for 10:00
//	[R5 at 13:00]                 [history at 15:00]
func TestMetricsScenario(t *testing.T) {
	dir := t.TempDir()
	m := newMetricsCenter(t, server.Options{DataDir: dir})
	both := types.Filters{Queues: []string{m.q1, m.q2ARN}}
	byQueue := []types.Grouping{types.GroupingQueue}

	m.status(m.alice, m.available)
	m.to("09:00:10")
	m.status(m.bob, m.available)
	m.to("09:01:00")
	c1 := m.start(m.f1)
	m.to("09:01:05")
	m.act(m.alice, c1, "accept")
	m.to("09:01:10")
	c2 := m.start(m.f1)
	m.to("09:01:20")
	m.act(m.bob, c2, "miss")
	m.to("09:01:30")
	m.start(m.f2) // C3
	m.to("09:01:40")
	c4 := m.start(m.f1)
	m.to("09:01:45")
	if _, err := m.c.UpdateContactRoutingData(ctx(), &connect.UpdateContactRoutingDataInput{InstanceId: &m.iid, ContactId: &c4, QueuePriority: aws.Int64(1)}); err != nil {
		t.Fatal(err)
	}

	// R1: alice on C1, bob in error; q1 holds C2 (50 s) and C4, q2 C3 (30 s).
	m.to("09:02:00")
	got, _ := m.current(both, byQueue...)
	check(t, "R1 by queue", got, rows{
		"{queue=q1}": all13(2, 0, 1, 0, 0, 1, 2, 2, 50, 0, 1, 0),
		"{queue=q2}": all13(2, 0, 1, 0, 0, 1, 2, 1, 30, 0, 1, 0),
	})
	// Ungrouped, OLDEST_CONTACT_AGE is in milliseconds (docs/metrics.md#the-oldest_contact_age-unit-quirk).
	got, _ = m.current(both)
	check(t, "R1 ungrouped", got, rows{"{}": all13(2, 0, 1, 0, 0, 1, 2, 3, 50000, 0, 1, 0)})

	m.to("09:02:05")
	m.act(m.alice, c1, "hang-up")
	m.to("09:02:20")
	if got := m.agentContacts(m.alice); got[c4] != "CONNECTING" {
		t.Fatalf("C4 (priority 1) should ring alice after her ACW: %v", got)
	}
	m.act(m.alice, c4, "accept")
	m.to("09:02:30")
	m.status(m.bob, m.available)
	m.to("09:02:35")
	m.act(m.bob, c2, "accept")
	m.to("09:03:00")
	m.status(m.carol, m.available)
	m.to("09:03:10")
	c3 := m.onlyContact(m.carol)
	m.act(m.carol, c3, "accept")
	m.to("09:03:20")
	c5 := m.start(m.f3)
	m.to("09:03:30")
	c6 := m.start(m.f1)

	// R2: everyone on a contact; C5 waits under E1, C6 without steps.
	m.to("09:03:35")
	steps := types.Filters{Queues: []string{m.q1}, RoutingStepExpressions: []string{m.e1, m.e2}}
	got, _ = m.current(steps, types.GroupingRoutingStepExpression)
	check(t, "R2 by step", got, rows{
		"{step=E1}": all13(1, 0, 1, 0, 0, 0, 1, 1, 15, 0, 1, 0), // alice (level 5) and C5
		"{step=E2}": all13(2, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0),  // alice and bob (level 2), no contact yet
	})
	got, _ = m.current(types.Filters{Queues: []string{m.q1, m.q2}, Channels: []types.Channel{types.ChannelTask}}, types.GroupingQueue, types.GroupingChannel)
	check(t, "R2 by queue and channel", got, rows{
		"{queue=q1,channel=TASK}": all13(3, 0, 3, 0, 0, 0, 3, 2, 15, 0, 3, 0),
		"{queue=q2,channel=TASK}": all13(3, 0, 3, 0, 0, 0, 3, 0, 0, 0, 3, 0),
	})

	m.to("09:03:40")
	m.customerEnds(c6)
	// R3: C5's first step expired at 03:50; its age still counts from
	// enqueue (docs/routing.md#the-routing-step-expression-dimension).
	m.to("09:04:00")
	got, _ = m.current(steps, types.GroupingRoutingStepExpression)
	check(t, "R3 by step", got, rows{
		"{step=E1}": all13(1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0),
		"{step=E2}": all13(2, 0, 2, 0, 0, 0, 2, 1, 40, 0, 2, 0),
	})

	m.to("09:04:30")
	m.act(m.carol, c3, "hang-up")
	// R4: carol in ACW: one ACW contact.
	m.to("09:04:35")
	got, _ = m.current(both, byQueue...)
	check(t, "R4 by queue", got, rows{
		"{queue=q1}": all13(3, 0, 3, 0, 1, 0, 3, 1, 75, 0, 3, 0),
		"{queue=q2}": all13(3, 0, 3, 0, 1, 0, 3, 0, 0, 0, 3, 0),
	})
	got, _ = m.current(types.Filters{RoutingProfiles: []string{m.profileARN}}, types.GroupingRoutingProfile)
	check(t, "R4 by routing profile", got, rows{"{profile=P}": all13(3, 0, 3, 0, 1, 0, 3, 1, 75, 0, 3, 0)})

	m.to("09:04:40")
	m.act(m.carol, c3, "clear-acw")
	m.to("09:05:00")
	m.customerEnds(c2)
	m.to("09:05:25")
	if got := m.agentContacts(m.bob); got[c5] != "CONNECTING" {
		t.Fatalf("C5 (step E2) should ring bob, not carol: %v", got)
	}
	m.act(m.bob, c5, "accept")
	m.to("09:05:30")
	m.act(m.alice, c4, "hold")
	m.to("09:05:50")
	m.act(m.alice, c4, "resume")
	m.to("09:06:00")
	m.customerEnds(c4)
	m.to("09:06:30")
	c7 := m.start(m.f2)
	m.to("09:06:35")
	m.act(m.carol, c7, "accept")
	m.to("09:07:00")
	c8 := m.start(m.f1)
	m.to("09:07:02")
	m.act(m.alice, c8, "accept")
	m.to("09:07:30")
	m.act(m.bob, c5, "hold")
	m.to("09:08:00")
	m.customerEnds(c5)
	m.to("09:08:30")
	m.act(m.carol, c7, "hang-up")
	m.to("09:09:00")
	m.act(m.carol, c7, "clear-acw")
	m.to("09:09:30")
	m.customerEnds(c8)
	m.to("09:10:00")
	c9, c10 := m.start(m.f1), m.start(m.f1)
	m.to("09:10:03")
	m.act(m.bob, c9, "accept")
	m.to("09:10:04")
	m.act(m.carol, c10, "accept")
	m.to("09:11:00")
	m.customerEnds(c9)
	m.to("09:11:30")
	m.customerEnds(c10)
	m.to("09:12:00")
	m.act(m.carol, c10, "clear-acw")
	m.to("09:12:30")
	m.status(m.carol, m.brk)
	m.to("09:13:00")
	if _, err := m.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &m.iid, QuickConnectId: &m.qc2, Name: aws.String("later"),
		ScheduledTime: aws.Time(day9("10:00:00"))}); err != nil {
		t.Fatal(err)
	}

	// R5: alice and bob available, carol on a break, a task scheduled for q2.
	got, _ = m.current(both, byQueue...)
	check(t, "R5 by queue", got, rows{
		"{queue=q1}": all13(3, 2, 0, 1, 0, 0, 2, 0, 0, 0, 0, 2),
		"{queue=q2}": all13(3, 2, 0, 1, 0, 0, 2, 0, 0, 1, 0, 2),
	})

	m.to("09:15:00")
	checkScenarioHistory(t, m)

	// The buckets are durable: a restarted server answers the same.
	m.e.http.Close()
	if err := m.e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := newEnvWith(t, server.Options{DataDir: dir})
	e2.clock.Advance(day9("09:15:00").Sub(e2.clock.Now()))
	m.center.e, m.c = e2, e2.client
	m.e = e2
	checkScenarioHistory(t, m)
}

func (m *metricsCenter) onlyContact(uid string) string {
	m.t.Helper()
	got := m.agentContacts(uid)
	if len(got) != 1 {
		m.t.Fatalf("agent has %v, want one contact", got)
	}
	for id := range got {
		return id
	}
	return ""
}

var allV1 = []string{"CONTACTS_QUEUED", "CONTACTS_HANDLED", "CONTACTS_ABANDONED", "CONTACTS_CONSULTED", "CONTACTS_AGENT_HUNG_UP_FIRST",
	"CONTACTS_HANDLED_INCOMING", "CONTACTS_HANDLED_OUTBOUND", "CONTACTS_HOLD_ABANDONS", "CONTACTS_TRANSFERRED_IN", "CONTACTS_TRANSFERRED_OUT",
	"CONTACTS_TRANSFERRED_IN_FROM_QUEUE", "CONTACTS_TRANSFERRED_OUT_FROM_QUEUE", "CONTACTS_MISSED", "CALLBACK_CONTACTS_HANDLED", "API_CONTACTS_HANDLED",
	"OCCUPANCY", "HANDLE_TIME", "AFTER_CONTACT_WORK_TIME", "QUEUED_TIME", "ABANDON_TIME", "QUEUE_ANSWER_TIME", "HOLD_TIME", "INTERACTION_TIME",
	"INTERACTION_AND_HOLD_TIME", "SERVICE_LEVEL@10"}

// v1Row spells out the 25 historical metrics: counts (queued, handled,
// abandoned, hung up first, hold abandons, missed, API), then OCCUPANCY
// and the seconds (handle, ACW, max queued, abandon, answer, hold,
// interaction, interaction and hold) and SERVICE_LEVEL at 10 s.
func v1Row(queued, handled, abandoned, hungUp, holdAbandons, missed, api, occ, handle, acw, queuedMax, abandon, answer, hold, interaction, talk, sl float64) map[string]float64 {
	return map[string]float64{"CONTACTS_QUEUED": queued, "CONTACTS_HANDLED": handled, "CONTACTS_ABANDONED": abandoned, "CONTACTS_CONSULTED": 0,
		"CONTACTS_AGENT_HUNG_UP_FIRST": hungUp, "CONTACTS_HANDLED_INCOMING": 0, "CONTACTS_HANDLED_OUTBOUND": 0, "CONTACTS_HOLD_ABANDONS": holdAbandons,
		"CONTACTS_TRANSFERRED_IN": 0, "CONTACTS_TRANSFERRED_OUT": 0, "CONTACTS_TRANSFERRED_IN_FROM_QUEUE": 0, "CONTACTS_TRANSFERRED_OUT_FROM_QUEUE": 0,
		"CONTACTS_MISSED": missed, "CALLBACK_CONTACTS_HANDLED": 0, "API_CONTACTS_HANDLED": api, "OCCUPANCY": occ, "HANDLE_TIME": handle,
		"AFTER_CONTACT_WORK_TIME": acw, "QUEUED_TIME": queuedMax, "ABANDON_TIME": abandon, "QUEUE_ANSWER_TIME": answer, "HOLD_TIME": hold,
		"INTERACTION_TIME": interaction, "INTERACTION_AND_HOLD_TIME": talk, "SERVICE_LEVEL@10": sl}
}

// checkScenarioHistory checks the scenario's history at 09:15.
//
// Contact records (queue, enqueue → answer → disconnect, ACW):
//
//	C1  q1 01:00 → 01:05 → 02:05 agent hung up, ACW 10   answer 5, talk 60
//	C2  q1 01:10 → 02:35 → 05:00, ACW 20                 answer 85, talk 145
//	C3  q2 01:30 → 03:10 → 04:30 agent hung up, ACW 10   answer 100, talk 80
//	C4  q1 01:40 → 02:20 → 06:00, hold 20, ACW 10        answer 40, talk 220
//	C5  q1 03:20 → 05:25 → 08:00 on hold, hold 30, ACW 20 (step E2)  answer 125, talk 155
//	C6  q1 03:30 → abandoned 03:40                       queued 10
//	C7  q2 06:30 → 06:35 → 08:30 agent hung up, ACW 30   answer 5, talk 115
//	C8  q1 07:00 → 07:02 → 09:30, ACW 10                 answer 2, talk 148
//	C9  q1 10:00 → 10:03 → 11:00, ACW 20                 answer 3, talk 57
//	C10 q1 10:00 → 10:04 → 11:30, ACW 30                 answer 4, talk 86
//
// Agent time, on contact / idle (ringing is neither; bob's missed offer is
// idle; carol's break is neither), per interval:
//
//	09:00-09:05  alice 230/60   bob 145/130  carol 90/20    465/675 = 68.889%
//	09:05-09:10  alice 228/70   bob 195/100  carol 145/150  568/888 = 63.964%
//	09:10-09:15  alice 0/300    bob 77/220   carol 116/30   193/743 = 25.976%
func checkScenarioHistory(t *testing.T, m *metricsCenter) {
	both := types.Filters{Queues: []string{m.q1ARN, m.q2}}
	byQueue := []types.Grouping{types.GroupingQueue}
	check(t, "09:00-09:05", m.historical("09:00:00", "09:05:00", both, byQueue, allV1...), rows{
		"{queue=q1}": v1Row(2, 1, 1, 1, 0, 1, 1, 68.889, 70, 10, 10, 10, 5, null, 60, 60, 50),
		"{queue=q2}": v1Row(1, 1, 0, 1, 0, 0, 1, 68.889, 90, 10, 100, null, 100, null, 80, 80, 0),
	})
	check(t, "09:05-09:10", m.historical("09:05:00", "09:10:00", both, byQueue, allV1...), rows{
		"{queue=q1}": v1Row(4, 4, 0, 0, 1, 0, 4, 63.964, 182, 15, 125, null, 63, 25, 154.5, 167, 25),
		"{queue=q2}": v1Row(1, 1, 0, 1, 0, 0, 1, 63.964, 145, 30, 5, null, 5, null, 115, 115, 100),
	})
	check(t, "09:10-09:15", m.historical("09:10:00", "09:15:00", both, byQueue, allV1...), rows{
		"{queue=q1}": v1Row(2, 2, 0, 0, 0, 0, 2, 25.976, 96.5, 25, 4, null, 3.5, null, 71.5, 71.5, 100),
		"{queue=q2}": v1Row(0, 0, 0, 0, 0, 0, 0, 25.976, null, null, null, null, null, null, null, null, null),
	})
	// Thresholds: answers 5, 85, 40, 125, 2, 3, 4 and an abandon at 10 in q1.
	check(t, "service levels", m.historical("09:00:00", "09:15:00", types.Filters{Queues: []string{m.q1}}, nil,
		"SERVICE_LEVEL@3", "SERVICE_LEVEL@5", "SERVICE_LEVEL@11", "SERVICE_LEVEL@86", "SERVICE_LEVEL@126", "CONTACTS_QUEUED"), rows{
		"{}": {"SERVICE_LEVEL@3": 12.5, "SERVICE_LEVEL@5": 37.5, "SERVICE_LEVEL@11": 62.5, "SERVICE_LEVEL@86": 87.5, "SERVICE_LEVEL@126": 100, "CONTACTS_QUEUED": 8},
	})
	// By routing step: only C5 had steps; it joined at E2.
	check(t, "by step", m.historical("09:00:00", "09:15:00", types.Filters{Queues: []string{m.q1}}, []types.Grouping{types.GroupingRoutingStepExpression},
		"CONTACTS_QUEUED", "CONTACTS_HANDLED", "QUEUE_ANSWER_TIME", "CONTACTS_HOLD_ABANDONS"), rows{
		"{step=E2}": {"CONTACTS_QUEUED": 1, "CONTACTS_HANDLED": 1, "QUEUE_ANSWER_TIME": 125, "CONTACTS_HOLD_ABANDONS": 1},
	})
	check(t, "by queue and channel", m.historical("09:00:00", "09:15:00", both, []types.Grouping{types.GroupingQueue, types.GroupingChannel},
		"CONTACTS_QUEUED", "OCCUPANCY"), rows{
		"{queue=q1,channel=TASK}": {"CONTACTS_QUEUED": 8, "OCCUPANCY": 53.166},
		"{queue=q2,channel=TASK}": {"CONTACTS_QUEUED": 2, "OCCUPANCY": 53.166},
	})

	// GetMetricDataV2 over the quarter hour.
	queues := []types.FilterV2{{FilterKey: aws.String("QUEUE"), FilterValues: []string{m.q1, m.q2}}}
	got, res := m.v2("09:00:00", "09:15:00", types.IntervalPeriodHour, queues, []string{"QUEUE"}, "CONTACTS_HANDLED", "CONTACTS_QUEUED", "CONTACTS_ABANDONED",
		"AVG_HANDLE_TIME", "AVG_QUEUE_ANSWER_TIME", "MAX_QUEUED_TIME", "SERVICE_LEVEL@60", "AVG_AFTER_CONTACT_WORK_TIME", "SUM_CONTACTS_ANSWERED_IN_X@60",
		"AGENT_ANSWER_RATE", "SUM_CONTACTS_ANSWERED_IN_X@5=", "AVG_HOLD_TIME", "AGENT_NON_RESPONSE", "ABANDONMENT_RATE")
	check(t, "V2 by queue", got, rows{
		"{queue=q1}@09:00": {"CONTACTS_HANDLED": 7, "CONTACTS_QUEUED": 8, "CONTACTS_ABANDONED": 1, "AVG_HANDLE_TIME": 141.571, "AVG_QUEUE_ANSWER_TIME": 37.714,
			"MAX_QUEUED_TIME": 125, "SERVICE_LEVEL@60": 75, "AVG_AFTER_CONTACT_WORK_TIME": 17.143, "SUM_CONTACTS_ANSWERED_IN_X@60": 5, "AGENT_ANSWER_RATE": 87.5,
			"SUM_CONTACTS_ANSWERED_IN_X@5=": 4, "AVG_HOLD_TIME": 25, "AGENT_NON_RESPONSE": 1, "ABANDONMENT_RATE": 12.5},
		"{queue=q2}@09:00": {"CONTACTS_HANDLED": 2, "CONTACTS_QUEUED": 2, "CONTACTS_ABANDONED": 0, "AVG_HANDLE_TIME": 117.5, "AVG_QUEUE_ANSWER_TIME": 52.5,
			"MAX_QUEUED_TIME": 100, "SERVICE_LEVEL@60": 50, "AVG_AFTER_CONTACT_WORK_TIME": 20, "SUM_CONTACTS_ANSWERED_IN_X@60": 1, "AGENT_ANSWER_RATE": 100,
			"SUM_CONTACTS_ANSWERED_IN_X@5=": 1, "AVG_HOLD_TIME": null, "AGENT_NON_RESPONSE": 0, "ABANDONMENT_RATE": 0},
	})
	for _, r := range res {
		if r.MetricInterval.Interval != types.IntervalPeriodHour || !r.MetricInterval.EndTime.Equal(day9("09:15:00")) || r.Dimensions["QUEUE_ARN"] == "" {
			t.Errorf("V2 row interval %+v dimensions %v", r.MetricInterval, r.Dimensions)
		}
	}
	profile := []types.FilterV2{{FilterKey: aws.String("ROUTING_PROFILE"), FilterValues: []string{m.profileARN}}}
	got, _ = m.v2("09:00:00", "09:15:00", types.IntervalPeriodFifteenMin, profile, []string{"AGENT"}, "AGENT_OCCUPANCY", "CONTACTS_HANDLED", "AVG_HANDLE_TIME",
		"AGENT_ANSWER_RATE", "AVG_AFTER_CONTACT_WORK_TIME")
	check(t, "V2 by agent", got, rows{
		"{agent=alice}@09:00": {"AGENT_OCCUPANCY": 51.577, "CONTACTS_HANDLED": 3, "AVG_HANDLE_TIME": 152.667, "AGENT_ANSWER_RATE": 100, "AVG_AFTER_CONTACT_WORK_TIME": 10},
		"{agent=bob}@09:00":   {"AGENT_OCCUPANCY": 48.097, "CONTACTS_HANDLED": 3, "AVG_HANDLE_TIME": 139, "AGENT_ANSWER_RATE": 75, "AVG_AFTER_CONTACT_WORK_TIME": 20},
		"{agent=carol}@09:00": {"AGENT_OCCUPANCY": 63.702, "CONTACTS_HANDLED": 3, "AVG_HANDLE_TIME": 117, "AGENT_ANSWER_RATE": 100, "AVG_AFTER_CONTACT_WORK_TIME": 23.333},
	})
	got, _ = m.v2("09:00:00", "09:15:00", types.IntervalPeriodTotal, profile, []string{"ROUTING_PROFILE"}, "CONTACTS_HANDLED", "CONTACTS_QUEUED", "AGENT_OCCUPANCY")
	check(t, "V2 by routing profile", got, rows{
		"{routing_profile=P}@09:00": {"CONTACTS_HANDLED": 9, "CONTACTS_QUEUED": 9, "AGENT_OCCUPANCY": 53.166},
	})
}
