package service

import "github.com/connect-local/connect-local/internal/instance"

// The core domain records live in internal/instance (records.go), below
// every family; the service re-exports them under their names.
type (
	ChannelConfig        = instance.ChannelConfig
	ChannelSettings      = instance.ChannelSettings
	Instance             = instance.Instance
	Modified             = instance.Modified
	HoursOfOperation     = instance.HoursOfOperation
	HoursConfig          = instance.HoursConfig
	HoursRef             = instance.HoursRef
	HourMinute           = instance.HourMinute
	Queue                = instance.Queue
	OutboundCallerConfig = instance.OutboundCallerConfig
	RoutingProfile       = instance.RoutingProfile
	MediaConcurrency     = instance.MediaConcurrency
	QueueConfig          = instance.QueueConfig
	AgentStatus          = instance.AgentStatus
	SecurityProfile      = instance.SecurityProfile
	Application          = instance.Application
	ContactFlow          = instance.ContactFlow
	User                 = instance.User
	UserIdentityInfo     = instance.UserIdentityInfo
	UserPhoneConfig      = instance.UserPhoneConfig
	Proficiency          = instance.Proficiency
	PredefinedAttribute  = instance.PredefinedAttribute
	HierarchyStructure   = instance.HierarchyStructure
	HierarchyLevel       = instance.HierarchyLevel
	HierarchyGroup       = instance.HierarchyGroup
	QuickConnect         = instance.QuickConnect
)
