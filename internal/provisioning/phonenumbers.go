package provisioning

import (
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/phonepool"
	"github.com/connect-local/connect-local/internal/storage"
)

// Phone numbers (docs/phone-numbers.md). A number is claimed from the
// fictional pool (internal/phonepool) into an instance of the caller's
// account and region, where it is stored ({i}/{phoneNumberId}); it stays
// IN_PROGRESS for ClaimDelay on the service clock, then is CLAIMED. A
// claimed number with an associated flow takes calls
// (POST /_local/calls, PlaceCall). A number is unique in its account and
// region; other accounts never see it.

// ClaimDelay is how long a claim stays IN_PROGRESS [INF].
const ClaimDelay = 2 * time.Second

// PhoneNumber is a claimed or imported number.
type PhoneNumber struct {
	ID          string            `json:"id"`
	ARN         string            `json:"arn"`
	Number      string            `json:"number"`
	Country     string            `json:"country"`
	Type        string            `json:"type"`
	Description string            `json:"description,omitempty"`
	InstanceID  string            `json:"instanceId"`
	SourceARN   string            `json:"sourceArn,omitempty"`
	FlowID      string            `json:"flowId,omitempty"`
	ClientToken string            `json:"clientToken,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
	ReadyAt     time.Time         `json:"readyAt"`
}

// TargetARN is the ARN of the instance the number belongs to.
func (p *PhoneNumber) TargetARN(sc instance.Scope) string { return sc.ARN("instance/" + p.InstanceID) }

// Status is IN_PROGRESS until the claim settles, then CLAIMED.
func (p *PhoneNumber) Status(now time.Time) string {
	if now.Before(p.ReadyAt) {
		return "IN_PROGRESS"
	}
	return "CLAIMED"
}

// PhoneTarget names where a number goes: an instance by ID, or by ARN
// (TargetArn). Exactly one is set.
type PhoneTarget struct{ InstanceID, TargetARN string }

func (s *Provisioning) phoneTarget(sc instance.Scope, t PhoneTarget) (*instance.State, error) {
	switch {
	case t.InstanceID != "" && t.TargetARN != "":
		return nil, instance.InvalidParam("Give InstanceId or TargetArn, not both.")
	case t.TargetARN != "":
		if strings.Contains(t.TargetARN, ":traffic-distribution-group/") {
			return nil, instance.NotFound("Traffic distribution group not found: %s", t.TargetARN)
		}
		return s.core.Lookup(sc, t.TargetARN)
	case t.InstanceID != "":
		return s.core.Lookup(sc, t.InstanceID)
	}
	return nil, instance.InvalidParam("InstanceId or TargetArn is required.")
}

// Phone numbers belong to the account and region, and each is held in one
// instance. Every phone-number operation holds s.phoneMu, so claims stay
// unique across instances and a number moves atomically; it reads each
// instance's numbers under that instance's lock, one at a time, and
// writes under the lock of the instance (or, for a move, the two
// instances, in ID order) it changes.

// eachPhone calls fn for every number of the caller's scope with its
// instance, each instance read-locked in turn, until fn returns false.
func (s *Provisioning) eachPhone(sc instance.Scope, fn func(st *instance.State, p *PhoneNumber) bool) {
	for _, st := range s.core.All() {
		if st.FixedScope != sc {
			continue
		}
		st.Mu.RLock()
		more := true
		if !st.Deleted {
			for _, p := range of(st).phones {
				if more = fn(st, p); !more {
					break
				}
			}
		}
		st.Mu.RUnlock()
		if !more {
			return
		}
	}
}

// claimedIn says whether number is held anywhere in scope sc. The caller
// holds s.phoneMu.
func (s *Provisioning) claimedIn(sc instance.Scope, number string) *PhoneNumber {
	var found *PhoneNumber
	s.eachPhone(sc, func(_ *instance.State, p *PhoneNumber) bool {
		if p.Number == number {
			found = p
		}
		return found == nil
	})
	return found
}

// phoneOf finds a number by ID or ARN in scope sc, with its instance
// (unlocked). The caller holds s.phoneMu.
func (s *Provisioning) phoneOf(sc instance.Scope, idOrARN string) (*instance.State, *PhoneNumber, error) {
	id := idOrARN
	if strings.HasPrefix(idOrARN, "arn:") {
		a, ok := instance.ParseARN(idOrARN)
		rest, isPhone := strings.CutPrefix(a.Resource, "phone-number/")
		if !ok || !isPhone || a.Scope != sc {
			return nil, nil, instance.NotFound("Phone number not found: %s", idOrARN)
		}
		id = rest
	}
	var st *instance.State
	var found *PhoneNumber
	s.eachPhone(sc, func(o *instance.State, p *PhoneNumber) bool {
		if p.ID == id {
			st, found = o, p
		}
		return found == nil
	})
	if found == nil {
		return nil, nil, instance.NotFound("Phone number not found: %s", idOrARN)
	}
	return st, found, nil
}

// lockPhones write-locks st (and dst when it is another instance, in ID
// order) and checks that p is still st's; the returned unlock releases
// both. The caller holds s.phoneMu.
func (s *Provisioning) lockPhones(st, dst *instance.State, p *PhoneNumber) (unlock func(), err error) {
	locks := []*instance.State{st}
	if dst != nil && dst != st {
		locks = append(locks, dst)
		slices.SortFunc(locks, func(a, b *instance.State) int { return strings.Compare(a.FixedID, b.FixedID) })
	}
	for _, l := range locks {
		l.Mu.Lock()
	}
	unlock = func() {
		for _, l := range locks {
			l.Mu.Unlock()
		}
	}
	for _, l := range locks {
		if l.Deleted {
			unlock()
			return nil, instance.NotFound("Instance not found: %s", l.FixedID)
		}
	}
	if p != nil && of(st).phones[p.ID] != p {
		unlock()
		return nil, instance.NotFound("Phone number not found: %s", p.ID)
	}
	return unlock, nil
}

// AvailablePhoneNumbers pages through pool numbers of country and type
// not claimed in the caller's account and region.
func (s *Provisioning) AvailablePhoneNumbers(sc instance.Scope, t PhoneTarget, country, typ, prefix string, req instance.PageRequest) (instance.Page[phonepool.Number], error) {
	s.phoneMu.Lock()
	defer s.phoneMu.Unlock()
	st, err := s.phoneTarget(sc, t)
	if err != nil {
		return instance.Page[phonepool.Number]{}, err
	}
	binding := "SearchAvailablePhoneNumbers|" + st.FixedID + "|" + country + "|" + typ + "|" + prefix
	after := ""
	if req.NextToken != "" {
		if after, err = s.core.ReadToken(req.NextToken, binding); err != nil {
			return instance.Page[phonepool.Number]{}, err
		}
	}
	max := req.MaxResults
	if max <= 0 {
		max = 10
	}
	items, more := phonepool.Available(country, typ, prefix, func(n string) bool { return s.claimedIn(sc, n) != nil }, after, max)
	p := instance.Page[phonepool.Number]{Items: items}
	if more && len(items) > 0 {
		p.NextToken = s.core.MakeToken(binding, items[len(items)-1].E164)
	}
	return p, nil
}

// ClaimPhoneNumberInput is what ClaimPhoneNumber and ImportPhoneNumber take.
type ClaimPhoneNumberInput struct {
	Target      PhoneTarget
	Number      string // Claim
	SourceARN   string // Import
	Description string
	ClientToken string
	Tags        map[string]string
}

// ClaimPhoneNumber claims a pool number into an instance. A repeated
// ClientToken for the same number answers the first claim.
func (s *Provisioning) ClaimPhoneNumber(sc instance.Scope, in ClaimPhoneNumberInput) (*PhoneNumber, error) {
	s.phoneMu.Lock()
	defer s.phoneMu.Unlock()
	st, err := s.phoneTarget(sc, in.Target)
	if err != nil {
		return nil, err
	}
	n, ok := phonepool.Normalize(in.Number)
	pn, inPool := phonepool.Lookup(n)
	if !ok || !inPool {
		return nil, instance.InvalidParam("Phone number %s is not available to claim (connect-local offers only the numbers SearchAvailablePhoneNumbers lists).", in.Number)
	}
	if held := s.claimedIn(sc, n); held != nil {
		if in.ClientToken != "" && held.ClientToken == in.ClientToken {
			out := *held
			return &out, nil
		}
		return nil, instance.InvalidParam("Phone number %s is not available: it is already claimed.", n)
	}
	return s.addPhone(sc, st, PhoneNumber{Number: n, Country: pn.Country, Type: pn.Type, Description: in.Description,
		ClientToken: in.ClientToken, Tags: in.Tags})
}

// ImportPhoneNumber imports a number held by AWS End User Messaging
// (its phone-number ARN in the caller's account and region). connect-local
// has no such service: the number imported is the next free US DID of the
// pool, typed THIRD_PARTY_DID (docs/phone-numbers.md#lifecycle).
func (s *Provisioning) ImportPhoneNumber(sc instance.Scope, in ClaimPhoneNumberInput) (*PhoneNumber, error) {
	s.phoneMu.Lock()
	defer s.phoneMu.Unlock()
	st, err := s.phoneTarget(sc, in.Target)
	if err != nil {
		return nil, err
	}
	parts := strings.SplitN(in.SourceARN, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sms-voice" || !strings.HasPrefix(parts[5], "phone-number/") {
		return nil, instance.InvalidParam("SourcePhoneNumberArn must be an AWS End User Messaging phone number ARN (arn:aws:sms-voice:REGION:ACCOUNT:phone-number/ID).")
	}
	if parts[3] != sc.Region || parts[4] != sc.Account {
		return nil, instance.NotFound("Phone number not found: %s", in.SourceARN)
	}
	var imported *PhoneNumber
	s.eachPhone(sc, func(_ *instance.State, p *PhoneNumber) bool {
		if p.SourceARN == in.SourceARN {
			imported = p
		}
		return imported == nil
	})
	if p := imported; p != nil {
		if in.ClientToken != "" && p.ClientToken == in.ClientToken {
			out := *p
			return &out, nil
		}
		return nil, instance.InvalidParam("%s is already imported.", in.SourceARN)
	}
	free, _ := phonepool.Available("US", phonepool.DID, "", func(n string) bool { return s.claimedIn(sc, n) != nil }, "", 1)
	if len(free) == 0 {
		return nil, instance.InvalidRequest("The pool of fictional US numbers is exhausted in this account and region.")
	}
	return s.addPhone(sc, st, PhoneNumber{Number: free[0].E164, Country: "US", Type: phonepool.ThirdPartyDID,
		Description: in.Description, SourceARN: in.SourceARN, ClientToken: in.ClientToken, Tags: in.Tags})
}

func (s *Provisioning) addPhone(sc instance.Scope, st *instance.State, p PhoneNumber) (*PhoneNumber, error) {
	p.ID = s.core.NewID()
	p.ARN = sc.ARN("phone-number/" + p.ID)
	p.InstanceID = st.FixedID
	p.Tags = instance.CloneTags(p.Tags)
	p.ReadyAt = s.core.Clock.Now().Add(ClaimDelay)
	unlock, err := s.lockPhones(st, nil, nil)
	if err != nil {
		return nil, err
	}
	defer unlock()
	err = s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketPhones, instance.ChildKey(st.FixedID, p.ID), &p)
	},
		func() { of(st).phones[p.ID] = &p })
	if err != nil {
		return nil, err
	}
	out := p
	return &out, nil
}

// DescribePhoneNumber returns one number of the caller's account and region.
func (s *Provisioning) DescribePhoneNumber(sc instance.Scope, idOrARN string) (*PhoneNumber, error) {
	s.phoneMu.Lock()
	defer s.phoneMu.Unlock()
	_, p, err := s.phoneOf(sc, idOrARN)
	if err != nil {
		return nil, err
	}
	out := *p
	return &out, nil
}

// updatePhone stores a changed copy of p, moving it between instances
// when change returns another instance. The caller holds s.phoneMu; st
// and the destination are locked here.
func (s *Provisioning) updatePhone(st *instance.State, p *PhoneNumber, change func(*PhoneNumber) *instance.State) (*PhoneNumber, error) {
	n := *p
	dst := change(&n)
	if dst == nil {
		dst = st
	}
	n.InstanceID = dst.FixedID
	unlock, err := s.lockPhones(st, dst, p)
	if err != nil {
		return nil, err
	}
	write := func(tx storage.Tx) error {
		if dst != st {
			if err := tx.Delete(bucketPhones, instance.ChildKey(st.FixedID, n.ID)); err != nil {
				return err
			}
		}
		return instance.PutJSON(tx, bucketPhones, instance.ChildKey(dst.FixedID, n.ID), &n)
	}
	apply := func() {
		delete(of(st).phones, n.ID)
		of(dst).phones[n.ID] = &n
	}
	if dst == st {
		err = s.core.CommitData(st, write, apply)
		unlock()
	} else {
		err = s.core.CommitPair(st, dst, write, apply, unlock)
	}
	if err != nil {
		return nil, err
	}
	out := n
	return &out, nil
}

// UpdatePhoneNumber moves a number to another instance of the caller's
// account and region; it is IN_PROGRESS again for ClaimDelay and loses
// its flow association (the flow belongs to the old instance) [INF].
func (s *Provisioning) UpdatePhoneNumber(sc instance.Scope, idOrARN string, t PhoneTarget) (*PhoneNumber, error) {
	s.phoneMu.Lock()
	defer s.phoneMu.Unlock()
	st, p, err := s.phoneOf(sc, idOrARN)
	if err != nil {
		return nil, err
	}
	dst, err := s.phoneTarget(sc, t)
	if err != nil {
		return nil, err
	}
	if p.Status(s.core.Clock.Now()) != "CLAIMED" {
		return nil, instance.InUse("PHONE_NUMBER", p.ARN, "Phone number %s is still being claimed.", p.Number)
	}
	return s.updatePhone(st, p, func(n *PhoneNumber) *instance.State {
		if dst != st {
			n.FlowID = ""
			n.ReadyAt = s.core.Clock.Now().Add(ClaimDelay)
		}
		return dst
	})
}

// UpdatePhoneNumberMetadata sets a number's description.
func (s *Provisioning) UpdatePhoneNumberMetadata(sc instance.Scope, idOrARN, description string) error {
	s.phoneMu.Lock()
	defer s.phoneMu.Unlock()
	st, p, err := s.phoneOf(sc, idOrARN)
	if err != nil {
		return err
	}
	_, err = s.updatePhone(st, p, func(n *PhoneNumber) *instance.State { n.Description = description; return nil })
	return err
}

// ReleasePhoneNumber gives a number back to the pool at once [INF: AWS
// keeps a released number from its account for a cool-down].
func (s *Provisioning) ReleasePhoneNumber(sc instance.Scope, idOrARN string) error {
	s.phoneMu.Lock()
	defer s.phoneMu.Unlock()
	st, p, err := s.phoneOf(sc, idOrARN)
	if err != nil {
		return err
	}
	if p.Status(s.core.Clock.Now()) != "CLAIMED" {
		return instance.InUse("PHONE_NUMBER", p.ARN, "Phone number %s is still being claimed.", p.Number)
	}
	unlock, err := s.lockPhones(st, nil, p)
	if err != nil {
		return err
	}
	defer unlock()
	return s.core.CommitData(st, func(tx storage.Tx) error { return tx.Delete(bucketPhones, instance.ChildKey(st.FixedID, p.ID)) },
		func() { delete(of(st).phones, p.ID) })
}

// PhoneFilter selects numbers for ListPhoneNumbers(V2).
type PhoneFilter struct {
	Countries, Types []string
	Prefix           string
}

func (f PhoneFilter) keep(p *PhoneNumber) bool {
	prefix := f.Prefix
	if prefix != "" && !strings.HasPrefix(prefix, "+") {
		prefix = "+" + prefix
	}
	return (len(f.Countries) == 0 || slices.Contains(f.Countries, p.Country)) &&
		(len(f.Types) == 0 || slices.Contains(f.Types, p.Type)) && strings.HasPrefix(p.Number, prefix)
}

// ListPhoneNumbers pages through the numbers of one instance, or (with
// no target) of every instance of the caller's account and region.
func (s *Provisioning) ListPhoneNumbers(sc instance.Scope, t PhoneTarget, f PhoneFilter, req instance.PageRequest) (instance.Page[PhoneNumber], error) {
	s.phoneMu.Lock()
	defer s.phoneMu.Unlock()
	var only *instance.State
	if t != (PhoneTarget{}) {
		st, err := s.phoneTarget(sc, t)
		if err != nil {
			return instance.Page[PhoneNumber]{}, err
		}
		only = st
	}
	var all []PhoneNumber
	s.eachPhone(sc, func(st *instance.State, p *PhoneNumber) bool {
		if (only == nil || st == only) && f.keep(p) {
			all = append(all, *p)
		}
		return true
	})
	req.Binding = "ListPhoneNumbers|" + sc.Account + "|" + sc.Region + "|" + t.InstanceID + "|" + t.TargetARN + "|" +
		strings.Join(f.Countries, ",") + "|" + strings.Join(f.Types, ",") + "|" + f.Prefix
	return instance.Paginate(s.core, all, func(p PhoneNumber) string { return p.ID }, req)
}

// AssociatePhoneNumberContactFlow routes the number's calls to a flow of
// its instance.
func (s *Provisioning) AssociatePhoneNumberContactFlow(sc instance.Scope, instanceID, phoneID, flowID string) error {
	s.phoneMu.Lock()
	defer s.phoneMu.Unlock()
	st, p, err := s.phoneIn(sc, instanceID, phoneID)
	if err != nil {
		return err
	}
	fid, ok := instance.ResolveID(sc, st.FixedID, "contact-flow", flowID)
	st.Mu.RLock()
	known := st.Flows[fid] != nil
	st.Mu.RUnlock()
	if !ok || !known {
		return instance.NotFound("Contact flow not found: %s", flowID)
	}
	_, err = s.updatePhone(st, p, func(n *PhoneNumber) *instance.State { n.FlowID = fid; return nil })
	return err
}

// DisassociatePhoneNumberContactFlow removes the number's flow.
func (s *Provisioning) DisassociatePhoneNumberContactFlow(sc instance.Scope, instanceID, phoneID string) error {
	s.phoneMu.Lock()
	defer s.phoneMu.Unlock()
	st, p, err := s.phoneIn(sc, instanceID, phoneID)
	if err != nil {
		return err
	}
	if p.FlowID == "" {
		return instance.NotFound("Phone number %s has no contact flow.", p.Number)
	}
	_, err = s.updatePhone(st, p, func(n *PhoneNumber) *instance.State { n.FlowID = ""; return nil })
	return err
}

// phoneIn finds a number that belongs to instance instanceID.
func (s *Provisioning) phoneIn(sc instance.Scope, instanceID, phoneID string) (*instance.State, *PhoneNumber, error) {
	st, err := s.core.Lookup(sc, instanceID)
	if err != nil {
		return nil, nil, err
	}
	pst, p, err := s.phoneOf(sc, phoneID)
	if err != nil || pst != st {
		return nil, nil, instance.NotFound("Phone number not found in instance %s: %s", st.FixedID, phoneID)
	}
	return st, p, nil
}
