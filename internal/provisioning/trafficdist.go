package provisioning

import (
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
	"strings"
	"time"
)

// Traffic distribution groups (docs/provisioning.md#traffic-distribution-groups).
//
// connect-local replicates no instance to another region, so a group only
// records what its owner asked for: GetTrafficDistribution reads back what
// UpdateTrafficDistribution stored, and no call is routed by it. A group's
// ARN is outside its instance (traffic-distribution-group/{id}, as AWS
// writes it); the operations that take only the group's ID or ARN find it
// in the caller's account and region.
//
// Decisions [INF]:
//   - A new group is CREATION_IN_PROGRESS for TrafficGroupActivation on the
//     server's clock, then ACTIVE; UpdateTrafficDistribution before then is
//     ResourceConflictException. DeleteTrafficDistributionGroup removes it
//     at once. No group is a default one (IsDefault false): defaults come
//     from ReplicateInstance, which connect-local does not do.
//   - A distribution names each region once, its instance's region among
//     them, with percentages summing to 100; at most 2 regions (the
//     instance's and one replica, as AWS allows).
//   - A user belongs to at most one group (another group's user is
//     ResourceConflictException); a group with users cannot be deleted
//     (ResourceInUseException); a deleted user leaves its group.
//   - Names are unique in an instance (ResourceConflictException); at most
//     QuotaTrafficGroups groups per instance (ServiceQuotaExceededException).
//   - Tags are set at creation and returned by Describe; TagResource does
//     not reach a group (its ARN is outside every instance).

// TrafficGroupActivation is how long a new group stays CREATION_IN_PROGRESS.
const TrafficGroupActivation = 30 * time.Second

// QuotaTrafficGroups is the most traffic distribution groups of an instance.
const QuotaTrafficGroups = 10

// RegionShare is one region's part of calls or agents, in percent.
type RegionShare struct {
	Region     string `json:"region"`
	Percentage int64  `json:"percentage"`
}

// SignInShare is whether agents sign in through one region.
type SignInShare struct {
	Region  string `json:"region"`
	Enabled bool   `json:"enabled"`
}

