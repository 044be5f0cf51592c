package service

import (
	"github.com/connect-local/connect-local/internal/flowres"
	"github.com/connect-local/connect-local/internal/provisioning"
	"github.com/connect-local/connect-local/internal/reporting"
	"github.com/connect-local/connect-local/internal/routingconfig"
	"github.com/connect-local/connect-local/internal/streaming"
	"github.com/connect-local/connect-local/internal/testcases"
	"slices"
	"strings"

	"github.com/connect-local/connect-local/internal/storage"
)

// CreateInstanceInput is what CreateInstance takes.
type CreateInstanceInput struct {
	IdentityManagementType string
	Alias                  string
	DirectoryID            string
	InboundCallsEnabled    bool
	OutboundCallsEnabled   bool
	Tags                   map[string]string
}

// allBuckets lists every per-instance bucket, for deleting an instance.
var allBuckets = slices.Concat([]string{bucketHours, bucketQueues, bucketProfiles, bucketStatuses, bucketSecurity,
	bucketFlows, bucketUsers, bucketGroups, bucketContacts, bucketAgentStates, bucketQuick,
	bucketTranscripts, bucketSearchKeys,
}, provisioning.Buckets, routingconfig.Buckets, flowres.Buckets, testcases.Buckets, streaming.Buckets, []string{reporting.Bucket})

// CreateInstance creates an instance with the defaults real Connect creates:
// Basic Hours, BasicQueue, Basic Routing Profile, the Available and Offline
// statuses, the four security profiles and the default flows.
func (s *Service) CreateInstance(sc Scope, in CreateInstanceInput) (*Instance, error) {
	id := s.newID()
	inst := Instance{
		Scope: sc, ID: id, ARN: sc.ARN("instance/" + id), Alias: in.Alias,
		IdentityManagementType: in.IdentityManagementType, DirectoryID: in.DirectoryID,
		InboundCallsEnabled: in.InboundCallsEnabled, OutboundCallsEnabled: in.OutboundCallsEnabled,
		Status: "ACTIVE", CreatedTime: s.clock.Now(), Tags: cloneTags(in.Tags),
		ServiceRole: "arn:aws:iam::" + sc.Account + ":role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_" + strings.ReplaceAll(id, "-", "")[:20],
	}
	st := newInstanceState(inst)
	s.bind(st)
	s.addDefaults(st)
	// The new instance is locked before it is visible; the alias check and
	// the insert are one step under the map lock.
	st.Mu.Lock()
	defer st.Mu.Unlock()
	if err := s.core.Insert(st.State); err != nil {
		return nil, err
	}
	err := s.commit(st, func(tx storage.Tx) error {
		if err := putJSON(tx, bucketInstances, id, inst); err != nil {
			return err
		}
		return writeInstanceState(tx, st)
	}, nil)
	if err != nil {
		return nil, err
	}
	return &inst, nil
}

// writeInstanceState writes every child record of st.
func writeInstanceState(tx storage.Tx, st *instanceState) error {
	id := st.ID
	for _, r := range st.Hours {
		if err := putJSON(tx, bucketHours, childKey(id, r.ID), r); err != nil {
			return err
		}
	}
	for _, r := range st.Queues {
		if err := putJSON(tx, bucketQueues, childKey(id, r.ID), r); err != nil {
			return err
		}
	}
	for _, r := range st.Profiles {
		if err := putJSON(tx, bucketProfiles, childKey(id, r.ID), r); err != nil {
			return err
		}
	}
	for _, r := range st.Statuses {
		if err := putJSON(tx, bucketStatuses, childKey(id, r.ID), r); err != nil {
			return err
		}
	}
	for _, r := range st.Security {
		if err := putJSON(tx, bucketSecurity, childKey(id, r.ID), r); err != nil {
			return err
		}
	}
	for _, r := range st.Flows {
		if err := putJSON(tx, bucketFlows, childKey(id, r.ID), r); err != nil {
			return err
		}
	}
	return flowres.WritePrompts(tx, st.State)
}

// DescribeInstance returns the instance.
func (s *Service) DescribeInstance(sc Scope, instanceID string) (*Instance, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	in := st.Instance
	in.Tags = cloneTags(in.Tags)
	return &in, nil
}

// ListInstances pages through the caller's instances.
func (s *Service) ListInstances(sc Scope, req PageRequest) (Page[Instance], error) {
	var all []Instance
	for _, st := range s.allInstances() {
		if st.FixedScope != sc {
			continue
		}
		st.Mu.RLock()
		if !st.Deleted {
			all = append(all, st.Instance)
		}
		st.Mu.RUnlock()
	}
	req.Binding = "ListInstances|" + sc.Account + "|" + sc.Region
	req.DefaultMax = 10
	return paginate(s, all, func(i Instance) string { return i.ID }, req)
}

// DeleteInstance removes the instance and everything in it.
func (s *Service) DeleteInstance(sc Scope, instanceID string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	err = s.commit(st, func(tx storage.Tx) error {
		if err := tx.Delete(bucketInstances, st.ID); err != nil {
			return err
		}
		if err := tx.Delete(bucketStructure, st.ID); err != nil {
			return err
		}
		for _, b := range allBuckets {
			if err := tx.DeletePrefix(b, st.ID+"/"); err != nil {
				return err
			}
		}
		return nil
	}, func() {
		st.Eng.Stop()
		st.Deleted = true
		s.search.DropInstance(st.ID)
		for _, ix := range s.indexers {
			ix.DropInstance(st.ID)
		}
	})
	if err != nil {
		return err
	}
	// Out of the map only once the delete is durable: until then a failed
	// write's recovery finds it there, locks it and restores it.
	s.core.Remove(st.FixedID, st.State)
	return nil
}
