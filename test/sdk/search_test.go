package sdk

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/server"
)

// criteriaCenter is a searchCenter with the contacts the criteria tests
// name; every contact is a minute after the one before.
func criteriaCenter(t *testing.T) *searchCenter {
	s := newSearchCenter(t, "search-criteria")
	s.searchableKeys("tier", "lang")
	m := time.Minute
	for _, sp := range []contactSpec{
		{name: "t-ann-q0", agent: "ann", attrs: map[string]string{"tier": "gold", "lang": "en"}, talk: m,
			transcript: []seg{{"CUSTOMER", "I want a refund for my order."}, {"AGENT", "Sure, I can help with the refund!"}}},
		{name: "t-bob-q1", queue: 1, agent: "bob", attrs: map[string]string{"tier": "silver", "late": "yes"}, talk: 2 * m,
			transcript: []seg{{"CUSTOMER", "My password reset failed"}, {"AGENT", "Let me reset your password."}}},
		{name: "c-cat-q0", channel: types.ChannelChat, agent: "cat", attrs: map[string]string{"tier": "gold", "lang": "fr"}, talk: m,
			transcript: []seg{{"SYSTEM", "Welcome to support"}, {"CUSTOMER", "Order LATE again?"}, {"AGENT", "Sorry about the late order"}}},
		{name: "v-dan-q1", channel: types.ChannelVoice, queue: 1, agent: "dan", attrs: map[string]string{"lang": "en"}, talk: 3 * m},
		{name: "t-ann-acw", queue: 1, agent: "ann", end: endACW, transcript: []seg{{"CUSTOMER", "refund please"}}},
		{name: "t-bob-conn", agent: "bob", end: endConnected, attrs: map[string]string{"tier": "bronze", "late": "yes"}},
		{name: "t-abandon", end: endAbandon, attrs: map[string]string{"tier": "gold"}, talk: 30 * time.Second},
		{name: "t-parked", end: endQueued},
		{name: "v-parked", channel: types.ChannelVoice, end: endQueued},
		{name: "c-parked", channel: types.ChannelChat, end: endQueued},
		{name: "v-abandon", channel: types.ChannelVoice, end: endAbandon},
		{name: "t-move", end: endQueued},
	} {
		if sp.gap == 0 {
			sp.gap = m
		}
		if sp.name == "t-bob-conn" {
			s.searchableKeys("tier", "lang", "late") // t-bob-q1 came before: not searchable by "late"
		}
		s.contact(sp)
	}
	// A transfer: t-move ends, t-moved (TRANSFER) waits in q2.
	s.advance(m)
	old := s.ids["t-move"]
	out, err := s.c.TransferContact(ctx(), &connect.TransferContactInput{InstanceId: &s.iid, ContactId: &old, ContactFlowId: &s.flows[2], QueueId: &s.queues[2]})
	if err != nil {
		t.Fatal(err)
	}
	s.made[*out.ContactId] = made{name: "t-moved"}
	s.ids["t-moved"] = *out.ContactId
	// A scheduled task, an hour ahead.
	s.advance(m)
	at := s.e.clock.Now().Add(time.Hour)
	st, err := s.c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &s.iid, ContactFlowId: &s.flows[2], Name: aws.String("t-sched"), ScheduledTime: &at})
	if err != nil {
		t.Fatal(err)
	}
	s.made[*st.ContactId] = made{name: "t-sched"}
	s.ids["t-sched"] = *st.ContactId
	return s
}

func sorted(names ...string) []string {
	out := slices.Clone(names)
	if out == nil {
		out = []string{}
	}
	sort.Strings(out)
	return out
}

func (s *searchCenter) expect(t *testing.T, what string, in connect.SearchContactsInput, want ...string) {
	t.Helper()
	if got := sorted(s.all(in)...); !slices.Equal(got, sorted(want...)) {
		t.Errorf("%s: got %v, want %v", what, got, sorted(want...))
	}
}

func crit(c types.SearchCriteria) connect.SearchContactsInput {
	return connect.SearchContactsInput{SearchCriteria: &c}
}

func transcript(match types.SearchContactsMatchType, cs ...types.TranscriptCriteria) types.SearchCriteria {
	return types.SearchCriteria{ContactAnalysis: &types.ContactAnalysis{Transcript: &types.Transcript{Criteria: cs, MatchType: match}}}
}

func said(role types.ParticipantRole, match types.SearchContactsMatchType, texts ...string) types.TranscriptCriteria {
	return types.TranscriptCriteria{ParticipantRole: role, MatchType: match, SearchText: texts}
}

