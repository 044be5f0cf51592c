package seed

import (
	"fmt"
	"strings"

	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/service"
)

// DefaultScope is where `serve --seed` puts the instance: the account and
// region of unsigned requests and of non-numeric access keys.
var DefaultScope = service.Scope{Account: "000000000000", Region: "us-east-1"}

// Result is what the setup's names resolved to.
type Result struct {
	InstanceID string
	// IDs by resource kind, then by name as written in the scenario.
	Hours, Queues, Profiles, Statuses, Flows, Users map[string]string
	// Created counts the resources this call created (0 on a re-seed).
	Created int
}

// Apply creates what is missing of sc's setup, plus the flows its workload
// generates (scenario.ContactType.GeneratedFlow).
func Apply(svc *service.Service, sc service.Scope, s *scenario.Scenario) (*Result, error) {
	a := &applier{svc: svc, sc: sc, s: s, r: &Result{Hours: map[string]string{}, Queues: map[string]string{},
		Profiles: map[string]string{}, Statuses: map[string]string{}, Flows: map[string]string{}, Users: map[string]string{}}}
	for _, step := range []struct {
		what string
		fn   func() error
	}{
		{"instance", a.instance}, {"hours", a.hours}, {"queues", a.queues}, {"agent statuses", a.statuses},
		{"predefined attributes", a.attributes}, {"routing profiles", a.profiles}, {"flows", a.flows}, {"users", a.users},
	} {
		if err := step.fn(); err != nil {
			return nil, fmt.Errorf("seed %s: %s: %w", s.Name, step.what, err)
		}
	}
	return a.r, nil
}

type applier struct {
	svc *service.Service
	sc  service.Scope
	s   *scenario.Scenario
	r   *Result
}

// all reads every page of a list.
func all[T any](list func(service.PageRequest) (service.Page[T], error)) ([]T, error) {
	var out []T
	req := service.PageRequest{MaxResults: 1000}
	for {
		p, err := list(req)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.NextToken == "" {
			return out, nil
		}
		req.NextToken = p.NextToken
	}
}

// byName indexes existing resources by lower-case name (Connect compares
// names ignoring case).
func byName[T any](items []T, name func(T) string, id func(T) string) map[string]string {
	m := make(map[string]string, len(items))
	for _, it := range items {
		m[strings.ToLower(name(it))] = id(it)
	}
	return m
}

// lookup resolves a name written in the scenario against found resources.
func lookup(m map[string]string, name string) string { return m[strings.ToLower(name)] }

func (a *applier) instance() error {
	ins, err := all(func(req service.PageRequest) (service.Page[service.Instance], error) {
		return a.svc.ListInstances(a.sc, req)
	})
	if err != nil {
		return err
	}
	for _, in := range ins {
		if strings.EqualFold(in.Alias, a.s.Instance.Alias) {
			a.r.InstanceID = in.ID
			return nil
		}
	}
	in, err := a.svc.CreateInstance(a.sc, service.CreateInstanceInput{IdentityManagementType: "CONNECT_MANAGED", Alias: a.s.Instance.Alias,
		InboundCallsEnabled: true, OutboundCallsEnabled: true})
	if err != nil {
		return err
	}
	a.r.InstanceID = in.ID
	a.r.Created++
	return nil
}

func (a *applier) hours() error {
	iid := a.r.InstanceID
	list, err := all(func(req service.PageRequest) (service.Page[service.HoursOfOperation], error) {
		return a.svc.ListHoursOfOperations(a.sc, iid, req)
	})
	if err != nil {
		return err
	}
	have := byName(list, func(h service.HoursOfOperation) string { return h.Name }, func(h service.HoursOfOperation) string { return h.ID })
	for _, h := range a.s.Setup.Hours {
		if id := lookup(have, h.Name); id != "" {
			a.r.Hours[h.Name] = id
			continue
		}
		in := service.HoursInput{Name: &h.Name, Description: &h.Description, TimeZone: &h.TimeZone}
		for _, p := range h.Periods {
			for _, d := range p.Days {
				in.Config = append(in.Config, service.HoursConfig{Day: d, Start: hourMinute(p.Start), End: hourMinute(p.End)})
			}
		}
		created, err := a.svc.CreateHoursOfOperation(a.sc, iid, in)
		if err != nil {
			return fmt.Errorf("%s: %w", h.Name, err)
		}
		a.r.Hours[h.Name] = created.ID
		a.r.Created++
	}
	a.r.Hours[scenario.BasicHours] = lookup(have, scenario.BasicHours)
	return nil
}

func hourMinute(t scenario.TimeOfDay) service.HourMinute {
	m := int64(t.D().Minutes())
	return service.HourMinute{Hours: m / 60 % 24, Minutes: m % 60}
}

func (a *applier) hoursID(name string) string {
	for n, id := range a.r.Hours {
		if strings.EqualFold(n, name) {
			return id
		}
	}
	return ""
}