// TrafficDistributionGroup is a stored group.
type TrafficDistributionGroup struct {
	ID          string            `json:"id"`
	ARN         string            `json:"arn"`
	InstanceID  string            `json:"instanceId"`
	InstanceARN string            `json:"instanceArn"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
	ClientToken string            `json:"clientToken,omitempty"`
	Created     time.Time         `json:"created"`
	Telephony   []RegionShare     `json:"telephony,omitempty"`
	Agents      []RegionShare     `json:"agents,omitempty"`
	SignIn      []SignInShare     `json:"signIn,omitempty"`
	Users       []string          `json:"users,omitempty"`
	// Status is filled when the group is read (CREATION_IN_PROGRESS, ACTIVE).
	Status string `json:"-"`
	instance.Modified
}

var trafficGroups = instance.Family[TrafficDistributionGroup]{Bucket: bucketTrafficGroups, Kind: "traffic-distribution-group", Noun: "Traffic distribution group",
	Records: func(st *instance.State) map[string]*TrafficDistributionGroup { return of(st).tdgs },
	ID:      func(r *TrafficDistributionGroup) string { return r.ID },
	SetID: func(r *TrafficDistributionGroup, id, arn string) {
		// arn is …:instance/{i}/traffic-distribution-group/{id}; a group's is …:traffic-distribution-group/{id}.
		prefix, _, _ := strings.Cut(arn, ":instance/")
		r.ID, r.ARN = id, prefix+":traffic-distribution-group/"+id
	},
	Stamp: func(r *TrafficDistributionGroup, m instance.Modified) { r.Modified = m },
	Clone: func(r *TrafficDistributionGroup) *TrafficDistributionGroup {
		out := *r
		out.Users = slices.Clone(r.Users)
		return &out
	}}

// withStatus fills a copy's Status from the clock.
func (s *Provisioning) withStatus(g *TrafficDistributionGroup) *TrafficDistributionGroup {
	g.Status = "ACTIVE"
	if s.core.Clock.Now().Before(g.Created.Add(TrafficGroupActivation)) {
		g.Status = "CREATION_IN_PROGRESS"
	}
	return g
}

// trafficGroupInstance finds the instance holding a group, by the group's
// ID or ARN, in the caller's account and region; it returns the instance's
// ID and the group's.
func (s *Provisioning) trafficGroupInstance(sc instance.Scope, idOrARN string) (string, string, error) {
	id := idOrARN
	if strings.HasPrefix(idOrARN, "arn:") {
		a, ok := instance.ParseARN(idOrARN)
		rest, isGroup := strings.CutPrefix(a.Resource, "traffic-distribution-group/")
		if !ok || !isGroup || a.Scope != sc {
			return "", "", instance.NotFound("Traffic distribution group not found: %s", idOrARN)
		}
		id = rest
	}
	for _, st := range s.core.All() {
		if st.FixedScope != sc {
			continue
		}
		var found bool
		st.With(false, func() { found = of(st).tdgs[id] != nil })
		if found {
			return st.ID, id, nil
		}
	}
	return "", "", instance.NotFound("Traffic distribution group not found: %s", idOrARN)
}

// CreateTrafficDistributionGroup creates a group in an instance; a repeated
// ClientToken returns the group it made.
func (s *Provisioning) CreateTrafficDistributionGroup(sc instance.Scope, instanceID string, g TrafficDistributionGroup) (*TrafficDistributionGroup, error) {
	var again *TrafficDistributionGroup
	out, err := trafficGroups.Create(s.core, sc, instanceID, func(st *instance.State) (*TrafficDistributionGroup, error) {
		for _, o := range of(st).tdgs {
			if g.ClientToken != "" && o.ClientToken == g.ClientToken {
				again = trafficGroups.CopyOf(o)
				return nil, errAgain
			}
			if strings.EqualFold(o.Name, g.Name) {
				return nil, instance.NewErr(instance.KindConflict, "A traffic distribution group named %s already exists.", g.Name)
			}
		}
		if len(of(st).tdgs) >= QuotaTrafficGroups {
			return nil, instance.NewErr(instance.KindServiceQuotaExceeded, "An instance can have at most %d traffic distribution groups.", QuotaTrafficGroups)
		}
		n := g
		n.InstanceID, n.InstanceARN, n.Created, n.Tags, n.Users = st.ID, st.ARN, s.core.Clock.Now(), instance.CloneTags(g.Tags), nil
		region := sc.Region
		n.Telephony = []RegionShare{{Region: region, Percentage: 100}}
		n.Agents = []RegionShare{{Region: region, Percentage: 100}}
		n.SignIn = []SignInShare{{Region: region, Enabled: true}}
		return &n, nil
	})
	if again != nil {
		return s.withStatus(again), nil
	}
	if err != nil {
		return nil, err
	}
	return s.withStatus(out), nil
}

// errAgain ends a create that found its ClientToken's record.
var errAgain = instance.NewErr(instance.KindConflict, "repeated client token")

// DescribeTrafficDistributionGroup returns one group.
func (s *Provisioning) DescribeTrafficDistributionGroup(sc instance.Scope, idOrARN string) (*TrafficDistributionGroup, error) {
	iid, id, err := s.trafficGroupInstance(sc, idOrARN)
	if err != nil {
		return nil, err
	}
	g, err := trafficGroups.Describe(s.core, sc, iid, id)
	if err != nil {
		return nil, err
	}
	return s.withStatus(g), nil
}

// DeleteTrafficDistributionGroup deletes a group that has no users.
func (s *Provisioning) DeleteTrafficDistributionGroup(sc instance.Scope, idOrARN string) error {
	iid, id, err := s.trafficGroupInstance(sc, idOrARN)
	if err != nil {
		return err
	}
	return trafficGroups.Remove(s.core, sc, iid, id, func(st *instance.State, g *TrafficDistributionGroup) error {
		if n := len(liveUsers(st, g)); n > 0 {
			return instance.InUse("TRAFFIC_DISTRIBUTION_GROUP", g.ID, "Traffic distribution group %s has %d users.", g.ID, n)
		}
		return nil
	})
}

// liveUsers is a group's users that still exist.
func liveUsers(st *instance.State, g *TrafficDistributionGroup) []string {
	return slices.DeleteFunc(slices.Clone(g.Users), func(id string) bool { return st.Users[id] == nil })
}

// ListTrafficDistributionGroups pages through the groups of one instance,
// or of every instance of the caller's account and region.
func (s *Provisioning) ListTrafficDistributionGroups(sc instance.Scope, instanceID string, req instance.PageRequest) (instance.Page[TrafficDistributionGroup], error) {
	if instanceID != "" {
		p, err := trafficGroups.List(s.core, sc, instanceID, func(i string) string { return "ListTrafficDistributionGroups|" + i }, nil, req)
		for i := range p.Items {
			s.withStatus(&p.Items[i])
		}
		return p, err
	}
	var all []TrafficDistributionGroup
	for _, st := range s.core.All() {
		if st.FixedScope == sc {
			st.With(false, func() { all = append(all, instance.Values(of(st).tdgs)...) })
		}
	}
	for i := range all {
		s.withStatus(&all[i])
	}
	req.Binding = "ListTrafficDistributionGroups|"
	return instance.Paginate(s.core, all, func(g TrafficDistributionGroup) string { return g.ID }, req)
}

// AssociateTrafficDistributionGroupUser adds a user of the group's
// instance to the group (associate) or takes one out.
func (s *Provisioning) AssociateTrafficDistributionGroupUser(sc instance.Scope, instanceID, groupIDOrARN, userID string, associate bool) error {
	iid, id, err := s.trafficGroupInstance(sc, groupIDOrARN)
	if err != nil {
		return err
	}
	if st, err := s.core.Lookup(sc, instanceID); err != nil || st.ID != iid {
		return instance.NotFound("Traffic distribution group %s is not in instance %s.", groupIDOrARN, instanceID)
	}
	return trafficGroups.Update(s.core, sc, iid, id, func(st *instance.State, g *TrafficDistributionGroup) error {
		u, err := users.Of(sc, st, userID)
		if err != nil {
			return err
		}
		if !associate {
			if !slices.Contains(g.Users, u.ID) {
				return instance.NotFound("User %s is not in traffic distribution group %s.", userID, g.ID)
			}
			g.Users = slices.DeleteFunc(g.Users, func(x string) bool { return x == u.ID })
			return nil
		}
		for _, o := range of(st).tdgs {
			if o.ID != g.ID && slices.Contains(liveUsers(st, o), u.ID) {
				return instance.NewErr(instance.KindConflict, "User %s is in traffic distribution group %s.", userID, o.ID)
			}
		}
		if !slices.Contains(g.Users, u.ID) {
			g.Users = append(liveUsers(st, g), u.ID)
		}
		return nil
	})
}

// TrafficDistributionGroupUsers pages through a group's users.
func (s *Provisioning) TrafficDistributionGroupUsers(sc instance.Scope, groupIDOrARN string, req instance.PageRequest) (instance.Page[string], error) {
	iid, id, err := s.trafficGroupInstance(sc, groupIDOrARN)
	if err != nil {
		return instance.Page[string]{}, err
	}
	st, err := s.core.RLock(sc, iid)
	if err != nil {
		return instance.Page[string]{}, err
	}
	defer st.Mu.RUnlock()
	g, err := trafficGroups.Of(sc, st, id)
	if err != nil {
		return instance.Page[string]{}, err
	}
	req.Binding = "ListTrafficDistributionGroupUsers|" + g.ID
	return instance.Paginate(s.core, liveUsers(st, g), func(u string) string { return u }, req)
}

// TrafficDistributionInput is UpdateTrafficDistribution's input; a nil
// slice leaves that part as it is.
type TrafficDistributionInput struct {
	Telephony, Agents []RegionShare
	SignIn            []SignInShare
}

// UpdateTrafficDistribution replaces the parts of a group's distribution
// that are given.
func (s *Provisioning) UpdateTrafficDistribution(sc instance.Scope, groupIDOrARN string, in TrafficDistributionInput) error {
	iid, id, err := s.trafficGroupInstance(sc, groupIDOrARN)
	if err != nil {
		return err
	}
	return trafficGroups.Update(s.core, sc, iid, id, func(st *instance.State, g *TrafficDistributionGroup) error {
		if s.withStatus(&TrafficDistributionGroup{Created: g.Created}).Status != "ACTIVE" {
			return instance.NewErr(instance.KindConflict, "Traffic distribution group %s is CREATION_IN_PROGRESS.", g.ID)
		}
		for _, part := range []struct {
			name   string
			shares []RegionShare
		}{{"TelephonyConfig", in.Telephony}, {"AgentConfig", in.Agents}} {
			if part.shares == nil {
				continue
			}
			regions := make([]string, len(part.shares))
			var sum int64
			for i, d := range part.shares {
				regions[i], sum = d.Region, sum+d.Percentage
			}
			if err := checkRegions(part.name, st.FixedScope.Region, regions); err != nil {
				return err
			}
			if sum != 100 {
				return instance.InvalidRequest("%s: the percentages add up to %d, not 100.", part.name, sum)
			}
		}
		if in.SignIn != nil {
			regions := make([]string, len(in.SignIn))
			for i, d := range in.SignIn {
				regions[i] = d.Region
			}
			if err := checkRegions("SignInConfig", st.FixedScope.Region, regions); err != nil {
				return err
			}
			g.SignIn = slices.Clone(in.SignIn)
		}
		if in.Telephony != nil {
			g.Telephony = slices.Clone(in.Telephony)
		}
		if in.Agents != nil {
			g.Agents = slices.Clone(in.Agents)
		}
		return nil
	})
}

// checkRegions: each region once, the instance's among them, at most two.
func checkRegions(part, home string, regions []string) error {
	if len(regions) > 2 {
		return instance.InvalidRequest("%s: at most 2 regions (the instance's and its replica's).", part)
	}
	for i, r := range regions {
		if slices.Contains(regions[:i], r) {
			return instance.InvalidRequest("%s: region %s appears twice.", part, r)
		}
	}
	if !slices.Contains(regions, home) {
		return instance.InvalidRequest("%s must include the instance's region %s.", part, home)
	}
	return nil
}

// users finds a user of the instance (internal/service owns users).
var users = instance.Family[instance.User]{Kind: "agent", Noun: "User",
	Records: func(st *instance.State) map[string]*instance.User { return st.Users }}