func attrs(match types.SearchContactsMatchType, kv ...string) types.SearchCriteria {
	var cs []types.SearchableContactAttributesCriteria
	for i := 0; i < len(kv); i += 2 {
		cs = append(cs, types.SearchableContactAttributesCriteria{Key: aws.String(kv[i]), Values: strings.Split(kv[i+1], ",")})
	}
	return types.SearchCriteria{SearchableContactAttributes: &types.SearchableContactAttributes{Criteria: cs, MatchType: match}}
}

func TestSearchContactsEachCriterion(t *testing.T) {
	s := criteriaCenter(t)
	all := []string{"t-ann-q0", "t-bob-q1", "c-cat-q0", "v-dan-q1", "t-ann-acw", "t-bob-conn", "t-abandon", "t-parked",
		"c-parked", "v-abandon", "t-move", "t-moved", "t-sched"} // not v-parked: queued voice is not searchable yet
	g := s.groups
	any, every := types.SearchContactsMatchTypeMatchAny, types.SearchContactsMatchTypeMatchAll
	for _, c := range []struct {
		what string
		in   connect.SearchContactsInput
		want []string
	}{
		{"no criteria", connect.SearchContactsInput{}, all},
		{"empty criteria", crit(types.SearchCriteria{AgentIds: []string{}, Channels: []types.Channel{}}), all},
		{"AgentIds", crit(types.SearchCriteria{AgentIds: []string{s.agents["ann"]}}), []string{"t-ann-q0", "t-ann-acw"}},
		{"AgentIds as ARNs", crit(types.SearchCriteria{AgentIds: []string{s.iidARN + "/agent/" + s.agents["cat"], s.agents["dan"]}}), []string{"c-cat-q0", "v-dan-q1"}},
		{"AgentIds unknown", crit(types.SearchCriteria{AgentIds: []string{"nobody"}}), nil},
		{"L1Ids", crit(types.SearchCriteria{AgentHierarchyGroups: &types.AgentHierarchyGroups{L1Ids: []string{g["east"]}}}),
			[]string{"t-ann-q0", "t-bob-q1", "t-ann-acw", "t-bob-conn"}},
		{"L2Ids", crit(types.SearchCriteria{AgentHierarchyGroups: &types.AgentHierarchyGroups{L2Ids: []string{g["east-2"]}}}), []string{"t-bob-q1", "t-bob-conn"}},
		{"L1Ids or", crit(types.SearchCriteria{AgentHierarchyGroups: &types.AgentHierarchyGroups{L1Ids: []string{g["west"], g["east"]}}}),
			[]string{"t-ann-q0", "t-bob-q1", "t-ann-acw", "t-bob-conn", "c-cat-q0"}},
		{"levels are AND-ed", crit(types.SearchCriteria{AgentHierarchyGroups: &types.AgentHierarchyGroups{L1Ids: []string{g["west"]}, L2Ids: []string{g["east-1"]}}}), nil},
		{"L3Ids: no agent that deep", crit(types.SearchCriteria{AgentHierarchyGroups: &types.AgentHierarchyGroups{L3Ids: []string{g["east"]}}}), nil},
		{"Channels CHAT", crit(types.SearchCriteria{Channels: []types.Channel{types.ChannelChat}}), []string{"c-cat-q0", "c-parked"}},
		{"Channels VOICE", crit(types.SearchCriteria{Channels: []types.Channel{types.ChannelVoice}}), []string{"v-dan-q1", "v-abandon"}},
		{"Channels EMAIL", crit(types.SearchCriteria{Channels: []types.Channel{types.ChannelEmail}}), nil},
		{"InitiationMethods TRANSFER", crit(types.SearchCriteria{InitiationMethods: []types.ContactInitiationMethod{types.ContactInitiationMethodTransfer}}), []string{"t-moved"}},
		{"InitiationMethods API or INBOUND", crit(types.SearchCriteria{InitiationMethods: []types.ContactInitiationMethod{types.ContactInitiationMethodApi, types.ContactInitiationMethodInbound}}),
			slices.DeleteFunc(slices.Clone(all), func(n string) bool { return n == "t-moved" })},
		{"QueueIds", crit(types.SearchCriteria{QueueIds: []string{s.queues[1]}}), []string{"t-bob-q1", "v-dan-q1", "t-ann-acw"}},
		{"QueueIds q2 (ARN)", crit(types.SearchCriteria{QueueIds: []string{s.iidARN + "/queue/" + s.queues[2]}}), []string{"t-parked", "c-parked", "t-move", "t-moved"}},
		{"attribute", crit(attrs("", "tier", "gold")), []string{"t-ann-q0", "c-cat-q0", "t-abandon"}},
		{"attribute values are OR-ed", crit(attrs("", "tier", "silver,bronze")), []string{"t-bob-q1", "t-bob-conn"}},
		{"attributes MATCH_ALL", crit(attrs(every, "tier", "gold,silver", "lang", "en")), []string{"t-ann-q0"}},
		{"attributes MATCH_ANY", crit(attrs(any, "tier", "silver", "lang", "fr")), []string{"t-bob-q1", "c-cat-q0"}},
		{"attribute values are case-sensitive", crit(attrs("", "tier", "Gold")), nil},
		{"attribute key not searchable", crit(attrs("", "color", "red")), nil},
		{"attribute key searchable since after t-bob-q1", crit(attrs("", "late", "yes")), []string{"t-bob-conn"}},
		{"transcript word", crit(transcript("", said(types.ParticipantRoleCustomer, any, "refund"))), []string{"t-ann-q0"}},
		{"transcript is case-insensitive", crit(transcript("", said(types.ParticipantRoleAgent, any, "REFUND"))), []string{"t-ann-q0"}},
		{"transcript role matters", crit(transcript("", said(types.ParticipantRoleSystem, any, "refund"))), nil},
		{"transcript phrase", crit(transcript("", said(types.ParticipantRoleAgent, any, "late order"))), []string{"c-cat-q0"}},
		{"transcript phrase order", crit(transcript("", said(types.ParticipantRoleAgent, any, "order late"))), nil},
		{"transcript phrase, punctuation", crit(transcript("", said(types.ParticipantRoleCustomer, any, "order late again"))), []string{"c-cat-q0"}},
		{"transcript MATCH_ALL", crit(transcript("", said(types.ParticipantRoleCustomer, every, "password", "failed"))), []string{"t-bob-q1"}},
		{"transcript MATCH_ALL none", crit(transcript("", said(types.ParticipantRoleCustomer, every, "password", "refund"))), nil},
		{"transcript MATCH_ANY", crit(transcript("", said(types.ParticipantRoleCustomer, any, "password", "refund"))), []string{"t-ann-q0", "t-bob-q1"}},
		{"transcript criteria MATCH_ANY", crit(transcript(any, said(types.ParticipantRoleCustomer, any, "refund"), said(types.ParticipantRoleSystem, any, "welcome"))),
			[]string{"t-ann-q0", "c-cat-q0"}},
		{"transcript criteria MATCH_ALL", crit(transcript(every, said(types.ParticipantRoleCustomer, any, "refund"), said(types.ParticipantRoleSystem, any, "welcome"))), nil},
		{"transcript word not a prefix", crit(transcript("", said(types.ParticipantRoleCustomer, any, "pass"))), nil},
		{"combined: TASK in q0 by bob", crit(types.SearchCriteria{Channels: []types.Channel{types.ChannelTask}, QueueIds: []string{s.queues[0]}, AgentIds: []string{s.agents["bob"]}}),
			[]string{"t-bob-conn"}},
		{"combined: east, gold, refund", func() connect.SearchContactsInput {
			c := transcript("", said(types.ParticipantRoleCustomer, any, "refund"))
			c.SearchableContactAttributes = attrs("", "tier", "gold").SearchableContactAttributes
			c.AgentHierarchyGroups = &types.AgentHierarchyGroups{L1Ids: []string{g["east"]}}
			return crit(c)
		}(), []string{"t-ann-q0"}},
		{"combined: gold but not in q0", crit(types.SearchCriteria{QueueIds: []string{s.queues[1]}, SearchableContactAttributes: attrs("", "tier", "gold").SearchableContactAttributes}), nil},
		// Members added after 2023 that connect-local has data for.
		{"Name", crit(types.SearchCriteria{Name: &types.NameCriteria{SearchText: []string{"parked"}, MatchType: any}}), []string{"t-parked", "c-parked"}},
		{"Name exact", crit(types.SearchCriteria{Name: &types.NameCriteria{SearchText: []string{"T-PARKED"}, MatchType: types.SearchContactsMatchTypeMatchExact}}), []string{"t-parked"}},
		{"ContactTags", crit(types.SearchCriteria{ContactTags: &types.ControlPlaneTagFilter{TagCondition: &types.TagCondition{TagKey: aws.String("aws:connect:instanceId"), TagValue: &s.iid}}}), all},
		{"ActiveRegions elsewhere", crit(types.SearchCriteria{ActiveRegions: []string{"eu-west-1"}}), nil},
		{"ActiveRegions here", crit(types.SearchCriteria{ActiveRegions: []string{"us-east-1"}}), all},
		{"SearchableSegmentAttributes: none kept", crit(types.SearchCriteria{SearchableSegmentAttributes: &types.SearchableSegmentAttributes{
			Criteria: []types.SearchableSegmentAttributesCriteria{{Key: aws.String("connect:Subtype"), Values: []string{"connect:Task"}}}}}), nil},
		{"AdditionalTimeRange: never disconnected", crit(types.SearchCriteria{AdditionalTimeRange: &types.SearchContactsAdditionalTimeRange{MatchType: every,
			Criteria: []types.SearchContactsAdditionalTimeRangeCriteria{{TimestampCondition: &types.SearchContactsTimestampCondition{
				Type: types.SearchContactsTimeRangeTypeDisconnectTimestamp, ConditionType: types.SearchContactsTimeRangeConditionTypeNotExists}}}}}),
			[]string{"t-bob-conn", "t-parked", "c-parked", "t-moved", "t-sched"}},
	} {
		s.expect(t, c.what, c.in, c.want...)
	}

	// t-ann-acw's transcript becomes searchable once its ACW is done.
	s.act(s.agents["ann"], s.ids["t-ann-acw"], "clear-acw")
	s.expect(t, "refund after ACW", crit(transcript("", said(types.ParticipantRoleCustomer, any, "refund"))), "t-ann-q0", "t-ann-acw")
	// The hierarchy counts as it stood when the contact was handled.
	if _, err := s.c.UpdateUserHierarchy(ctx(), &connect.UpdateUserHierarchyInput{InstanceId: &s.iid, UserId: aws.String(s.agents["ann"]), HierarchyGroupId: aws.String(g["west"])}); err != nil {
		t.Fatal(err)
	}
	s.expect(t, "old group after a move", crit(types.SearchCriteria{AgentHierarchyGroups: &types.AgentHierarchyGroups{L2Ids: []string{g["east-1"]}}}), "t-ann-q0", "t-ann-acw")
	s.expect(t, "new group after a move", crit(types.SearchCriteria{AgentHierarchyGroups: &types.AgentHierarchyGroups{L1Ids: []string{g["west"]}}}), "c-cat-q0")
	// The queued voice contact shows once it ends.
	s.endCustomer(s.ids["v-parked"])
	s.expect(t, "voice after it ends", crit(types.SearchCriteria{Channels: []types.Channel{types.ChannelVoice}}), "v-dan-q1", "v-abandon", "v-parked")
}

