package service

import (
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
func (p *PhoneNumber) TargetARN(sc Scope) string { return sc.ARN("instance/" + p.InstanceID) }

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

func (s *Service) phoneTarget(sc Scope, t PhoneTarget) (*instanceState, error) {
	switch {
	case t.InstanceID != "" && t.TargetARN != "":
		return nil, invalidParam("Give InstanceId or TargetArn, not both.")
	case t.TargetARN != "":
		if strings.Contains(t.TargetARN, ":traffic-distribution-group/") {
			return nil, notFound("Traffic distribution group not found: %s", t.TargetARN)
		}
		return s.instance(sc, t.TargetARN)
	case t.InstanceID != "":
		return s.instance(sc, t.InstanceID)
	}
	return nil, invalidParam("InstanceId or TargetArn is required.")
}

// claimedIn says whether number is held anywhere in scope sc.
func (s *Service) claimedIn(sc Scope, number string) *PhoneNumber {
	for _, st := range s.instances {
		if st.Scope != sc {
			continue
		}
		for _, p := range st.phones {
			if p.Number == number {
				return p
			}
		}
	}
	return nil
}

// phoneOf finds a number by ID or ARN in scope sc, with its instance.
func (s *Service) phoneOf(sc Scope, idOrARN string) (*instanceState, *PhoneNumber, error) {
	id := idOrARN
	if strings.HasPrefix(idOrARN, "arn:") {
		a, ok := parseARN(idOrARN)
		rest, isPhone := strings.CutPrefix(a.Resource, "phone-number/")
		if !ok || !isPhone || a.Scope != sc {
			return nil, nil, notFound("Phone number not found: %s", idOrARN)
		}
		id = rest
	}
	for _, st := range s.instances {
		if p := st.phones[id]; st.Scope == sc && p != nil {
			return st, p, nil
		}
	}
	return nil, nil, notFound("Phone number not found: %s", idOrARN)
}

// AvailablePhoneNumbers pages through pool numbers of country and type
// not claimed in the caller's account and region.
func (s *Service) AvailablePhoneNumbers(sc Scope, t PhoneTarget, country, typ, prefix string, req PageRequest) (Page[phonepool.Number], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, err := s.phoneTarget(sc, t)
	if err != nil {
		return Page[phonepool.Number]{}, err
	}
	binding := "SearchAvailablePhoneNumbers|" + st.ID + "|" + country + "|" + typ + "|" + prefix
	after := ""
	if req.NextToken != "" {
		if after, err = s.readToken(req.NextToken, binding); err != nil {
			return Page[phonepool.Number]{}, err
		}
	}
	max := req.MaxResults
	if max <= 0 {
		max = 10
	}
	items, more := phonepool.Available(country, typ, prefix, func(n string) bool { return s.claimedIn(sc, n) != nil }, after, max)
	p := Page[phonepool.Number]{Items: items}
	if more && len(items) > 0 {
		p.NextToken = s.makeToken(binding, items[len(items)-1].E164)
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
func (s *Service) ClaimPhoneNumber(sc Scope, in ClaimPhoneNumberInput) (*PhoneNumber, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.phoneTarget(sc, in.Target)
	if err != nil {
		return nil, err
	}
	n, ok := phonepool.Normalize(in.Number)
	pn, inPool := phonepool.Lookup(n)
	if !ok || !inPool {
		return nil, invalidParam("Phone number %s is not available to claim (connect-local offers only the numbers SearchAvailablePhoneNumbers lists).", in.Number)
	}
	if held := s.claimedIn(sc, n); held != nil {
		if in.ClientToken != "" && held.ClientToken == in.ClientToken {
			out := *held
			return &out, nil
		}
		return nil, invalidParam("Phone number %s is not available: it is already claimed.", n)
	}
	return s.addPhone(sc, st, PhoneNumber{Number: n, Country: pn.Country, Type: pn.Type, Description: in.Description,
		ClientToken: in.ClientToken, Tags: in.Tags})
}

// ImportPhoneNumber imports a number held by AWS End User Messaging
// (its phone-number ARN in the caller's account and region). connect-local
// has no such service: the number imported is the next free US DID of the
// pool, typed THIRD_PARTY_DID (docs/phone-numbers.md#lifecycle).
func (s *Service) ImportPhoneNumber(sc Scope, in ClaimPhoneNumberInput) (*PhoneNumber, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := s.phoneTarget(sc, in.Target)
	if err != nil {
		return nil, err
	}
	parts := strings.SplitN(in.SourceARN, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sms-voice" || !strings.HasPrefix(parts[5], "phone-number/") {
		return nil, invalidParam("SourcePhoneNumberArn must be an AWS End User Messaging phone number ARN (arn:aws:sms-voice:REGION:ACCOUNT:phone-number/ID).")
	}
	if parts[3] != sc.Region || parts[4] != sc.Account {
		return nil, notFound("Phone number not found: %s", in.SourceARN)
	}
	for _, o := range s.instances {
		for _, p := range o.phones {
			if o.Scope == sc && p.SourceARN == in.SourceARN {
				if in.ClientToken != "" && p.ClientToken == in.ClientToken {
					out := *p
					return &out, nil
				}
				return nil, invalidParam("%s is already imported.", in.SourceARN)
			}
		}
	}
	free, _ := phonepool.Available("US", phonepool.DID, "", func(n string) bool { return s.claimedIn(sc, n) != nil }, "", 1)
	if len(free) == 0 {
		return nil, invalidRequest("The pool of fictional US numbers is exhausted in this account and region.")
	}
	return s.addPhone(sc, st, PhoneNumber{Number: free[0].E164, Country: "US", Type: phonepool.ThirdPartyDID,
		Description: in.Description, SourceARN: in.SourceARN, ClientToken: in.ClientToken, Tags: in.Tags})
}

func (s *Service) addPhone(sc Scope, st *instanceState, p PhoneNumber) (*PhoneNumber, error) {
	p.ID = s.newID()
	p.ARN = sc.ARN("phone-number/" + p.ID)
	p.InstanceID = st.ID
	p.Tags = cloneTags(p.Tags)
	p.ReadyAt = s.clock.Now().Add(ClaimDelay)
	err := s.commitData(st, func(tx storage.Tx) error { return putJSON(tx, bucketPhones, childKey(st.ID, p.ID), &p) },
		func() { st.phones[p.ID] = &p })
	if err != nil {
		return nil, err
	}
	out := p
	return &out, nil
}

// DescribePhoneNumber returns one number of the caller's account and region.
func (s *Service) DescribePhoneNumber(sc Scope, idOrARN string) (*PhoneNumber, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, p, err := s.phoneOf(sc, idOrARN)
	if err != nil {
		return nil, err
	}
	out := *p
	return &out, nil
}

// updatePhone stores a changed copy of p, moving it between instances
// when change sets another InstanceID.
func (s *Service) updatePhone(st *instanceState, p *PhoneNumber, change func(*PhoneNumber) *instanceState) (*PhoneNumber, error) {
	n := *p
	dst := change(&n)
	if dst == nil {
		dst = st
	}
	n.InstanceID = dst.ID
	err := s.commitData(st, func(tx storage.Tx) error {
		if dst != st {
			if err := tx.Delete(bucketPhones, childKey(st.ID, n.ID)); err != nil {
				return err
			}
		}
		return putJSON(tx, bucketPhones, childKey(dst.ID, n.ID), &n)
	}, func() {
		delete(st.phones, n.ID)
		dst.phones[n.ID] = &n
	})
	if err != nil {
		return nil, err
	}
	out := n
	return &out, nil
}

// UpdatePhoneNumber moves a number to another instance of the caller's
// account and region; it is IN_PROGRESS again for ClaimDelay and loses
// its flow association (the flow belongs to the old instance) [INF].
func (s *Service) UpdatePhoneNumber(sc Scope, idOrARN string, t PhoneTarget) (*PhoneNumber, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, p, err := s.phoneOf(sc, idOrARN)
	if err != nil {
		return nil, err
	}
	dst, err := s.phoneTarget(sc, t)
	if err != nil {
		return nil, err
	}
	if p.Status(s.clock.Now()) != "CLAIMED" {
		return nil, inUse("PHONE_NUMBER", p.ARN, "Phone number %s is still being claimed.", p.Number)
	}
	return s.updatePhone(st, p, func(n *PhoneNumber) *instanceState {
		if dst != st {
			n.FlowID = ""
			n.ReadyAt = s.clock.Now().Add(ClaimDelay)
		}
		return dst
	})
}

// UpdatePhoneNumberMetadata sets a number's description.
func (s *Service) UpdatePhoneNumberMetadata(sc Scope, idOrARN, description string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, p, err := s.phoneOf(sc, idOrARN)
	if err != nil {
		return err
	}
	_, err = s.updatePhone(st, p, func(n *PhoneNumber) *instanceState { n.Description = description; return nil })
	return err
}

// ReleasePhoneNumber gives a number back to the pool at once [INF: AWS
// keeps a released number from its account for a cool-down].
func (s *Service) ReleasePhoneNumber(sc Scope, idOrARN string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, p, err := s.phoneOf(sc, idOrARN)
	if err != nil {
		return err
	}
	if p.Status(s.clock.Now()) != "CLAIMED" {
		return inUse("PHONE_NUMBER", p.ARN, "Phone number %s is still being claimed.", p.Number)
	}
	return s.commitData(st, func(tx storage.Tx) error { return tx.Delete(bucketPhones, childKey(st.ID, p.ID)) },
		func() { delete(st.phones, p.ID) })
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
func (s *Service) ListPhoneNumbers(sc Scope, t PhoneTarget, f PhoneFilter, req PageRequest) (Page[PhoneNumber], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var sts []*instanceState
	if t != (PhoneTarget{}) {
		st, err := s.phoneTarget(sc, t)
		if err != nil {
			return Page[PhoneNumber]{}, err
		}
		sts = []*instanceState{st}
	} else {
		for _, st := range s.instances {
			if st.Scope == sc {
				sts = append(sts, st)
			}
		}
	}
	var all []PhoneNumber
	for _, st := range sts {
		for _, p := range st.phones {
			if f.keep(p) {
				all = append(all, *p)
			}
		}
	}
	req.Binding = "ListPhoneNumbers|" + sc.Account + "|" + sc.Region + "|" + t.InstanceID + "|" + t.TargetARN + "|" +
		strings.Join(f.Countries, ",") + "|" + strings.Join(f.Types, ",") + "|" + f.Prefix
	return paginate(s, all, func(p PhoneNumber) string { return p.ID }, req)
}

// AssociatePhoneNumberContactFlow routes the number's calls to a flow of
// its instance.
func (s *Service) AssociatePhoneNumberContactFlow(sc Scope, instanceID, phoneID, flowID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, p, err := s.phoneIn(sc, instanceID, phoneID)
	if err != nil {
		return err
	}
	fid, ok := resolveID(sc, st.ID, "contact-flow", flowID)
	if !ok || st.flows[fid] == nil {
		return notFound("Contact flow not found: %s", flowID)
	}
	_, err = s.updatePhone(st, p, func(n *PhoneNumber) *instanceState { n.FlowID = fid; return nil })
	return err
}

// DisassociatePhoneNumberContactFlow removes the number's flow.
func (s *Service) DisassociatePhoneNumberContactFlow(sc Scope, instanceID, phoneID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, p, err := s.phoneIn(sc, instanceID, phoneID)
	if err != nil {
		return err
	}
	if p.FlowID == "" {
		return notFound("Phone number %s has no contact flow.", p.Number)
	}
	_, err = s.updatePhone(st, p, func(n *PhoneNumber) *instanceState { n.FlowID = ""; return nil })
	return err
}

// phoneIn finds a number that belongs to instance instanceID.
func (s *Service) phoneIn(sc Scope, instanceID, phoneID string) (*instanceState, *PhoneNumber, error) {
	st, err := s.instance(sc, instanceID)
	if err != nil {
		return nil, nil, err
	}
	pst, p, err := s.phoneOf(sc, phoneID)
	if err != nil || pst != st {
		return nil, nil, notFound("Phone number not found in instance %s: %s", st.ID, phoneID)
	}
	return st, p, nil
}

// FlowAssociation is a resource whose contacts start in a flow.
type FlowAssociation struct {
	ResourceID, ResourceType, FlowID string
}

// ListFlowAssociations pages through an instance's flow associations:
// its phone numbers' flows (VOICE_PHONE_NUMBER); connect-local has no
// other resource type that carries one.
func (s *Service) ListFlowAssociations(sc Scope, instanceID, resourceType string, req PageRequest) (Page[FlowAssociation], error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st, err := s.instance(sc, instanceID)
	if err != nil {
		return Page[FlowAssociation]{}, err
	}
	var all []FlowAssociation
	if resourceType == "" || resourceType == "VOICE_PHONE_NUMBER" {
		for _, p := range st.phones {
			if p.FlowID != "" {
				all = append(all, FlowAssociation{ResourceID: p.ARN, ResourceType: "VOICE_PHONE_NUMBER", FlowID: p.FlowID})
			}
		}
	}
	req.Binding = "ListFlowAssociations|" + st.ID + "|" + resourceType
	return paginate(s, all, func(a FlowAssociation) string { return a.ResourceID }, req)
}

// PlaceCall is a customer calling number to from from: a claimed number of
// the caller's account and region with a flow starts an INBOUND voice
// contact in its instance, through that flow. Any other number (unknown,
// released, still being claimed, without a flow) is not found.
func (s *Service) PlaceCall(sc Scope, to, from string) (*Contact, error) {
	toN, ok1 := phonepool.Normalize(to)
	fromN, ok2 := phonepool.Normalize(from)
	if !ok1 || !ok2 {
		return nil, invalidParam("To and From must be phone numbers in E.164 form (+ and up to 15 digits).")
	}
	s.mu.RLock()
	p := s.claimedIn(sc, toN)
	var instanceID, flowID string
	if p != nil && p.FlowID != "" && p.Status(s.clock.Now()) == "CLAIMED" {
		instanceID, flowID = p.InstanceID, p.FlowID
	}
	s.mu.RUnlock()
	if flowID == "" {
		return nil, notFound("No claimed phone number with a contact flow answers %s in this account and region.", toN)
	}
	return s.StartContact(sc, instanceID, StartContactInput{Channel: "VOICE", InitiationMethod: "INBOUND", FlowID: flowID,
		SystemEndpoint: toN, CustomerEndpoint: fromN})
}
