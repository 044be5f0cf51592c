package service

import "github.com/connect-local/connect-local/internal/streaming"

// Storage configs and streaming out live in internal/streaming; Service
// embeds it (service.go), and these are its types under their old names.
type (
	S3StorageConfig    = streaming.S3StorageConfig
	StorageConfig      = streaming.StorageConfig
	StorageEncryption  = streaming.StorageEncryption
	StreamOptions      = streaming.StreamOptions
	StreamStatus       = streaming.StreamStatus
	VideoStorageConfig = streaming.VideoStorageConfig
)

// Streaming's resource types and heartbeat (internal/streaming).
const (
	ResourceCTR         = streaming.ResourceCTR
	ResourceAgentEvents = streaming.ResourceAgentEvents
	HeartbeatInterval   = streaming.HeartbeatInterval
)