func tr(typ types.SearchContactsTimeRangeType, from, to time.Time) *types.SearchContactsTimeRange {
	return &types.SearchContactsTimeRange{Type: typ, StartTime: aws.Time(from), EndTime: aws.Time(to)}
}

func TestSearchContactsTimeRanges(t *testing.T) {
	s := criteriaCenter(t)
	wide := func(typ types.SearchContactsTimeRangeType) connect.SearchContactsInput {
		return connect.SearchContactsInput{TimeRange: tr(typ, T0.Add(-time.Hour), T0.Add(7*24*time.Hour))}
	}
	s.expect(t, "CONNECTED_TO_AGENT_TIMESTAMP", wide(types.SearchContactsTimeRangeTypeConnectedToAgentTimestamp),
		"t-ann-q0", "t-bob-q1", "c-cat-q0", "v-dan-q1", "t-ann-acw", "t-bob-conn")
	s.expect(t, "DISCONNECT_TIMESTAMP", wide(types.SearchContactsTimeRangeTypeDisconnectTimestamp),
		"t-ann-q0", "t-bob-q1", "c-cat-q0", "v-dan-q1", "t-ann-acw", "t-abandon", "v-abandon", "t-move")
	s.expect(t, "SCHEDULED_TIMESTAMP", wide(types.SearchContactsTimeRangeTypeScheduledTimestamp), "t-sched")
	s.expect(t, "ENQUEUE_TIMESTAMP", wide(types.SearchContactsTimeRangeTypeEnqueueTimestamp),
		"t-ann-q0", "t-bob-q1", "c-cat-q0", "v-dan-q1", "t-ann-acw", "t-bob-conn", "t-abandon", "t-parked", "c-parked", "v-abandon", "t-move", "t-moved")
	// Bounds are inclusive: a range of one instant finds the contact then.
	d := s.describe(s.ids["t-bob-q1"])
	at := *d.InitiationTimestamp
	s.expect(t, "one instant", connect.SearchContactsInput{TimeRange: tr(types.SearchContactsTimeRangeTypeInitiationTimestamp, at, at)}, "t-bob-q1")
	s.expect(t, "just before", connect.SearchContactsInput{TimeRange: tr(types.SearchContactsTimeRangeTypeInitiationTimestamp, at.Add(-time.Hour), at.Add(-time.Millisecond))}, "t-ann-q0")
	conn := *d.AgentInfo.ConnectedToAgentTimestamp
	s.expect(t, "connected in a minute", connect.SearchContactsInput{TimeRange: tr(types.SearchContactsTimeRangeTypeConnectedToAgentTimestamp, conn, conn.Add(59*time.Second))}, "t-bob-q1")
	// Exactly 8 weeks is allowed; a window older than retention finds nothing.
	s.expect(t, "8 weeks", connect.SearchContactsInput{TimeRange: tr(types.SearchContactsTimeRangeTypeDisconnectTimestamp, T0, T0.Add(8*7*24*time.Hour))},
		"t-ann-q0", "t-bob-q1", "c-cat-q0", "v-dan-q1", "t-ann-acw", "t-abandon", "v-abandon", "t-move")
	old := T0.AddDate(-3, 0, 0)
	s.expect(t, "3 years ago", connect.SearchContactsInput{TimeRange: tr(types.SearchContactsTimeRangeTypeInitiationTimestamp, old, old.Add(time.Hour))})
	// After 25 months the contacts have left retention.
	s.advance(25 * 30 * 24 * time.Hour)
	s.expect(t, "after retention", connect.SearchContactsInput{TimeRange: tr(types.SearchContactsTimeRangeTypeDisconnectTimestamp, T0, T0.Add(7*24*time.Hour))})
}

