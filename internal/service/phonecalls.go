package service

import (
	"github.com/connect-local/connect-local/internal/flowres"
	"github.com/connect-local/connect-local/internal/phonepool"
	"github.com/connect-local/connect-local/internal/provisioning"
)

// Phone numbers are internal/provisioning's; these are the operations
// that reach beyond them: the flow associations they carry, and calls to
// them, which start contacts.

// ListFlowAssociations pages through an instance's flow associations:
// its phone numbers' flows (VOICE_PHONE_NUMBER); connect-local has no
// other resource type that carries one.
func (s *Service) ListFlowAssociations(sc Scope, instanceID, resourceType string, req PageRequest) (Page[FlowAssociation], error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[FlowAssociation]{}, err
	}
	defer st.Mu.RUnlock()
	var all []FlowAssociation
	if resourceType == "" || resourceType == "VOICE_PHONE_NUMBER" {
		for _, p := range provisioning.Phones(st.State) {
			if p.FlowID != "" {
				// FlowId carries the flow's ARN, as Connect answers it (the
				// Terraform provider matches it against the flow's ARN).
				flow := p.FlowID
				if f := st.Flows[p.FlowID]; f != nil {
					flow = f.ARN
				}
				all = append(all, FlowAssociation{ResourceID: p.ARN, ResourceType: "VOICE_PHONE_NUMBER", FlowID: flow})
			}
		}
	}
	all = append(all, flowres.StoredFlowAssociations(st.State, resourceType)...)
	req.Binding = "ListFlowAssociations|" + st.FixedID + "|" + resourceType
	return paginate(s, all, func(a FlowAssociation) string { return a.ResourceType + "|" + a.ResourceID }, req)
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
	provisioning.PhoneMu(s.Provisioning).Lock()
	p := provisioning.ClaimedIn(s.Provisioning, sc, toN)
	var instanceID, flowID string
	if p != nil && p.FlowID != "" && p.Status(s.clock.Now()) == "CLAIMED" {
		instanceID, flowID = p.InstanceID, p.FlowID
	}
	provisioning.PhoneMu(s.Provisioning).Unlock()
	if flowID == "" {
		return nil, notFound("No claimed phone number with a contact flow answers %s in this account and region.", toN)
	}
	return s.StartContact(sc, instanceID, StartContactInput{Channel: "VOICE", InitiationMethod: "INBOUND", FlowID: flowID,
		SystemEndpoint: toN, CustomerEndpoint: fromN})
}
