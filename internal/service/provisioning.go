package service

import "github.com/connect-local/connect-local/internal/provisioning"

// The provisioning families live in internal/provisioning; Service embeds
// it (service.go), and these are its records under their old names.
type (
	TaskDefault              = provisioning.TaskDefault
	TaskField                = provisioning.TaskField
	TaskTemplateUpdate       = provisioning.TaskTemplateUpdate
	TaskTemplate             = provisioning.TaskTemplate
	ClaimPhoneNumberInput    = provisioning.ClaimPhoneNumberInput
	PhoneFilter              = provisioning.PhoneFilter
	PhoneNumber              = provisioning.PhoneNumber
	PhoneTarget              = provisioning.PhoneTarget
	SecurityKey              = provisioning.SecurityKey
	AuthenticationProfile    = provisioning.AuthenticationProfile
	AuthProfileInput         = provisioning.AuthProfileInput
	IntegrationAssociation   = provisioning.IntegrationAssociation
	UseCase                  = provisioning.UseCase
	Rule                     = provisioning.Rule
	RegionShare              = provisioning.RegionShare
	SignInShare              = provisioning.SignInShare
	TrafficDistributionGroup = provisioning.TrafficDistributionGroup
	TrafficDistributionInput = provisioning.TrafficDistributionInput
	View                     = provisioning.View
	ViewContent              = provisioning.ViewContent
	ViewVersion              = provisioning.ViewVersion
	ViewSnapshot             = provisioning.ViewSnapshot
	Vocabulary               = provisioning.Vocabulary
	VocabularyFilter         = provisioning.VocabularyFilter
)

// SchemaViews is what SearchViews may name (internal/provisioning).
var SchemaViews = provisioning.SchemaViews

// ClaimDelay is how long a claim stays IN_PROGRESS (internal/provisioning).
const ClaimDelay = provisioning.ClaimDelay