func (a *applier) queues() error {
	iid := a.r.InstanceID
	list, err := all(func(req service.PageRequest) (service.Page[service.Queue], error) {
		return a.svc.ListQueues(a.sc, iid, []string{"STANDARD"}, req)
	})
	if err != nil {
		return err
	}
	have := byName(list, func(q service.Queue) string { return q.Name }, func(q service.Queue) string { return q.ID })
	a.r.Queues[scenario.BasicQueue] = lookup(have, scenario.BasicQueue)
	for _, q := range a.s.Setup.Queues {
		if id := lookup(have, q.Name); id != "" {
			a.r.Queues[q.Name] = id
			continue
		}
		created, err := a.svc.CreateQueue(a.sc, iid, service.QueueInput{Name: q.Name, Description: q.Description,
			HoursOfOperationID: a.hoursID(q.Hours), MaxContacts: q.MaxContacts})
		if err != nil {
			return fmt.Errorf("%s: %w", q.Name, err)
		}
		a.r.Queues[q.Name] = created.ID
		a.r.Created++
	}
	return nil
}

// QueueID is the ID of a queue named in the scenario.
func (r *Result) QueueID(name string) string { return find(r.Queues, name) }

// ProfileID, StatusID, FlowID and UserID likewise.
func (r *Result) ProfileID(name string) string { return find(r.Profiles, name) }
func (r *Result) StatusID(name string) string  { return find(r.Statuses, name) }
func (r *Result) FlowID(name string) string    { return find(r.Flows, name) }
func (r *Result) UserID(name string) string    { return find(r.Users, name) }

func find(m map[string]string, name string) string {
	if id, ok := m[name]; ok {
		return id
	}
	for n, id := range m {
		if strings.EqualFold(n, name) {
			return id
		}
	}
	return ""
}

func (a *applier) statuses() error {
	iid := a.r.InstanceID
	list, err := all(func(req service.PageRequest) (service.Page[service.AgentStatus], error) {
		return a.svc.ListAgentStatuses(a.sc, iid, nil, req)
	})
	if err != nil {
		return err
	}
	have := byName(list, func(s service.AgentStatus) string { return s.Name }, func(s service.AgentStatus) string { return s.ID })
	for _, builtin := range []string{scenario.StatusAvailable, scenario.StatusOffline} {
		a.r.Statuses[builtin] = lookup(have, builtin)
	}
	for _, s := range a.s.Setup.AgentStatuses {
		if id := lookup(have, s.Name); id != "" {
			a.r.Statuses[s.Name] = id
			continue
		}
		state := service.StateEnabled
		if s.Disabled {
			state = service.StateDisabled
		}
		name, desc := s.Name, s.Description
		created, err := a.svc.CreateAgentStatus(a.sc, iid, service.AgentStatusInput{Name: &name, Description: &desc, State: &state})
		if err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
		a.r.Statuses[s.Name] = created.ID
		a.r.Created++
	}
	return nil
}

func (a *applier) attributes() error {
	iid := a.r.InstanceID
	list, err := all(func(req service.PageRequest) (service.Page[service.PredefinedAttribute], error) {
		return a.svc.ListPredefinedAttributes(a.sc, iid, req)
	})
	if err != nil {
		return err
	}
	have := byName(list, func(p service.PredefinedAttribute) string { return p.Name }, func(p service.PredefinedAttribute) string { return p.Name })
	for _, p := range a.s.Setup.PredefinedAttributes {
		if lookup(have, p.Name) != "" {
			continue
		}
		if err := a.svc.CreatePredefinedAttribute(a.sc, iid, p.Name, service.PredefinedAttributeInput{Values: p.Values}); err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		a.r.Created++
	}
	return nil
}

func (a *applier) profiles() error {
	iid := a.r.InstanceID
	list, err := all(func(req service.PageRequest) (service.Page[service.RoutingProfile], error) {
		return a.svc.ListRoutingProfiles(a.sc, iid, req)
	})
	if err != nil {
		return err
	}
	have := byName(list, func(p service.RoutingProfile) string { return p.Name }, func(p service.RoutingProfile) string { return p.ID })
	a.r.Profiles[scenario.BasicRoutingProfile] = lookup(have, scenario.BasicRoutingProfile)
	for _, p := range a.s.Setup.RoutingProfiles {
		if id := lookup(have, p.Name); id != "" {
			a.r.Profiles[p.Name] = id
			continue
		}
		in := service.RoutingProfileInput{Name: p.Name, Description: p.Description, DefaultOutboundQueueID: a.r.QueueID(p.DefaultOutboundQueue),
			AgentAvailabilityTimer: p.AvailabilityTimer}
		for _, ch := range []string{"VOICE", "CHAT", "TASK", "EMAIL"} {
			n, ok := p.Concurrency[ch]
			if !ok {
				continue
			}
			mc := service.MediaConcurrency{Channel: ch, Concurrency: n, CrossChannelBehavior: "ROUTE_CURRENT_CHANNEL_ONLY"}
			for _, x := range p.CrossChannel {
				if x == ch {
					mc.CrossChannelBehavior = "ROUTE_ANY_CHANNEL"
				}
			}
			in.MediaConcurrencies = append(in.MediaConcurrencies, mc)
		}
		for _, q := range p.Queues {
			in.QueueConfigs = append(in.QueueConfigs, service.QueueConfig{QueueID: a.r.QueueID(q.Queue), Channel: q.Channel,
				Priority: q.Priority, Delay: int64(q.Delay.D().Seconds())})
		}
		created, err := a.svc.CreateRoutingProfile(a.sc, iid, in)
		if err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		a.r.Profiles[p.Name] = created.ID
		a.r.Created++
	}
	return nil
}

