package streaming

import (
	"encoding/json"
	"github.com/connect-local/connect-local/internal/instance"
	"strings"

	"github.com/connect-local/connect-local/internal/outbox"
	"github.com/connect-local/connect-local/internal/storage"
)

// Instance storage configurations (docs/events.md#configuration): where an
// instance's contact records and agent events go. CONTACT_TRACE_RECORDS
// and AGENT_EVENTS on a Kinesis stream or Firehose are delivered; every
// other resource type is stored and listed only.

// Resource types that stream.
const (
	ResourceCTR         = "CONTACT_TRACE_RECORDS"
	ResourceAgentEvents = "AGENT_EVENTS"
)

// StorageConfig is one association of a resource type with a storage.
type StorageConfig struct {
	AssociationID string              `json:"associationId"`
	ResourceType  string              `json:"resourceType"`
	StorageType   string              `json:"storageType"`
	StreamARN     string              `json:"streamArn,omitempty"`
	FirehoseARN   string              `json:"firehoseArn,omitempty"`
	S3            *S3StorageConfig    `json:"s3,omitempty"`
	KinesisVideo  *VideoStorageConfig `json:"kinesisVideo,omitempty"`
}

// S3StorageConfig is an S3 storage's settings.
type S3StorageConfig struct {
	BucketName   string             `json:"bucketName"`
	BucketPrefix string             `json:"bucketPrefix"`
	Encryption   *StorageEncryption `json:"encryption,omitempty"`
}

// VideoStorageConfig is a Kinesis Video Streams storage's settings.
type VideoStorageConfig struct {
	Prefix               string             `json:"prefix"`
	RetentionPeriodHours int64              `json:"retentionPeriodHours"`
	Encryption           *StorageEncryption `json:"encryption,omitempty"`
}

// StorageEncryption is a storage's encryption settings.
type StorageEncryption struct {
	EncryptionType string `json:"encryptionType"`
	KeyID          string `json:"keyId"`
}

const bucketStorageConfigs = "instance-storage-configs" // {i}/{associationId} → StorageConfig

// kind is the outbox destination kind of a streaming config ("" for
// one that does not stream).
func (c *StorageConfig) kind() string {
	if c.ResourceType != ResourceCTR && c.ResourceType != ResourceAgentEvents {
		return ""
	}
	switch c.StorageType {
	case "KINESIS_STREAM":
		return outbox.Kinesis
	case "KINESIS_FIREHOSE":
		return outbox.Firehose
	}
	return ""
}

func (c *StorageConfig) target() string {
	if c.StorageType == "KINESIS_FIREHOSE" {
		return c.FirehoseARN
	}
	return c.StreamARN
}

// validate checks a config against its resource and storage types.
func (c *StorageConfig) validate() error {
	switch c.StorageType {
	case "S3":
		if c.S3 == nil {
			return instance.InvalidRequest("StorageType S3 needs S3Config.")
		}
	case "KINESIS_VIDEO_STREAM":
		if c.KinesisVideo == nil {
			return instance.InvalidRequest("StorageType KINESIS_VIDEO_STREAM needs KinesisVideoStreamConfig.")
		}
	case "KINESIS_STREAM":
		if !validStreamARN(c.StreamARN, "kinesis", "stream/") {
			return instance.InvalidRequest("StorageType KINESIS_STREAM needs KinesisStreamConfig.StreamArn, a Kinesis stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME).")
		}
	case "KINESIS_FIREHOSE":
		if !validStreamARN(c.FirehoseARN, "firehose", "deliverystream/") {
			return instance.InvalidRequest("StorageType KINESIS_FIREHOSE needs KinesisFirehoseConfig.FirehoseArn, a Firehose ARN (arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME).")
		}
	default:
		return instance.InvalidRequest("Unsupported StorageType %s.", c.StorageType)
	}
	if (c.ResourceType == ResourceCTR || c.ResourceType == ResourceAgentEvents) && c.kind() == "" {
		return instance.InvalidRequest("Resource type %s is stored on KINESIS_STREAM or KINESIS_FIREHOSE, not %s.", c.ResourceType, c.StorageType)
	}
	return nil
}

func validStreamARN(arn, service, resource string) bool {
	parts := strings.SplitN(arn, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && parts[2] == service && parts[3] != "" &&
		strings.HasPrefix(parts[5], resource) && len(parts[5]) > len(resource) && !strings.Contains(parts[5][len(resource):], "/")
}

// AssociateInstanceStorageConfig adds a storage config; for
// CONTACT_TRACE_RECORDS and AGENT_EVENTS records are produced from the
// next change on (when the server has an endpoint for the kind).
func (s *Streaming) AssociateInstanceStorageConfig(sc instance.Scope, instanceID string, in StorageConfig) (string, error) {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return "", err
	}
	defer st.Mu.Unlock()
	if err := in.validate(); err != nil {
		return "", err
	}
	if in.kind() != "" {
		for _, c := range streamState(st).configs {
			if c.ResourceType == in.ResourceType {
				return "", instance.NewErr(instance.KindConflict, "Instance %s already has a storage config for %s (association %s).", st.ID, c.ResourceType, c.AssociationID)
			}
		}
	}
	c := in
	c.AssociationID = s.core.NewID()
	err = s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketStorageConfigs, instance.ChildKey(st.ID, c.AssociationID), &c)
	}, func() {
		streamState(st).configs[c.AssociationID] = &c
		s.armHeartbeat(st)
	})
	return c.AssociationID, err
}

