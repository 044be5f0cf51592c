package routingconfig

import (
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
	"strings"
)

// QuotaRoutingProfilesPerInstance is the routing-profiles-per-instance
// quota (docs/quotas.md#resource-quotas, current).
const QuotaRoutingProfilesPerInstance = 500

// QuotaQueuesPerRoutingProfile is the (queue, channel) pairs one routing
// profile may hold (docs/routing.md#routing-profiles).
const QuotaQueuesPerRoutingProfile = 50

// maxConcurrency is, per channel, the most contacts an agent may work at
// once (docs/routing.md#routing-profiles; EMAIL as the model allows).
var maxConcurrency = map[string]int64{"VOICE": 1, "CHAT": 10, "TASK": 10, "EMAIL": 10}

// RoutingProfileInput is what CreateRoutingProfile takes. Queue IDs may be
// ARNs.
type RoutingProfileInput struct {
	Name                   string
	Description            string
	DefaultOutboundQueueID string
	MediaConcurrencies     []instance.MediaConcurrency
	QueueConfigs           []instance.QueueConfig
	AgentAvailabilityTimer string // "" means TIME_SINCE_LAST_ACTIVITY
	Tags                   map[string]string
}

// QueueRef names one (queue, channel) pair of a routing profile.
type QueueRef struct {
	QueueID string
	Channel string
}

func queueRef(c instance.QueueConfig) QueueRef { return QueueRef{c.QueueID, c.Channel} }

// RoutingProfileDetail is a routing profile with the counts Describe reports.
type RoutingProfileDetail struct {
	instance.RoutingProfile
	InstanceID      string
	AssociatedUsers int
}

// ErrManualAssignment answers requests that name manual-assignment queues,
// which connect-local does not model: refusing them beats dropping them.
var ErrManualAssignment = instance.InvalidRequest("Manual assignment queues are not supported by connect-local.")

// ProfileQueue is one queue configuration of a routing profile, with the
// queue's name and ARN.
type ProfileQueue struct {
	instance.QueueConfig
	QueueName string
	QueueARN  string
}

// checkConcurrencies validates a MediaConcurrencies list (one entry per
// channel, within the channel's bounds) and fills in the default
// cross-channel behaviour.
func checkConcurrencies(mcs []instance.MediaConcurrency) ([]instance.MediaConcurrency, error) {
	if len(mcs) == 0 {
		return nil, instance.InvalidParam("MediaConcurrencies must enable at least one channel.")
	}
	out := make([]instance.MediaConcurrency, 0, len(mcs))
	for _, mc := range mcs {
		max, ok := maxConcurrency[mc.Channel]
		if !ok {
			return nil, instance.InvalidParam("Channel %s is not supported.", mc.Channel)
		}
		if slices.ContainsFunc(out, func(o instance.MediaConcurrency) bool { return o.Channel == mc.Channel }) {
			return nil, instance.InvalidParam("Channel %s appears more than once in MediaConcurrencies.", mc.Channel)
		}
		if mc.Concurrency < 1 || mc.Concurrency > max {
			return nil, instance.InvalidParam("Concurrency for channel %s must be between 1 and %d.", mc.Channel, max)
		}
		if mc.CrossChannelBehavior == "" {
			mc.CrossChannelBehavior = "ROUTE_CURRENT_CHANNEL_ONLY"
		}
		out = append(out, mc)
	}
	return out, nil
}

// resolveRefs turns queue IDs or ARNs into bare IDs of existing queues
// (ResourceNotFoundException otherwise). A pair named twice in one request
// is a malformed request, so InvalidParameterException (docs/errors.md#errors-per-operation treats
// in-request duplicates of proficiencies the same way).
func (s *RoutingConfig) resolveRefs(sc instance.Scope, st *instance.State, refs []QueueRef) ([]QueueRef, error) {
	out := make([]QueueRef, 0, len(refs))
	for _, r := range refs {
		q, err := s.queueOf(sc, st, r.QueueID)
		if err != nil {
			return nil, err
		}
		if _, ok := maxConcurrency[r.Channel]; !ok {
			return nil, instance.InvalidParam("Channel %s is not supported.", r.Channel)
		}
		n := QueueRef{q.ID, r.Channel}
		if slices.Contains(out, n) {
			return nil, instance.InvalidParam("Queue %s on channel %s appears more than once in the request.", r.QueueID, r.Channel)
		}
		out = append(out, n)
	}
	return out, nil
}

