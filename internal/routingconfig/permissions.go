package routingconfig

import (
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
	"strings"
)

// The security-profile permission names Amazon Connect returns from
// ListSecurityProfilePermissions ("API name" in the admin guide's List of
// security profile permissions, docs/provisioning.md#security-profiles).
// CreateSecurityProfile and UpdateSecurityProfile accept only these; a
// name outside the catalog is InvalidParameterException naming it.
const permissionCatalog = `
AccessMetrics AccessMetrics.AgentActivityAudit.Access AccessMetrics.Dashboards.Access
AccessMetrics.DashboardsWithMyData.View AccessMetrics.HistoricalMetrics.Access AccessMetrics.RealTimeMetrics.Access
AgentGrouping.Create AgentGrouping.Edit AgentGrouping.EnableAndDisable AgentGrouping.View
AgentStates.Create AgentStates.Edit AgentStates.EnableAndDisable AgentStates.View AgentTimeCard.View
Analytics.PerformanceMetrics.Access Audio.View AudioDeviceSettings.Access
AutomatedVoiceInteraction.Recordings.Redacted.Access AutomatedVoiceInteraction.Recordings.Redacted.DownloadButton
AutomatedVoiceInteraction.Recordings.Unredacted.Access AutomatedVoiceInteraction.Recordings.Unredacted.DownloadButton
AutomatedVoiceInteraction.Transcripts.Redacted.Access AutomatedVoiceInteraction.Transcripts.Unredacted.Access
BasicAgentAccess Bots.Create Bots.Edit Bots.View
CallRecordings.Redacted.Access CallRecordings.Redacted.DownloadButton CallRecordings.Unredacted.Access CallRecordings.Unredacted.DownloadButton
Campaigns.Create Campaigns.Delete Campaigns.Edit Campaigns.Manage Campaigns.View
Capacity.Edit Capacity.Publish Capacity.View
CaseFields.Create CaseFields.Edit CaseFields.View CaseHistory.View CaseTemplates.Create CaseTemplates.Edit CaseTemplates.View
Cases.Create Cases.Edit Cases.View ChatTestMode
CoachingSessions.Create CoachingSessions.Delete CoachingSessions.Edit CoachingSessions.View
ConfigureContactAttributes.View ContactAttributes.View
ContactFlowModules.Create ContactFlowModules.Delete ContactFlowModules.Edit ContactFlowModules.Publish ContactFlowModules.View
ContactFlows.Create ContactFlows.Delete ContactFlows.Edit ContactFlows.Publish ContactFlows.View
ContactLensCustomVocabulary.Edit ContactLensCustomVocabulary.View ContactLensPostContactSummary.View
ContactSearch.View ContactSearchQuickViewWidget.Create ContactSearchQuickViewWidget.Delete ContactSearchQuickViewWidget.Edit
ContactSearchQuickViewWidget.View ContactSearchSampleContacts.View
ContactSearchWithCharacteristics.Access ContactSearchWithCharacteristics.View ContactSearchWithKeywords.Access ContactSearchWithKeywords.View
ContactTranscripts.Redacted.Access ContactTranscripts.Unredacted.Access ContactTranscripts.Unredacted.DownloadButton
ContentManagement.Create ContentManagement.Delete ContentManagement.Edit ContentManagement.View
ContentManagement.MessageTemplates.Create ContentManagement.MessageTemplates.Delete ContentManagement.MessageTemplates.Edit
ContentManagement.MessageTemplates.View
CustomMetrics.Create CustomMetrics.Delete CustomMetrics.Edit CustomMetrics.Publish CustomMetrics.View CustomViews.Access
CustomerProfiles.CalculatedAttributes.Create CustomerProfiles.CalculatedAttributes.Delete CustomerProfiles.CalculatedAttributes.Edit
CustomerProfiles.CalculatedAttributes.View CustomerProfiles.Create CustomerProfiles.Edit CustomerProfiles.View
CustomerProfiles.PredictiveInsights.Create CustomerProfiles.PredictiveInsights.Delete CustomerProfiles.PredictiveInsights.Edit
CustomerProfiles.PredictiveInsights.View CustomerProfiles.ProfileExplorer.Create CustomerProfiles.ProfileExplorer.Delete
CustomerProfiles.ProfileExplorer.Edit CustomerProfiles.ProfileExplorer.View CustomerProfiles.Segments.Create
CustomerProfiles.Segments.Delete CustomerProfiles.Segments.Export CustomerProfiles.Segments.View
DataTables.Create DataTables.Delete DataTables.Edit DataTables.EditExpressionValues DataTables.ManageValues DataTables.View
DeleteCallRecordings DownloadCallRecordings
EmailAddresses.Create EmailAddresses.Edit EmailAddresses.Remove EmailAddresses.View
Evaluation.Create Evaluation.Delete Evaluation.Edit Evaluation.View EvaluationAssistant.Access
EvaluationCalibrationSessions.Create EvaluationCalibrationSessions.Delete EvaluationCalibrationSessions.Edit EvaluationCalibrationSessions.View
EvaluationForms.Create EvaluationForms.Delete EvaluationForms.Edit EvaluationForms.View
ForecastScheduleInterval.Edit ForecastScheduleInterval.View Forecasting.Edit Forecasting.Publish Forecasting.View
GraphTrends.View HistoricalChanges.View
HoursOfOperation.Create HoursOfOperation.Delete HoursOfOperation.Edit HoursOfOperation.View
ListenCallRecordings ManagerBargeIn ManagerListenIn ManualAssignAnyContact.Enable ManualAssignMyContacts.Enable
MetricsReports.Create MetricsReports.Delete MetricsReports.Edit MetricsReports.Publish MetricsReports.Schedule MetricsReports.Share MetricsReports.View
MyCoachingSessions.Create MyCoachingSessions.Delete MyCoachingSessions.Edit MyCoachingSessions.View MyContacts.View
OutboundCallAccess OutboundEmail.Create
PhoneNumbers.Claim PhoneNumbers.Edit PhoneNumbers.Release PhoneNumbers.View
PredefinedAttributes.Create PredefinedAttributes.Delete PredefinedAttributes.Edit PredefinedAttributes.View
Prompts.Create Prompts.Delete Prompts.Edit Prompts.View
QConnectAIAgents.Create QConnectAIAgents.Delete QConnectAIAgents.Edit QConnectAIAgents.View
QConnectAIPrompts.Create QConnectAIPrompts.Delete QConnectAIPrompts.Edit QConnectAIPrompts.View
QConnectGuardrails.Create QConnectGuardrails.Delete QConnectGuardrails.Edit QConnectGuardrails.View
Queues.Create Queues.Delete Queues.Edit Queues.EnableAndDisable Queues.Purge Queues.View
RealtimeContactLens.View RedactedData.View
ReportSchedules.Create ReportSchedules.Delete ReportSchedules.Edit ReportSchedules.View
ReportsAdmin.Access ReportsAdmin.Delete ReportsAdmin.Publish ReportsAdmin.Schedule ReportsAdmin.View
RoutingPolicies.Create RoutingPolicies.Delete RoutingPolicies.Edit RoutingPolicies.View
Rules.Create Rules.Delete Rules.Edit Rules.View
RulesGenerativeAI.Create RulesGenerativeAI.Delete RulesGenerativeAI.Edit RulesGenerativeAI.View
Scheduling.Edit Scheduling.Publish Scheduling.View ScreenRecording.Access ScreenRecording.Delete ScreenRecording.Download
SecurityProfiles.Create SecurityProfiles.Delete SecurityProfiles.Edit SecurityProfiles.View SelfAssignContacts.Access
StaffCalendar.Edit StaffCalendar.View StopContact.Enabled
TaskTemplates.Create TaskTemplates.Delete TaskTemplates.Edit TaskTemplates.View TeamCalendar.Edit TeamCalendar.View
TestCases.Create TestCases.Delete TestCases.Edit TestCases.Execute TestCases.Publish TestCases.View
ThemeDetection.Create ThemeDetection.Delete ThemeDetection.View
TimeOff.Approve TimeOff.Edit TimeOff.View TimeOffBalance.Edit TimeOffBalance.View Transcript.View TransferContact.Enabled
TransferDestinations.Create TransferDestinations.Delete TransferDestinations.Edit TransferDestinations.View
UnredactedData.View UpdateContactSchedule.Enabled
Users.Create Users.Delete Users.Edit Users.EditPermission Users.EnableAndDisable Users.View VideoContact.Access
Views.Create Views.Edit Views.Remove Views.View
VoiceId.Access VoiceIdAttributesAndSearch.View VoiceIdUpdateSpeakerId.Access Wisdom.View
Workspaces.Assign Workspaces.Create Workspaces.Delete Workspaces.Edit Workspaces.EditVisibility Workspaces.View
`