func (s *Streaming) storageConfigOf(st *instance.State, resourceType, associationID string) (*StorageConfig, error) {
	if c := streamState(st).configs[associationID]; c != nil && c.ResourceType == resourceType {
		return c, nil
	}
	return nil, instance.NotFound("Storage config %s for %s not found.", associationID, resourceType)
}

// DescribeInstanceStorageConfig returns one storage config.
func (s *Streaming) DescribeInstanceStorageConfig(sc instance.Scope, instanceID, resourceType, associationID string) (*StorageConfig, error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	c, err := s.storageConfigOf(st, resourceType, associationID)
	if err != nil {
		return nil, err
	}
	out := *c
	return &out, nil
}

// UpdateInstanceStorageConfig replaces a config's storage. Records
// already produced go where they were produced for; new ones go to the
// new storage.
func (s *Streaming) UpdateInstanceStorageConfig(sc instance.Scope, instanceID, resourceType, associationID string, in StorageConfig) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	old, err := s.storageConfigOf(st, resourceType, associationID)
	if err != nil {
		return err
	}
	c := in
	c.AssociationID, c.ResourceType = old.AssociationID, old.ResourceType
	if err := c.validate(); err != nil {
		return err
	}
	return s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketStorageConfigs, instance.ChildKey(st.ID, c.AssociationID), &c)
	}, func() {
		streamState(st).configs[c.AssociationID] = &c
		s.armHeartbeat(st)
	})
}

// DisassociateInstanceStorageConfig removes a config; records already
// produced for it are still delivered.
func (s *Streaming) DisassociateInstanceStorageConfig(sc instance.Scope, instanceID, resourceType, associationID string) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	c, err := s.storageConfigOf(st, resourceType, associationID)
	if err != nil {
		return err
	}
	return s.core.CommitData(st, func(tx storage.Tx) error {
		return tx.Delete(bucketStorageConfigs, instance.ChildKey(st.ID, c.AssociationID))
	}, func() { delete(streamState(st).configs, c.AssociationID) })
}

// ListInstanceStorageConfigs lists the configs of a resource type.
func (s *Streaming) ListInstanceStorageConfigs(sc instance.Scope, instanceID, resourceType string, req instance.PageRequest) (instance.Page[StorageConfig], error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[StorageConfig]{}, err
	}
	defer st.Mu.RUnlock()
	var items []StorageConfig
	for _, c := range streamState(st).configs {
		if c.ResourceType == resourceType {
			items = append(items, *c)
		}
	}
	req.Binding = "ListInstanceStorageConfigs/" + st.ID + "/" + resourceType
	return instance.Paginate(s.core, items, func(c StorageConfig) string { return c.AssociationID }, req)
}

// StreamStatus is the delivery state of an instance's destinations.
type StreamStatus struct {
	Endpoints    map[string]string `json:"Endpoints"`
	Destinations []outbox.Status   `json:"Destinations"`
}

// Streams reports, for GET /_local/instances/{id}/streams, each
// destination's backlog and last delivery error.
func (s *Streaming) Streams(sc instance.Scope, instanceID string) (*StreamStatus, error) {
	// streamState may create the instance's stream state: the write lock.
	st, err := s.core.Lock(sc, instanceID)
	var dests []string
	if err == nil {
		for id, c := range streamState(st).configs {
			if c.kind() != "" {
				dests = append(dests, id)
			}
		}
		if s.streamEnabled(outbox.EventBridge) {
			dests = append(dests, destEventBridge)
		}
		st.Mu.Unlock()
	}
	if err != nil {
		return nil, err
	}
	out := &StreamStatus{Endpoints: map[string]string{}, Destinations: []outbox.Status{}}
	if s.streams == nil {
		return out, nil
	}
	for _, k := range []string{outbox.Kinesis, outbox.Firehose, outbox.EventBridge} {
		if ep := s.streams.endpoints.For(k); ep != "" {
			out.Endpoints[k] = ep
		}
	}
	out.Destinations, err = s.streams.deliverer.Status(st.ID, dests)
	return out, err
}

// loadOutboxRecord notes a stored outbox record's sequence, so that new
// records of the instance are written after it.
func loadOutboxRecord(st *instance.State, p []byte) error {
	var r outbox.Record
	if err := json.Unmarshal(p, &r); err != nil {
		return err
	}
	ss := streamState(st)
	ss.seq = max(ss.seq, r.Seq)
	return nil
}