func (s *RoutingConfig) resolveQueueConfigs(sc instance.Scope, st *instance.State, cfgs []instance.QueueConfig) ([]instance.QueueConfig, error) {
	refs := make([]QueueRef, len(cfgs))
	for i, c := range cfgs {
		refs[i] = queueRef(c)
	}
	refs, err := s.resolveRefs(sc, st, refs)
	if err != nil {
		return nil, err
	}
	out := make([]instance.QueueConfig, len(cfgs))
	for i, c := range cfgs {
		out[i] = instance.QueueConfig{QueueID: refs[i].QueueID, Channel: refs[i].Channel, Priority: c.Priority, Delay: c.Delay}
	}
	return out, nil
}

func checkQueueQuota(n int) error {
	if n > QuotaQueuesPerRoutingProfile {
		return instance.LimitExceeded("A routing profile can hold at most %d queue-channel pairs.", QuotaQueuesPerRoutingProfile)
	}
	return nil
}

func checkProfileName(st *instance.State, selfID, name string) error {
	for _, p := range st.Profiles {
		if p.ID != selfID && strings.EqualFold(p.Name, name) {
			return instance.Duplicate("A routing profile named %s already exists.", name)
		}
	}
	return nil
}

func (s *RoutingConfig) profileOf(sc instance.Scope, st *instance.State, idOrARN string) (*instance.RoutingProfile, error) {
	return profileFamily.Of(sc, st, idOrARN)
}

func cloneProfile(p *instance.RoutingProfile) *instance.RoutingProfile {
	out := *p
	out.MediaConcurrencies = slices.Clone(p.MediaConcurrencies)
	out.QueueConfigs = slices.Clone(p.QueueConfigs)
	out.Tags = instance.CloneTags(p.Tags)
	return &out
}

// CreateRoutingProfile creates a routing profile. Every queue it names must
// exist; names are unique per instance, ignoring case.
func (s *RoutingConfig) CreateRoutingProfile(sc instance.Scope, instanceID string, in RoutingProfileInput) (*instance.RoutingProfile, error) {
	return profileFamily.Create(s.core, sc, instanceID, func(st *instance.State) (*instance.RoutingProfile, error) {
		mcs, err := checkConcurrencies(in.MediaConcurrencies)
		if err != nil {
			return nil, err
		}
		out, err := s.queueOf(sc, st, in.DefaultOutboundQueueID)
		if err != nil {
			return nil, err
		}
		cfgs, err := s.resolveQueueConfigs(sc, st, in.QueueConfigs)
		if err != nil {
			return nil, err
		}
		if err := checkQueueQuota(len(cfgs)); err != nil {
			return nil, err
		}
		if err := checkProfileName(st, "", in.Name); err != nil {
			return nil, err
		}
		if len(st.Profiles) >= QuotaRoutingProfilesPerInstance {
			return nil, instance.LimitExceeded("The instance already has %d routing profiles, the quota.", QuotaRoutingProfilesPerInstance)
		}
		p := &instance.RoutingProfile{Name: in.Name, Description: in.Description, DefaultOutboundQueueID: out.ID,
			MediaConcurrencies: mcs, QueueConfigs: cfgs, AgentAvailabilityTimer: in.AgentAvailabilityTimer, Tags: instance.CloneTags(in.Tags)}
		if p.AgentAvailabilityTimer == "" {
			p.AgentAvailabilityTimer = "TIME_SINCE_LAST_ACTIVITY"
		}
		return p, nil
	})
}

// DescribeRoutingProfile returns one routing profile and how many users
// it is assigned to.
func (s *RoutingConfig) DescribeRoutingProfile(sc instance.Scope, instanceID, profileID string) (*RoutingProfileDetail, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	p, err := s.profileOf(sc, st, profileID)
	if err != nil {
		return nil, err
	}
	d := &RoutingProfileDetail{RoutingProfile: *cloneProfile(p), InstanceID: st.ID}
	for _, u := range st.Users {
		if u.RoutingProfileID == p.ID {
			d.AssociatedUsers++
		}
	}
	return d, nil
}

