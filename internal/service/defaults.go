package service

// The resources CreateInstance makes, as real Connect does (issue 2).

// DefaultFlows are the flows every new instance has: name → type. The
// routing engine's default inbound flow transfers to the working queue.
var DefaultFlows = []struct{ Name, Type string }{
	{"Default customer queue", "CUSTOMER_QUEUE"},
	{"Default customer hold", "CUSTOMER_HOLD"},
	{"Default customer whisper", "CUSTOMER_WHISPER"},
	{"Default agent hold", "AGENT_HOLD"},
	{"Default agent whisper", "AGENT_WHISPER"},
	{"Default outbound", "OUTBOUND_WHISPER"},
	{"Default agent transfer", "AGENT_TRANSFER"},
	{"Default queue transfer", "QUEUE_TRANSFER"},
	{"Sample inbound flow (first contact experience)", "CONTACT_FLOW"},
	{"Basic routing flow", "CONTACT_FLOW"},
}

// defaultFlowContent is a minimal valid flow in the Amazon Connect flow
// language: end the flow. "Basic routing flow" instead transfers the
// contact to its working queue (BasicQueue unless a flow sets another) and
// disconnects it when the transfer fails. Both pass flow.Parse (a test
// checks it), and both may be replaced with UpdateContactFlowContent.
const defaultFlowContent = `{"Version":"2019-10-30","StartAction":"end","Actions":[{"Identifier":"end","Type":"EndFlowExecution","Parameters":{},"Transitions":{}}]}`

const basicRoutingFlowContent = `{"Version":"2019-10-30","StartAction":"transfer","Actions":[{"Identifier":"transfer","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"disconnect","Errors":[{"NextAction":"disconnect","ErrorType":"NoMatchingError"},{"NextAction":"disconnect","ErrorType":"QueueAtCapacity"}]}},{"Identifier":"disconnect","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`

// DefaultSecurityProfiles are the security profiles of a new instance.
var DefaultSecurityProfiles = []string{"Admin", "Agent", "CallCenterManager", "QualityAnalyst"}

func (s *Service) addDefaults(st *instanceState) {
	sc, iid := st.Scope, st.ID
	mod := s.modified(sc)
	arn := func(kind, id string) string { return sc.ARN("instance/" + iid + "/" + kind + "/" + id) }

	hours := &HoursOfOperation{ID: s.newID(), Name: "Basic Hours", Description: "24x7", TimeZone: "UTC", Modified: mod}
	hours.ARN = arn("operating-hours", hours.ID)
	for _, d := range []string{"SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"} {
		hours.Config = append(hours.Config, HoursConfig{Day: d, Start: HourMinute{0, 0}, End: HourMinute{0, 0}})
	}
	st.hours[hours.ID] = hours

	q := &Queue{ID: s.newID(), Name: "BasicQueue", HoursOfOperationID: hours.ID, Status: "ENABLED", Modified: mod}
	q.ARN = arn("queue", q.ID)
	st.queues[q.ID] = q

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
	st.profiles[rp.ID] = rp

	for i, as := range []struct{ name, typ string }{{"Available", "ROUTABLE"}, {"Offline", "OFFLINE"}} {
		order := int64(i + 1)
		a := &AgentStatus{ID: s.newID(), Name: as.name, Type: as.typ, State: "ENABLED", DisplayOrder: &order, Modified: mod}
		a.ARN = arn("agent-state", a.ID)
		st.statuses[a.ID] = a
	}
	for _, name := range DefaultSecurityProfiles {
		p := &SecurityProfile{ID: s.newID(), Name: name, Permissions: defaultPermissions[name], Modified: mod}
		p.ARN = arn("security-profile", p.ID)
		st.security[p.ID] = p
	}
	for _, f := range DefaultFlows {
		c := &ContactFlow{ID: s.newID(), Name: f.Name, Type: f.Type, State: "ACTIVE", Status: "PUBLISHED",
			Content: defaultFlowContent, Default: true, Modified: mod}
		if f.Name == "Basic routing flow" {
			c.Content = basicRoutingFlowContent
		}
		c.ARN = arn("contact-flow", c.ID)
		st.flows[c.ID] = c
	}
}
