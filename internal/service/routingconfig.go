package service

import "github.com/connect-local/connect-local/internal/routingconfig"

// The routing configuration lives in internal/routingconfig; Service
// embeds it (service.go). These are its types, constants and lookups
// under the names the service's callers and files use.
type (
	ChannelACWInput              = routingconfig.ChannelACWInput
	ChannelAutoAcceptInput       = routingconfig.ChannelAutoAcceptInput
	ChannelPersistentInput       = routingconfig.ChannelPersistentInput
	ChannelPhoneInput            = routingconfig.ChannelPhoneInput
	ChannelVoiceEnhancementInput = routingconfig.ChannelVoiceEnhancementInput
	QueueSummary                 = routingconfig.QueueSummary
	UserConfigInput              = routingconfig.UserConfigInput
	AgentStatusInput             = routingconfig.AgentStatusInput
	AttributeSearchCriteria      = routingconfig.AttributeSearchCriteria
	IdentityInfoInput            = routingconfig.IdentityInfoInput
	PhoneConfigInput             = routingconfig.PhoneConfigInput
	PredefinedAttributeInput     = routingconfig.PredefinedAttributeInput
	ProfileQueue                 = routingconfig.ProfileQueue
	QueueInput                   = routingconfig.QueueInput
	QueueRef                     = routingconfig.QueueRef
	QuickConnectUpdate           = routingconfig.QuickConnectUpdate
	Quotas                       = routingconfig.Quotas
	RoutingProfileDetail         = routingconfig.RoutingProfileDetail
	RoutingProfileInput          = routingconfig.RoutingProfileInput
	SecurityProfileInput         = routingconfig.SecurityProfileInput
	StringMatch                  = routingconfig.StringMatch
	UserInput                    = routingconfig.UserInput
)

const (
	QueueTypeStandard                      = routingconfig.QueueTypeStandard
	QueueTypeAgent                         = routingconfig.QueueTypeAgent
	AgentStatusCustom                      = routingconfig.AgentStatusCustom
	AgentStatusOffline                     = routingconfig.AgentStatusOffline
	AgentStatusRoutable                    = routingconfig.AgentStatusRoutable
	DefaultPredefinedAttributesPerInstance = routingconfig.DefaultPredefinedAttributesPerInstance
	DefaultProficienciesPerUser            = routingconfig.DefaultProficienciesPerUser
	DefaultQueuesPerInstance               = routingconfig.DefaultQueuesPerInstance
	DefaultUsersPerInstance                = routingconfig.DefaultUsersPerInstance
	DefaultValuesPerPredefinedAttribute    = routingconfig.DefaultValuesPerPredefinedAttribute
	QuotaAgentStatusesPerInstance          = routingconfig.QuotaAgentStatusesPerInstance
	QuotaHierarchyGroupsPerInstance        = routingconfig.QuotaHierarchyGroupsPerInstance
	QuotaQueuesPerRoutingProfile           = routingconfig.QuotaQueuesPerRoutingProfile
	QuotaRoutingProfilesPerInstance        = routingconfig.QuotaRoutingProfilesPerInstance
	QuotaUserSecurityProfiles              = routingconfig.QuotaUserSecurityProfiles
	StateDisabled                          = routingconfig.StateDisabled
	StateEnabled                           = routingconfig.StateEnabled
	SystemLanguageAttribute                = routingconfig.SystemLanguageAttribute
)

var (
	ErrManualAssignment    = routingconfig.ErrManualAssignment
	LevelNames             = routingconfig.LevelNames
	Permissions            = routingconfig.Permissions
	SystemLanguageValues   = routingconfig.SystemLanguageValues
	SchemaQueues           = routingconfig.SchemaQueues
	SchemaSecurityProfiles = routingconfig.SchemaSecurityProfiles
	SchemaAgentStatuses    = routingconfig.SchemaAgentStatuses
	SchemaQuickConnects    = routingconfig.SchemaQuickConnects
	SchemaRoutingProfiles  = routingconfig.SchemaRoutingProfiles
	SchemaGroups           = routingconfig.SchemaGroups
	SchemaUsers            = routingconfig.SchemaUsers
)

func (s *Service) userOf(sc Scope, st *instanceState, idOrARN string) (*User, error) {
	return routingconfig.UserOf(sc, st.State, idOrARN)
}

func (s *Service) queueOf(sc Scope, st *instanceState, idOrARN string) (*Queue, error) {
	return routingconfig.QueueOf(sc, st.State, idOrARN)
}

func (s *Service) quickConnectOf(sc Scope, st *instanceState, idOrARN string) (*QuickConnect, error) {
	return routingconfig.QuickConnectOf(sc, st.State, idOrARN)
}
