package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

// Instance storage configs (docs/events.md#configuration).
func (h *Handler) storageConfigRoutes(o *api.Operations) {
	o.AssociateInstanceStorageConfig = op(h.AssociateInstanceStorageConfig)
	o.DescribeInstanceStorageConfig = op(h.DescribeInstanceStorageConfig)
	o.UpdateInstanceStorageConfig = op0(h.UpdateInstanceStorageConfig)
	o.DisassociateInstanceStorageConfig = op0(h.DisassociateInstanceStorageConfig)
	o.ListInstanceStorageConfigs = op(h.ListInstanceStorageConfigs)
}

func storageConfigIn(resourceType string, c *api.InstanceStorageConfig) service.StorageConfig {
	out := service.StorageConfig{ResourceType: resourceType, StorageType: api.Val(c.StorageType)}
	if k := c.KinesisStreamConfig; k != nil {
		out.StreamARN = api.Val(k.StreamArn)
	}
	if k := c.KinesisFirehoseConfig; k != nil {
		out.FirehoseARN = api.Val(k.FirehoseArn)
	}
	if s := c.S3Config; s != nil {
		out.S3 = &service.S3StorageConfig{BucketName: api.Val(s.BucketName), BucketPrefix: api.Val(s.BucketPrefix), Encryption: encryptionIn(s.EncryptionConfig)}
	}
	if v := c.KinesisVideoStreamConfig; v != nil {
		out.KinesisVideo = &service.VideoStorageConfig{Prefix: api.Val(v.Prefix), RetentionPeriodHours: api.Val(v.RetentionPeriodHours),
			Encryption: encryptionIn(v.EncryptionConfig)}
	}
	return out
}

func encryptionIn(e *api.EncryptionConfig) *service.StorageEncryption {
	if e == nil {
		return nil
	}
	return &service.StorageEncryption{EncryptionType: api.Val(e.EncryptionType), KeyID: api.Val(e.KeyId)}
}

func encryptionOut(e *service.StorageEncryption) *api.EncryptionConfig {
	if e == nil {
		return nil
	}
	return &api.EncryptionConfig{EncryptionType: api.Ptr(e.EncryptionType), KeyId: api.Ptr(e.KeyID)}
}

func storageConfigOut(c *service.StorageConfig) *api.InstanceStorageConfig {
	out := &api.InstanceStorageConfig{AssociationId: api.Ptr(c.AssociationID), StorageType: api.Ptr(c.StorageType)}
	switch c.StorageType {
	case "KINESIS_STREAM":
		out.KinesisStreamConfig = &api.KinesisStreamConfig{StreamArn: api.Ptr(c.StreamARN)}
	case "KINESIS_FIREHOSE":
		out.KinesisFirehoseConfig = &api.KinesisFirehoseConfig{FirehoseArn: api.Ptr(c.FirehoseARN)}
	}
	if s := c.S3; s != nil {
		out.S3Config = &api.S3Config{BucketName: api.Ptr(s.BucketName), BucketPrefix: api.Ptr(s.BucketPrefix), EncryptionConfig: encryptionOut(s.Encryption)}
	}
	if v := c.KinesisVideo; v != nil {
		out.KinesisVideoStreamConfig = &api.KinesisVideoStreamConfig{Prefix: api.Ptr(v.Prefix), RetentionPeriodHours: api.Ptr(v.RetentionPeriodHours),
			EncryptionConfig: encryptionOut(v.Encryption)}
	}
	return out
}

func (h *Handler) AssociateInstanceStorageConfig(_ context.Context, sc service.Scope, in *api.AssociateInstanceStorageConfigRequest) (*api.AssociateInstanceStorageConfigResponse, error) {
	id, err := h.svc.AssociateInstanceStorageConfig(sc, *in.InstanceId, storageConfigIn(*in.ResourceType, in.StorageConfig))
	if err != nil {
		return nil, err
	}
	return &api.AssociateInstanceStorageConfigResponse{AssociationId: &id}, nil
}

func (h *Handler) DescribeInstanceStorageConfig(_ context.Context, sc service.Scope, in *api.DescribeInstanceStorageConfigRequest) (*api.DescribeInstanceStorageConfigResponse, error) {
	c, err := h.svc.DescribeInstanceStorageConfig(sc, *in.InstanceId, *in.ResourceType, *in.AssociationId)
	if err != nil {
		return nil, err
	}
	return &api.DescribeInstanceStorageConfigResponse{StorageConfig: storageConfigOut(c)}, nil
}

func (h *Handler) UpdateInstanceStorageConfig(_ context.Context, sc service.Scope, in *api.UpdateInstanceStorageConfigRequest) error {
	return h.svc.UpdateInstanceStorageConfig(sc, *in.InstanceId, *in.ResourceType, *in.AssociationId, storageConfigIn(*in.ResourceType, in.StorageConfig))
}

func (h *Handler) DisassociateInstanceStorageConfig(_ context.Context, sc service.Scope, in *api.DisassociateInstanceStorageConfigRequest) error {
	return h.svc.DisassociateInstanceStorageConfig(sc, *in.InstanceId, *in.ResourceType, *in.AssociationId)
}

func (h *Handler) ListInstanceStorageConfigs(_ context.Context, sc service.Scope, in *api.ListInstanceStorageConfigsRequest) (*api.ListInstanceStorageConfigsResponse, error) {
	page, err := h.svc.ListInstanceStorageConfigs(sc, *in.InstanceId, *in.ResourceType, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListInstanceStorageConfigsResponse{StorageConfigs: []*api.InstanceStorageConfig{}, NextToken: nextToken(page.NextToken)}
	for i := range page.Items {
		out.StorageConfigs = append(out.StorageConfigs, storageConfigOut(&page.Items[i]))
	}
	return out, nil
}
