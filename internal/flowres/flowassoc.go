package flowres

import (
	"github.com/connect-local/connect-local/internal/instance"
	"sort"

	"github.com/connect-local/connect-local/internal/storage"
)

// Flow associations (AssociateFlow, DisassociateFlow, GetFlowAssociation,
// BatchGetFlowAssociation): which flow a resource's contacts start in,
// for the resource types of the model's FlowAssociationResourceType (SMS
// and WhatsApp numbers, email addresses, analytics connectors). Voice
// numbers keep their flow in their own record (phonenumbers.go);
// ListFlowAssociations answers both through flowAssociations, the one view
// of every association (docs/flows.md#flow-associations).

const bucketFlowAssocs = "flow-associations" // {i}/{resourceType}:{resourceId} → flowAssociationRecord; an ID may hold "/"

type flowAssociationRecord struct {
	ResourceType string `json:"resourceType"`
	ResourceID   string `json:"resourceId"`
	FlowID       string `json:"flowId"`
}

func (r *flowAssociationRecord) key() string { return r.ResourceType + ":" + r.ResourceID }

// assocResource checks that a resource exists where connect-local keeps
// it: SMS and WhatsApp numbers are the instance's phone numbers (by ID or
// ARN, answered as the ARN); the other types name resources connect-local
// does not hold, and are taken as given.
func (s *FlowRes) assocResource(sc instance.Scope, st *instance.State, resourceType, resourceID string) (string, error) {
	switch resourceType {
	case "SMS_PHONE_NUMBER", "WHATSAPP_MESSAGING_PHONE_NUMBER":
		if arn, ok := s.phoneARN(st, resourceID); ok {
			return arn, nil
		}
		return "", instance.NotFound("Phone number not found in instance %s: %s", st.ID, resourceID)
	}
	return resourceID, nil
}

// AssociateFlow makes a resource's contacts start in a flow of the instance.
func (s *FlowRes) AssociateFlow(sc instance.Scope, instanceID, resourceType, resourceID, flowID string) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	f, err := flows.Of(sc, st, flowID)
	if err != nil {
		return err
	}
	rid, err := s.assocResource(sc, st, resourceType, resourceID)
	if err != nil {
		return err
	}
	r := &flowAssociationRecord{ResourceType: resourceType, ResourceID: rid, FlowID: f.ID}
	return s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketFlowAssocs, instance.ChildKey(st.ID, r.key()), r)
	},
		func() { of(st).assocs[r.key()] = r })
}

func (s *FlowRes) assocOf(sc instance.Scope, st *instance.State, resourceType, resourceID string) (*flowAssociationRecord, error) {
	rid, err := s.assocResource(sc, st, resourceType, resourceID)
	if err == nil {
		if r := of(st).assocs[resourceType+":"+rid]; r != nil {
			return r, nil
		}
	}
	return nil, instance.NotFound("No flow is associated with %s %s.", resourceType, resourceID)
}

// DisassociateFlow removes a resource's flow.
func (s *FlowRes) DisassociateFlow(sc instance.Scope, instanceID, resourceType, resourceID string) error {
	st, unlock, err := s.writeInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer unlock()
	r, err := s.assocOf(sc, st, resourceType, resourceID)
	if err != nil {
		return err
	}
	return s.core.CommitData(st, func(tx storage.Tx) error { return tx.Delete(bucketFlowAssocs, instance.ChildKey(st.ID, r.key())) },
		func() { delete(of(st).assocs, r.key()) })
}

// GetFlowAssociations answers the associations of the resources that have
// one (BatchGetFlowAssociation; GetFlowAssociation with one ID, where
// none is ResourceNotFoundException).
func (s *FlowRes) GetFlowAssociations(sc instance.Scope, instanceID, resourceType string, resourceIDs []string, strict bool) ([]FlowAssociation, error) {
	st, unlock, err := s.readInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := []FlowAssociation{}
	for _, id := range resourceIDs {
		r, err := s.assocOf(sc, st, resourceType, id)
		if err != nil {
			if strict {
				return nil, err
			}
			continue
		}
		out = append(out, assocView(st, r))
	}
	return out, nil
}

// assocView answers an association with the flow's ARN, as Connect does.
func assocView(st *instance.State, r *flowAssociationRecord) FlowAssociation {
	flow := r.FlowID
	if f := st.Flows[r.FlowID]; f != nil {
		flow = f.ARN
	}
	return FlowAssociation{ResourceID: r.ResourceID, ResourceType: r.ResourceType, FlowID: flow}
}

// storedFlowAssociations lists the associations AssociateFlow made, of
// one type ("" for all). The caller holds st.Mu.
func storedFlowAssociations(st *instance.State, resourceType string) []FlowAssociation {
	var out []FlowAssociation
	for _, r := range of(st).assocs {
		if resourceType == "" || r.ResourceType == resourceType {
			out = append(out, assocView(st, r))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ResourceID < out[j].ResourceID })
	return out
}

// FlowAssociation is a resource whose contacts start in a flow.
type FlowAssociation struct {
	ResourceID, ResourceType, FlowID string
}