// sortKey is the value a summary sorts by; ok is false when absent.
func sortKey(c types.ContactSearchSummary, f types.SortableFieldName) (string, bool) {
	ts := func(t *time.Time) (string, bool) {
		if t == nil {
			return "", false
		}
		return fmt.Sprintf("%020d", t.UnixMilli()), true
	}
	switch f {
	case types.SortableFieldNameInitiationTimestamp:
		return ts(c.InitiationTimestamp)
	case types.SortableFieldNameScheduledTimestamp:
		return ts(c.ScheduledTimestamp)
	case types.SortableFieldNameDisconnectTimestamp:
		return ts(c.DisconnectTimestamp)
	case types.SortableFieldNameConnectedToAgentTimestamp:
		if c.AgentInfo == nil {
			return "", false
		}
		return ts(c.AgentInfo.ConnectedToAgentTimestamp)
	case types.SortableFieldNameChannel:
		return string(c.Channel), true
	case types.SortableFieldNameInitiationMethod:
		return string(c.InitiationMethod), true
	}
	return "", false
}

func TestSearchContactsSort(t *testing.T) {
	s := criteriaCenter(t)
	// Two more contacts at the same instant as the last one: ties.
	s.contact(contactSpec{name: "tie-1", end: endQueued})
	s.contact(contactSpec{name: "tie-2", end: endQueued})
	for _, f := range types.SortableFieldName("").Values() {
		for _, o := range []types.SortOrder{types.SortOrderAscending, types.SortOrderDescending} {
			in := connect.SearchContactsInput{Sort: &types.Sort{FieldName: f, Order: o}, MaxResults: aws.Int32(4)}
			var got []types.ContactSearchSummary
			for {
				out, err := s.search(in)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, out.Contacts...)
				if in.NextToken = out.NextToken; in.NextToken == nil {
					break
				}
			}
			if len(got) != 15 {
				t.Fatalf("%s %s: %d contacts", f, o, len(got))
			}
			for i := 1; i < len(got); i++ {
				a, b := got[i-1], got[i]
				ka, oka := sortKey(a, f)
				kb, okb := sortKey(b, f)
				var ok bool
				switch {
				case oka != okb:
					ok = oka // absent values last, both orders
				case oka && ka != kb:
					ok = (ka < kb) == (o == types.SortOrderAscending)
				default:
					ok = *a.Id < *b.Id // ties by contact ID
				}
				if !ok {
					t.Fatalf("%s %s: %s (%q) before %s (%q)", f, o, s.made[*a.Id].name, ka, s.made[*b.Id].name, kb)
				}
			}
		}
	}
	// With no Sort: newest first by the TimeRange type.
	out, err := s.search(connect.SearchContactsInput{})
	if err != nil {
		t.Fatal(err)
	}
	first, last := out.Contacts[0], out.Contacts[len(out.Contacts)-1]
	if !first.InitiationTimestamp.After(*last.InitiationTimestamp) || s.made[*last.Id].name != "t-ann-q0" {
		t.Fatalf("default order: first %s, last %s", s.made[*first.Id].name, s.made[*last.Id].name)
	}
}