// Permissions is the catalog of permission names, sorted.
var Permissions = func() []string {
	p := strings.Fields(permissionCatalog)
	slices.Sort(p)
	return slices.Compact(p)
}()

// defaultPermissions are the permissions of the security profiles a new
// instance has [INF: Admin holds the whole catalog, the others the core
// of what the admin guide describes for them].
var defaultPermissions = map[string][]string{
	"Admin": Permissions,
	"Agent": {"BasicAgentAccess", "OutboundCallAccess"},
	"CallCenterManager": {"AccessMetrics", "AgentGrouping.View", "AgentStates.Create", "AgentStates.Edit", "AgentStates.View",
		"AgentTimeCard.View", "BasicAgentAccess", "ContactAttributes.View", "ContactFlows.View", "ContactSearch.View",
		"HoursOfOperation.Create", "HoursOfOperation.Edit", "HoursOfOperation.View", "ListenCallRecordings", "ManagerListenIn",
		"OutboundCallAccess", "Queues.Create", "Queues.Edit", "Queues.EnableAndDisable", "Queues.View", "RoutingPolicies.Create",
		"RoutingPolicies.Edit", "RoutingPolicies.View", "TransferDestinations.Create", "TransferDestinations.Edit",
		"TransferDestinations.View", "Users.Create", "Users.Edit", "Users.View"},
	"QualityAnalyst": {"AccessMetrics", "AgentTimeCard.View", "ContactAttributes.View", "ContactSearch.View",
		"ListenCallRecordings", "ManagerListenIn"},
}

// checkPermissions answers InvalidParameterException for the first name
// outside the catalog, and returns the names sorted without repeats.
func checkPermissions(names []string) ([]string, error) {
	out := slices.Clone(names)
	for _, n := range out {
		if _, ok := slices.BinarySearch(Permissions, n); !ok {
			return nil, instance.InvalidParam("%s is not a security profile permission.", n)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