// ListRoutingProfiles pages through an instance's routing profiles.
func (s *RoutingConfig) ListRoutingProfiles(sc instance.Scope, instanceID string, req instance.PageRequest) (instance.Page[instance.RoutingProfile], error) {
	return profileFamily.List(s.core, sc, instanceID, func(id string) string { return "ListRoutingProfiles|" + id }, nil, req)
}

// ListRoutingProfileQueues pages through a profile's queue configurations,
// ordered by queue ID then channel. It also returns the profile's
// last-modified stamp.
func (s *RoutingConfig) ListRoutingProfileQueues(sc instance.Scope, instanceID, profileID string, req instance.PageRequest) (instance.Page[ProfileQueue], instance.Modified, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[ProfileQueue]{}, instance.Modified{}, err
	}
	defer st.Mu.RUnlock()
	p, err := s.profileOf(sc, st, profileID)
	if err != nil {
		return instance.Page[ProfileQueue]{}, instance.Modified{}, err
	}
	all := make([]ProfileQueue, 0, len(p.QueueConfigs))
	for _, c := range p.QueueConfigs {
		pq := ProfileQueue{QueueConfig: c}
		if q := st.Queues[c.QueueID]; q != nil {
			pq.QueueName, pq.QueueARN = q.Name, q.ARN
		}
		all = append(all, pq)
	}
	req.Binding = "ListRoutingProfileQueues|" + st.ID + "|" + p.ID
	page, err := instance.Paginate(s.core, all, func(q ProfileQueue) string { return q.QueueID + "/" + q.Channel }, req)
	return page, p.Modified, err
}

// DeleteRoutingProfile deletes a routing profile no user is assigned.
func (s *RoutingConfig) DeleteRoutingProfile(sc instance.Scope, instanceID, profileID string) error {
	return profileFamily.Remove(s.core, sc, instanceID, profileID, func(st *instance.State, p *instance.RoutingProfile) error {
		for _, u := range st.Users {
			if u.RoutingProfileID == p.ID {
				return instance.InUse("", p.ARN, "Routing profile %s is assigned to user %s.", p.Name, u.Username)
			}
		}
		return nil
	})
}

// updateProfile applies change to a copy of the profile and stores it.
func (s *RoutingConfig) updateProfile(sc instance.Scope, instanceID, profileID string, change func(st *instance.State, p *instance.RoutingProfile) error) error {
	return profileFamily.Update(s.core, sc, instanceID, profileID, change)
}

// AssociateRoutingProfileQueues adds (queue, channel) pairs to a profile.
//
// A pair the profile already holds is rejected with InvalidRequestException:
// the request is well formed but conflicts with the profile's current state
// (docs/errors.md#exception-catalog), as re-associating a held proficiency is (docs/errors.md#errors-per-operation). Going
// past QuotaQueuesPerRoutingProfile is LimitExceededException.
func (s *RoutingConfig) AssociateRoutingProfileQueues(sc instance.Scope, instanceID, profileID string, cfgs []instance.QueueConfig) error {
	return s.updateProfile(sc, instanceID, profileID, func(st *instance.State, p *instance.RoutingProfile) error {
		if len(cfgs) == 0 {
			return instance.InvalidParam("QueueConfigs must name at least one queue.")
		}
		add, err := s.resolveQueueConfigs(sc, st, cfgs)
		if err != nil {
			return err
		}
		for _, c := range add {
			if queueIndex(p, queueRef(c)) >= 0 {
				return instance.InvalidRequest("Queue %s on channel %s is already associated with the routing profile.", c.QueueID, c.Channel)
			}
		}
		if err := checkQueueQuota(len(p.QueueConfigs) + len(add)); err != nil {
			return err
		}
		p.QueueConfigs = append(p.QueueConfigs, add...)
		return nil
	})
}

func queueIndex(p *instance.RoutingProfile, r QueueRef) int {
	return slices.IndexFunc(p.QueueConfigs, func(c instance.QueueConfig) bool { return queueRef(c) == r })
}