func TestSearchContactsSummaryFields(t *testing.T) {
	s := criteriaCenter(t)
	find := func(name string) types.ContactSearchSummary {
		t.Helper()
		out, err := s.search(connect.SearchContactsInput{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range out.Contacts {
			if *c.Id == s.ids[name] {
				return c
			}
		}
		t.Fatalf("%s not found", name)
		return types.ContactSearchSummary{}
	}
	c := find("t-bob-q1")
	d := s.describe(s.ids["t-bob-q1"])
	if *c.Arn != *d.Arn || c.Channel != types.ChannelTask || c.InitiationMethod != types.ContactInitiationMethodApi || *c.Name != "t-bob-q1" ||
		*c.QueueInfo.Id != s.queues[1] || !c.QueueInfo.EnqueueTimestamp.Equal(*d.QueueInfo.EnqueueTimestamp) ||
		*c.AgentInfo.Id != s.agents["bob"] || !c.AgentInfo.ConnectedToAgentTimestamp.Equal(*d.AgentInfo.ConnectedToAgentTimestamp) ||
		!c.InitiationTimestamp.Equal(*d.InitiationTimestamp) || !c.DisconnectTimestamp.Equal(*d.DisconnectTimestamp) ||
		c.ScheduledTimestamp != nil || c.Tags["aws:connect:instanceId"] != s.iid {
		t.Fatalf("t-bob-q1 summary: %+v", c)
	}
	if c := find("t-parked"); c.AgentInfo != nil || c.DisconnectTimestamp != nil || c.QueueInfo == nil {
		t.Fatalf("t-parked summary: %+v", c)
	}
	if c := find("t-sched"); c.QueueInfo != nil || c.ScheduledTimestamp == nil || !c.ScheduledTimestamp.Equal(c.InitiationTimestamp.Add(time.Hour)) {
		t.Fatalf("t-sched summary: %+v", c)
	}
	if c := find("t-moved"); *c.PreviousContactId != s.ids["t-move"] || *c.InitialContactId != s.ids["t-move"] || c.InitiationMethod != types.ContactInitiationMethodTransfer {
		t.Fatalf("t-moved summary: %+v", c)
	}
}

func TestSearchContactsPaging(t *testing.T) {
	s := newSearchCenter(t, "search-paging")
	for i := range 23 {
		gap := time.Second
		if i%4 == 0 {
			gap = 0 // same instant as the one before
		}
		s.contact(contactSpec{name: fmt.Sprintf("p%02d", i), end: endQueued, gap: gap})
	}
	for _, sortBy := range []*types.Sort{nil, {FieldName: types.SortableFieldNameInitiationTimestamp, Order: types.SortOrderAscending},
		{FieldName: types.SortableFieldNameChannel, Order: types.SortOrderDescending}} {
		one := s.all(connect.SearchContactsInput{Sort: sortBy})
		for _, size := range []int32{1, 5, 22, 23, 100} {
			got := s.all(connect.SearchContactsInput{Sort: sortBy, MaxResults: aws.Int32(size)})
			if !slices.Equal(got, one) || len(got) != 23 {
				t.Fatalf("sort %v, pages of %d: %v, want %v", sortBy, size, got, one)
			}
		}
	}
	// New contacts arrive between pages: no contact repeats, every contact
	// that existed from the start appears once.
	for _, order := range []types.SortOrder{types.SortOrderAscending, types.SortOrderDescending} {
		in := connect.SearchContactsInput{MaxResults: aws.Int32(4), Sort: &types.Sort{FieldName: types.SortableFieldNameInitiationTimestamp, Order: order}}
		before := map[string]bool{}
		for _, n := range s.all(in) {
			before[n] = true
		}
		seen := map[string]int{}
		for page := 0; ; page++ {
			out, err := s.search(in)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range out.Contacts {
				seen[s.made[*c.Id].name]++
			}
			s.contact(contactSpec{name: fmt.Sprintf("new-%s-%d", order, page), end: endQueued, gap: time.Second})
			if in.NextToken = out.NextToken; in.NextToken == nil {
				break
			}
		}
		for n := range before {
			if seen[n] != 1 {
				t.Fatalf("%s: %s seen %d times", order, n, seen[n])
			}
		}
		for n, k := range seen {
			if k != 1 {
				t.Fatalf("%s: %s seen %d times", order, n, k)
			}
		}
	}
}

func TestSearchContactsErrors(t *testing.T) {
	s := newSearchCenter(t, "search-errors")
	s.contact(contactSpec{name: "x", end: endQueued})
	bad := func(what string, in connect.SearchContactsInput, code string, status int) {
		t.Helper()
		_, err := s.search(in)
		if err == nil {
			t.Fatalf("%s: no error", what)
		}
		wantAPIError(t, err, code, status)
	}
	ini := types.SearchContactsTimeRangeTypeInitiationTimestamp
	bad("window over 8 weeks", connect.SearchContactsInput{TimeRange: tr(ini, T0, T0.Add(8*7*24*time.Hour+time.Second))}, "InvalidParameterException", 400)
	bad("start after end", connect.SearchContactsInput{TimeRange: tr(ini, T0.Add(time.Second), T0)}, "InvalidParameterException", 400)
	bad("MaxResults 101", connect.SearchContactsInput{MaxResults: aws.Int32(101)}, "InvalidParameterException", 400)
	bad("MaxResults 0", connect.SearchContactsInput{MaxResults: aws.Int32(0)}, "InvalidParameterException", 400)
	bad("unknown channel", crit(types.SearchCriteria{Channels: []types.Channel{"FAX"}}), "InvalidParameterException", 400)
	bad("unknown sort", connect.SearchContactsInput{Sort: &types.Sort{FieldName: "NAME", Order: types.SortOrderAscending}}, "InvalidParameterException", 400)
	bad("too many AgentIds", crit(types.SearchCriteria{AgentIds: make([]string, 101)}), "InvalidParameterException", 400)
	bad("garbage NextToken", connect.SearchContactsInput{NextToken: aws.String("garbage")}, "InvalidParameterException", 400)
	_, err := s.c.SearchContacts(ctx(), &connect.SearchContactsInput{InstanceId: aws.String("00000000-0000-0000-0000-000000000000"), TimeRange: window()})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// A token works only for the request that made it.
	s.contact(contactSpec{name: "y", end: endQueued, gap: time.Second})
	out, err := s.search(connect.SearchContactsInput{MaxResults: aws.Int32(1)})
	if err != nil || out.NextToken == nil {
		t.Fatalf("page 1: %v %v", out, err)
	}
	bad("token, other criteria", connect.SearchContactsInput{MaxResults: aws.Int32(1), NextToken: out.NextToken,
		SearchCriteria: &types.SearchCriteria{Channels: []types.Channel{types.ChannelTask}}}, "InvalidParameterException", 400)
	bad("token, other sort", connect.SearchContactsInput{MaxResults: aws.Int32(1), NextToken: out.NextToken,
		Sort: &types.Sort{FieldName: types.SortableFieldNameChannel, Order: types.SortOrderAscending}}, "InvalidParameterException", 400)
	if _, err := s.search(connect.SearchContactsInput{MaxResults: aws.Int32(5), NextToken: out.NextToken}); err != nil {
		t.Fatalf("same request, other page size: %v", err)
	}
	other := newSearchCenterOn(t, s.e, "search-errors-2")
	_, err = other.search(connect.SearchContactsInput{MaxResults: aws.Int32(1), NextToken: out.NextToken})
	wantAPIError(t, err, "InvalidParameterException", 400)

	// Required members, through raw HTTP (the SDK checks them itself).
	for _, body := range []string{`{"InstanceId":"` + s.iid + `"}`, `{"InstanceId":"` + s.iid + `","TimeRange":{"Type":"INITIATION_TIMESTAMP","StartTime":1}}`,
		`{"InstanceId":"` + s.iid + `","TimeRange":{"Type":"INITIATION_TIMESTAMP","StartTime":1,"EndTime":2},"SearchCriteria":{"ContactAnalysis":{"Transcript":{"Criteria":[{"ParticipantRole":"AGENT"}]}}}}`} {
		resp, err := http.Post(s.e.http.URL+"/search-contacts", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || resp.Header.Get("X-Amzn-Errortype") != "InvalidParameterException" {
			t.Fatalf("%s: %d %s %s", body, resp.StatusCode, resp.Header.Get("X-Amzn-Errortype"), b)
		}
	}

	// The local controls refuse bad input.
	for _, c := range []struct {
		method, path, body string
		code               int
	}{
		{"POST", "/contacts/" + s.ids["x"] + "/transcript", `{"Segments":[{"ParticipantRole":"BOT","Content":"hi"}]}`, 400},
		{"POST", "/contacts/" + s.ids["x"] + "/transcript", `{"Segments":[{"ParticipantRole":"AGENT","Content":""}]}`, 400},
		{"POST", "/contacts/" + s.ids["x"] + "/transcript", `{"Segments":[{"ParticipantRole":"AGENT","Content":"x","BeginOffsetMillis":5,"EndOffsetMillis":1}]}`, 400},
		{"POST", "/contacts/" + s.ids["x"] + "/transcript", `{}`, 400},
		{"POST", "/contacts/nope/transcript", `{"Segments":[]}`, 404},
		{"PUT", "/searchable-attributes", `{"Keys":[""]}`, 400},
		{"PUT", "/searchable-attributes", `{"keys":"x"}`, 400},
	} {
		if code := s.local(c.method, "/_local/instances/"+s.iid+c.path, c.body, nil); code != c.code {
			t.Errorf("%s %s %s: HTTP %d, want %d", c.method, c.path, c.body, code, c.code)
		}
	}
	if code := s.local("PUT", "/_local/instances/nope/searchable-attributes", `{"Keys":[]}`, nil); code != 404 {
		t.Errorf("unknown instance: HTTP %d", code)
	}
}

func TestSearchContactsLocalControls(t *testing.T) {
	s := newSearchCenter(t, "search-local")
	cid := s.contact(contactSpec{name: "x", end: endQueued})
	var keys struct {
		Keys            []string
		SearchableSince map[string]float64
	}
	s.searchableKeys("b", "a")
	s.advance(time.Minute)
	s.searchableKeys("a", "c")
	s.local("GET", "/_local/instances/"+s.iid+"/searchable-attributes", "", &keys)
	if !slices.Equal(keys.Keys, []string{"a", "c"}) || keys.SearchableSince["a"] != float64(T0.Unix()) || keys.SearchableSince["c"] != float64(T0.Unix()+60) {
		t.Fatalf("keys: %+v", keys)
	}
	s.postTranscript(cid, []seg{{"AGENT", "one"}})
	s.local("POST", "/_local/instances/"+s.iid+"/contacts/"+cid+"/transcript",
		`{"Segments":[{"Transcript":{"Id":"s2","ParticipantId":"p","ParticipantRole":"CUSTOMER","Content":"two","BeginOffsetMillis":1,"EndOffsetMillis":2,"Sentiment":"NEUTRAL"}}]}`, nil)
	var got struct{ Segments []map[string]any }
	s.local("GET", "/_local/instances/"+s.iid+"/contacts/"+cid+"/transcript", "", &got)
	if len(got.Segments) != 2 || got.Segments[1]["Id"] != "s2" || got.Segments[1]["Content"] != "two" || got.Segments[1]["Sentiment"] != "NEUTRAL" {
		t.Fatalf("transcript: %+v", got)
	}
	s.local("PUT", "/_local/instances/"+s.iid+"/contacts/"+cid+"/transcript", `{"Segments":[{"ParticipantRole":"SYSTEM","Content":"three"}]}`, nil)
	s.local("GET", "/_local/instances/"+s.iid+"/contacts/"+cid+"/transcript", "", &got)
	if len(got.Segments) != 1 || got.Segments[0]["Content"] != "three" {
		t.Fatalf("replaced transcript: %+v", got)
	}
}

// TestSearchContactsSurviveRestart: the index is rebuilt from storage, with
// transcripts and searchable keys.
func TestSearchContactsSurviveRestart(t *testing.T) {
	dir := t.TempDir()
	e := newEnvWith(t, server.Options{DataDir: dir})
	s := newSearchCenterOn(t, e, "search-durable")
	s.searchableKeys("tier")
	s.contact(contactSpec{name: "a", agent: "ann", attrs: map[string]string{"tier": "gold"}, transcript: []seg{{"CUSTOMER", "where is my parcel"}}})
	s.contact(contactSpec{name: "b", agent: "bob", end: endACW, gap: time.Minute})
	s.contact(contactSpec{name: "c", end: endQueued, gap: time.Minute})
	queries := []connect.SearchContactsInput{{},
		crit(transcript("", said(types.ParticipantRoleCustomer, types.SearchContactsMatchTypeMatchAll, "my parcel"))),
		crit(attrs("", "tier", "gold")),
		crit(types.SearchCriteria{AgentHierarchyGroups: &types.AgentHierarchyGroups{L2Ids: []string{s.groups["east-2"]}}})}
	var before [][]string
	for _, q := range queries {
		before = append(before, s.all(q))
	}
	if len(before[1]) != 1 || len(before[2]) != 1 || len(before[3]) != 1 {
		t.Fatalf("before restart: %v", before)
	}
	e.http.Close()
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	s.e = newEnvWith(t, server.Options{DataDir: dir})
	s.c = retryingClient(s.e)
	for i, q := range queries {
		if got := s.all(q); !slices.Equal(got, before[i]) {
			t.Fatalf("query %d after restart: %v, want %v", i, got, before[i])
		}
	}
}
