package service

import "github.com/connect-local/connect-local/internal/flowres"

// Prompts, flow modules, hours overrides, bots, versions and flow
// associations live in internal/flowres; Service embeds it (service.go).
// These are its types and constants under their old names.
type (
	AliasInput         = flowres.AliasInput
	BotAssociation     = flowres.BotAssociation
	DateCondition      = flowres.DateCondition
	EffectiveDay       = flowres.EffectiveDay
	FlowAssociation    = flowres.FlowAssociation
	FlowModule         = flowres.FlowModule
	FlowVersion        = flowres.FlowVersion
	HoursOverride      = flowres.HoursOverride
	ModuleAlias        = flowres.ModuleAlias
	OverrideHourOn     = flowres.OverrideHourOn
	OverrideInput      = flowres.OverrideInput
	OverrideRecurrence = flowres.OverrideRecurrence
	Prompt             = flowres.Prompt
	PromptFile         = flowres.PromptFile
	PromptInput        = flowres.PromptInput
)

const (
	OverrideClosed   = flowres.OverrideClosed
	OverrideOpen     = flowres.OverrideOpen
	OverrideStandard = flowres.OverrideStandard
	PromptFileTTL    = flowres.PromptFileTTL
)

// The flow resources' search schemas (internal/flowres).
var (
	SchemaModules   = flowres.SchemaModules
	SchemaOverrides = flowres.SchemaOverrides
	SchemaPrompts   = flowres.SchemaPrompts
)

// CheckDateCondition checks a SearchHoursOfOperationOverrides date
// condition (internal/flowres).
func CheckDateCondition(d DateCondition) error { return flowres.CheckDateCondition(d) }
