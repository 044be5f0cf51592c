package service

import (
	"github.com/connect-local/connect-local/internal/flowres"
	"github.com/connect-local/connect-local/internal/routingconfig"
)

// The resources CreateInstance makes, as real Connect does (issue 2).

// DefaultFlows are the flows every new instance has: name → type
// (internal/flowres defaults.go, with their content).
var DefaultFlows = flowres.DefaultFlows

// DefaultSecurityProfiles are the security profiles of a new instance.
var DefaultSecurityProfiles = []string{"Admin", "Agent", "CallCenterManager", "QualityAnalyst"}

func (s *Service) addDefaults(st *instanceState) {
	sc, iid := st.Scope, st.ID
	mod := s.modified(sc)
	arn := func(kind, id string) string { return sc.ARN("instance/" + iid + "/" + kind + "/" + id) }

	hours := &HoursOfOperation{ID: s.newID(), Name: "Basic Hours", Description: "24x7", TimeZone: "UTC", Modified: mod}
	hours.ARN = arn("operating-hours", hours.ID)
	for _, d := range []string{"SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"} {
		hours.Config = append(hours.Config, HoursConfig{Day: d, Start: HourMinute{}, End: HourMinute{}})
	}
	st.Hours[hours.ID] = hours
	flowres.AddDefaultPrompts(s.FlowRes, st.State, mod)

	q := &Queue{ID: s.newID(), Name: "BasicQueue", HoursOfOperationID: hours.ID, Status: "ENABLED", Modified: mod}
	q.ARN = arn("queue", q.ID)
	st.Queues[q.ID] = q

	rp := &RoutingProfile{ID: s.newID(), Name: "Basic Routing Profile", Description: "Default routing profile",
		DefaultOutboundQueueID: q.ID, AgentAvailabilityTimer: "TIME_SINCE_LAST_ACTIVITY", Modified: mod}
	rp.ARN = arn("routing-profile", rp.ID)
	for _, ch := range []string{"VOICE", "CHAT", "TASK"} {
		conc := int64(1)
		if ch != "VOICE" {
			conc = 2
		}
		rp.MediaConcurrencies = append(rp.MediaConcurrencies, MediaConcurrency{Channel: ch, Concurrency: conc, CrossChannelBehavior: "ROUTE_CURRENT_CHANNEL_ONLY"})
		rp.QueueConfigs = append(rp.QueueConfigs, QueueConfig{QueueID: q.ID, Channel: ch, Priority: 1, Delay: 0})
	}
	st.Profiles[rp.ID] = rp

	for i, as := range []struct{ name, typ string }{{"Available", "ROUTABLE"}, {"Offline", "OFFLINE"}} {
		order := int64(i + 1)
		a := &AgentStatus{ID: s.newID(), Name: as.name, Type: as.typ, State: "ENABLED", DisplayOrder: &order, Modified: mod}
		a.ARN = arn("agent-state", a.ID)
		st.Statuses[a.ID] = a
	}
	for _, name := range DefaultSecurityProfiles {
		p := &SecurityProfile{ID: s.newID(), Name: name, Permissions: routingconfig.DefaultPermissions(name), Modified: mod}
		p.ARN = arn("security-profile", p.ID)
		st.Security[p.ID] = p
	}
	for _, f := range DefaultFlows {
		c := &ContactFlow{ID: s.newID(), Name: f.Name, Type: f.Type, State: "ACTIVE", Status: "PUBLISHED",
			Content: flowres.DefaultFlowContent(f.Name, q.ARN), Default: true, Modified: mod}
		c.ARN = arn("contact-flow", c.ID)
		st.Flows[c.ID] = c
	}
}