func (a *applier) flows() error {
	iid := a.r.InstanceID
	list, err := all(func(req service.PageRequest) (service.Page[service.ContactFlow], error) {
		return a.svc.ListContactFlows(a.sc, iid, nil, req)
	})
	if err != nil {
		return err
	}
	have := byName(list, func(f service.ContactFlow) string { return f.Name }, func(f service.ContactFlow) string { return f.ID })
	for _, f := range list {
		a.r.Flows[f.Name] = f.ID
	}
	want := make([]scenario.Flow, 0, len(a.s.Setup.Flows))
	want = append(want, a.s.Setup.Flows...)
	if w := a.s.Workload; w != nil {
		for i := range w.ContactTypes {
			if name, content, ok := w.ContactTypes[i].GeneratedFlow(); ok {
				want = append(want, scenario.Flow{Name: name, Type: "CONTACT_FLOW", Description: "Generated for contact type " + w.ContactTypes[i].Name,
					Content: scenario.FlowContent(content)})
			}
		}
	}
	for _, f := range want {
		if id := lookup(have, f.Name); id != "" {
			a.r.Flows[f.Name] = id
			continue
		}
		created, err := a.svc.CreateContactFlow(a.sc, iid, service.ContactFlowInput{Name: f.Name, Type: f.Type, Description: f.Description, Content: string(f.Content)})
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		a.r.Flows[f.Name] = created.ID
		a.r.Created++
	}
	return nil
}

func (a *applier) users() error {
	iid := a.r.InstanceID
	list, err := all(func(req service.PageRequest) (service.Page[service.User], error) {
		return a.svc.ListUsers(a.sc, iid, req)
	})
	if err != nil {
		return err
	}
	have := byName(list, func(u service.User) string { return u.Username }, func(u service.User) string { return u.ID })
	sps, err := all(func(req service.PageRequest) (service.Page[service.SecurityProfile], error) {
		return a.svc.ListSecurityProfiles(a.sc, iid, req)
	})
	if err != nil {
		return err
	}
	security := byName(sps, func(p service.SecurityProfile) string { return p.Name }, func(p service.SecurityProfile) string { return p.ID })
	soft := "SOFT_PHONE"
	for _, g := range a.s.Setup.Users {
		var spIDs []string
		for _, name := range g.SecurityProfiles {
			spIDs = append(spIDs, lookup(security, name))
		}
		var profs []service.Proficiency
		for _, p := range g.Proficiencies {
			profs = append(profs, service.Proficiency{AttributeName: p.Attribute, AttributeValue: p.Value, Level: p.Level})
		}
		acw := int64(g.ACWLimit.D().Seconds())
		for n := 1; n <= g.Count; n++ {
			name := g.Name(n)
			if id := lookup(have, name); id != "" {
				a.r.Users[name] = id
				continue
			}
			u, err := a.svc.CreateUser(a.sc, iid, service.UserInput{Username: name, RoutingProfileID: a.r.ProfileID(g.RoutingProfile),
				SecurityProfileIDs: spIDs, IdentityInfo: service.IdentityInfoInput{FirstName: &name},
				PhoneConfig: service.PhoneConfigInput{PhoneType: &soft, AutoAccept: g.AutoAccept, AfterContactWorkTimeLimit: &acw}})
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if len(profs) > 0 {
				if err := a.svc.AssociateUserProficiencies(a.sc, iid, u.ID, profs); err != nil {
					return fmt.Errorf("%s proficiencies: %w", name, err)
				}
			}
			a.r.Users[name] = u.ID
			a.r.Created++
		}
	}
	return nil
}

// Quotas returns q raised, where needed, to hold the scenario's setup
// (users and queues, with the built-in BasicQueue).
func Quotas(s *scenario.Scenario, q service.Quotas) service.Quotas {
	users := 0
	for _, g := range s.Setup.Users {
		users += g.Count
	}
	if users > max(q.UsersPerInstance, service.DefaultUsersPerInstance) {
		q.UsersPerInstance = users
	}
	if n := len(s.Setup.Queues) + 1; n > max(q.QueuesPerInstance, service.DefaultQueuesPerInstance) {
		q.QueuesPerInstance = n
	}
	return q
}