// DisassociateRoutingProfileQueues removes (queue, channel) pairs. A pair
// the profile does not hold is InvalidRequestException, the mirror of
// Associate.
func (s *RoutingConfig) DisassociateRoutingProfileQueues(sc instance.Scope, instanceID, profileID string, refs []QueueRef) error {
	return s.updateProfile(sc, instanceID, profileID, func(st *instance.State, p *instance.RoutingProfile) error {
		if len(refs) == 0 {
			return instance.InvalidParam("QueueReferences must name at least one queue.")
		}
		del, err := s.resolveRefs(sc, st, refs)
		if err != nil {
			return err
		}
		for _, r := range del {
			i := queueIndex(p, r)
			if i < 0 {
				return instance.InvalidRequest("Queue %s on channel %s is not associated with the routing profile.", r.QueueID, r.Channel)
			}
			p.QueueConfigs = slices.Delete(p.QueueConfigs, i, i+1)
		}
		return nil
	})
}

// UpdateRoutingProfileQueues changes the priority and delay of pairs the
// profile already holds; a pair it does not hold is InvalidRequestException.
func (s *RoutingConfig) UpdateRoutingProfileQueues(sc instance.Scope, instanceID, profileID string, cfgs []instance.QueueConfig) error {
	return s.updateProfile(sc, instanceID, profileID, func(st *instance.State, p *instance.RoutingProfile) error {
		upd, err := s.resolveQueueConfigs(sc, st, cfgs)
		if err != nil {
			return err
		}
		for _, c := range upd {
			i := queueIndex(p, queueRef(c))
			if i < 0 {
				return instance.InvalidRequest("Queue %s on channel %s is not associated with the routing profile.", c.QueueID, c.Channel)
			}
			p.QueueConfigs[i] = c
		}
		return nil
	})
}

// UpdateRoutingProfileConcurrency replaces the profile's channels: a channel
// left out of the list is disabled, as on create.
func (s *RoutingConfig) UpdateRoutingProfileConcurrency(sc instance.Scope, instanceID, profileID string, mcs []instance.MediaConcurrency) error {
	return s.updateProfile(sc, instanceID, profileID, func(_ *instance.State, p *instance.RoutingProfile) error {
		checked, err := checkConcurrencies(mcs)
		if err != nil {
			return err
		}
		p.MediaConcurrencies = checked
		return nil
	})
}

// UpdateRoutingProfileDefaultOutboundQueue points the profile at another
// (existing) queue for outbound calls.
func (s *RoutingConfig) UpdateRoutingProfileDefaultOutboundQueue(sc instance.Scope, instanceID, profileID, queueID string) error {
	return s.updateProfile(sc, instanceID, profileID, func(st *instance.State, p *instance.RoutingProfile) error {
		q, err := s.queueOf(sc, st, queueID)
		if err != nil {
			return err
		}
		p.DefaultOutboundQueueID = q.ID
		return nil
	})
}

// UpdateRoutingProfileName changes the name and/or description.
func (s *RoutingConfig) UpdateRoutingProfileName(sc instance.Scope, instanceID, profileID string, name, description *string) error {
	return s.updateProfile(sc, instanceID, profileID, func(st *instance.State, p *instance.RoutingProfile) error {
		if name == nil && description == nil {
			return instance.InvalidParam("Either Name or Description must be provided.")
		}
		if name != nil {
			if err := checkProfileName(st, p.ID, *name); err != nil {
				return err
			}
			p.Name = *name
		}
		if description != nil {
			p.Description = *description
		}
		return nil
	})
}

// UpdateRoutingProfileAgentAvailabilityTimer chooses the idle clock used to
// rank the profile's agents (docs/routing.md#agent-selection).
func (s *RoutingConfig) UpdateRoutingProfileAgentAvailabilityTimer(sc instance.Scope, instanceID, profileID, timer string) error {
	return s.updateProfile(sc, instanceID, profileID, func(_ *instance.State, p *instance.RoutingProfile) error {
		p.AgentAvailabilityTimer = timer
		return nil
	})
}
