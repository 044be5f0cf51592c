package instance

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// The core domain records: those the instance state (State) holds and the
// contact engine reads. Each is stored as JSON in its bucket (the schema,
// Register) and held in memory in its instance's State.

// Instance is a Connect instance.
type Instance struct {
	Scope                  Scope             `json:"scope"`
	ID                     string            `json:"id"`
	ARN                    string            `json:"arn"`
	Alias                  string            `json:"alias,omitempty"`
	IdentityManagementType string            `json:"identityManagementType"`
	DirectoryID            string            `json:"directoryId,omitempty"`
	InboundCallsEnabled    bool              `json:"inboundCallsEnabled"`
	OutboundCallsEnabled   bool              `json:"outboundCallsEnabled"`
	Status                 string            `json:"status"`
	ServiceRole            string            `json:"serviceRole"`
	CreatedTime            time.Time         `json:"createdTime"`
	Tags                   map[string]string `json:"tags,omitempty"`
}

// Modified is the last-modified stamp many Connect resources report.
type Modified struct {
	LastModifiedTime   time.Time `json:"lastModifiedTime"`
	LastModifiedRegion string    `json:"lastModifiedRegion"`
}

// HoursOfOperation is a weekly schedule in a time zone.
type HoursOfOperation struct {
	ID          string            `json:"id"`
	ARN         string            `json:"arn"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	TimeZone    string            `json:"timeZone"`
	Config      []HoursConfig     `json:"config"`
	Tags        map[string]string `json:"tags,omitempty"`
	Modified
	// Parents are the hours' parent hours (linked hours,
	// internal/flowres/hourslinks.go), filled in on the copies Describe
	// and Search return; never stored.
	Parents []HoursRef `json:"-"`
}

// HoursRef names one hours of operation (HoursOfOperationsIdentifier).
type HoursRef struct{ ID, ARN, Name string }

// OpenAt reports whether h is open at t, in h's time zone. A day whose
// start equals its end is open all day; an end before the start runs past
// midnight into the next day.
func (h *HoursOfOperation) OpenAt(t time.Time) bool {
	loc, err := time.LoadLocation(h.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	t = t.In(loc)
	minute := t.Hour()*60 + t.Minute()
	today := strings.ToUpper(t.Weekday().String())
	yesterday := strings.ToUpper(t.AddDate(0, 0, -1).Weekday().String())
	for _, c := range h.Config {
		start, end := int(c.Start.Hours*60+c.Start.Minutes), int(c.End.Hours*60+c.End.Minutes)
		switch {
		case c.Day == today && start == end:
			return true
		case c.Day == today && start < end && minute >= start && minute < end:
			return true
		case c.Day == today && end < start && minute >= start:
			return true
		case c.Day == yesterday && end < start && minute < end:
			return true
		}
	}
	return false
}

// HoursConfig is one day's opening period.
type HoursConfig struct {
	Day   string     `json:"day"`
	Start HourMinute `json:"start"`
	End   HourMinute `json:"end"`
}

// HourMinute is a time of day.
type HourMinute struct {
	Hours   int64 `json:"hours"`
	Minutes int64 `json:"minutes"`
}

// Queue is a standard queue (agent queues are implicit, one per user).
type Queue struct {
	ID                 string                `json:"id"`
	ARN                string                `json:"arn"`
	Name               string                `json:"name"`
	Description        string                `json:"description,omitempty"`
	HoursOfOperationID string                `json:"hoursOfOperationId"`
	MaxContacts        *int64                `json:"maxContacts,omitempty"`
	Status             string                `json:"status"`
	OutboundCaller     *OutboundCallerConfig `json:"outboundCaller,omitempty"`
	QuickConnectIDs    []string              `json:"quickConnectIds,omitempty"`
	Tags               map[string]string     `json:"tags,omitempty"`
	Modified
}

// OutboundCallerConfig is a queue's outbound caller ID settings.
type OutboundCallerConfig struct {
	CallerIDName     string `json:"callerIdName,omitempty"`
	CallerIDNumberID string `json:"callerIdNumberId,omitempty"`
	OutboundFlowID   string `json:"outboundFlowId,omitempty"`
}

// RoutingProfile decides which queues and channels an agent works (docs/routing.md#routing-profiles).
type RoutingProfile struct {
	ID                     string             `json:"id"`
	ARN                    string             `json:"arn"`
	Name                   string             `json:"name"`
	Description            string             `json:"description"`
	DefaultOutboundQueueID string             `json:"defaultOutboundQueueId"`
	MediaConcurrencies     []MediaConcurrency `json:"mediaConcurrencies"`
	QueueConfigs           []QueueConfig      `json:"queueConfigs,omitempty"`
	AgentAvailabilityTimer string             `json:"agentAvailabilityTimer,omitempty"`
	Tags                   map[string]string  `json:"tags,omitempty"`
	Modified
}

// MediaConcurrency is a profile's capacity on one channel.
type MediaConcurrency struct {
	Channel              string `json:"channel"`
	Concurrency          int64  `json:"concurrency"`
	CrossChannelBehavior string `json:"crossChannelBehavior,omitempty"` // ROUTE_CURRENT_CHANNEL_ONLY | ROUTE_ANY_CHANNEL
}

// QueueConfig is one (queue, channel) of a routing profile.
type QueueConfig struct {
	QueueID  string `json:"queueId"`
	Channel  string `json:"channel"`
	Priority int64  `json:"priority"`
	Delay    int64  `json:"delay"`
}

// AgentStatus is a status an agent can be set to (docs/routing.md#agent-statuses).
type AgentStatus struct {
	ID           string            `json:"id"`
	ARN          string            `json:"arn"`
	Name         string            `json:"name"`
	Description  string            `json:"description,omitempty"`
	Type         string            `json:"type"`  // ROUTABLE | CUSTOM | OFFLINE
	State        string            `json:"state"` // ENABLED | DISABLED
	DisplayOrder *int64            `json:"displayOrder,omitempty"`
	Tags         map[string]string `json:"tags,omitempty"`
	Modified
}

// SecurityProfile is a named set of permissions.
type SecurityProfile struct {
	ID          string            `json:"id"`
	ARN         string            `json:"arn"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Permissions []string          `json:"permissions,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
	// Access control (stored and described; connect-local enforces no
	// permission, docs/provisioning.md#security-profiles).
	AllowedAccessControlTags     map[string]string `json:"allowedAccessControlTags,omitempty"`
	TagRestrictedResources       []string          `json:"tagRestrictedResources,omitempty"`
	HierarchyRestrictedResources []string          `json:"hierarchyRestrictedResources,omitempty"`
	AllowedHierarchyGroupID      string            `json:"allowedHierarchyGroupId,omitempty"`
	Applications                 []Application     `json:"applications,omitempty"`
	Modified
}

// Application is a third-party application a security profile grants
// access to, with the permissions it grants there.
type Application struct {
	Namespace   string   `json:"namespace"`
	Permissions []string `json:"permissions"`
	Type        string   `json:"type,omitempty"`
}

// ContactFlow is a flow in the Amazon Connect flow language.
type ContactFlow struct {
	ID          string            `json:"id"`
	ARN         string            `json:"arn"`
	Name        string            `json:"name"`
	Type        string            `json:"type"`
	State       string            `json:"state"`  // ACTIVE | ARCHIVED
	Status      string            `json:"status"` // PUBLISHED | SAVED
	Description string            `json:"description,omitempty"`
	Content     string            `json:"content"`
	Tags        map[string]string `json:"tags,omitempty"`
	// Default marks the flows CreateInstance made; they cannot be deleted.
	Default bool `json:"default,omitempty"`
	Modified
}

// A flow's (or module's) Status and State.
const (
	FlowPublished = "PUBLISHED"
	FlowSaved     = "SAVED"
	FlowActive    = "ACTIVE"
	FlowArchived  = "ARCHIVED"
)

// ContentSHA256 is the hex SHA-256 of the flow's content (FlowContentSha256).
func (f *ContactFlow) ContentSHA256() string {
	sum := sha256.Sum256([]byte(f.Content))
	return hex.EncodeToString(sum[:])
}

// User is an agent (docs/routing.md#users-agents).
type User struct {
	ID                 string            `json:"id"`
	ARN                string            `json:"arn"`
	Username           string            `json:"username"`
	IdentityInfo       UserIdentityInfo  `json:"identityInfo"`
	PhoneConfig        UserPhoneConfig   `json:"phoneConfig"`
	DirectoryUserID    string            `json:"directoryUserId,omitempty"`
	SecurityProfileIDs []string          `json:"securityProfileIds"`
	RoutingProfileID   string            `json:"routingProfileId"`
	HierarchyGroupID   string            `json:"hierarchyGroupId,omitempty"`
	Tags               map[string]string `json:"tags,omitempty"`
	Proficiencies      []Proficiency     `json:"proficiencies,omitempty"`
	// Channels is what UpdateUserConfig set beyond PhoneConfig, by channel
	// (internal/routingconfig userconfig.go).
	Channels map[string]ChannelConfig `json:"channels,omitempty"`
	// ProficienciesModified stamps the last proficiency change.
	ProficienciesModified Modified `json:"proficienciesModified"`
	Modified
}

// UserIdentityInfo is a user's name and contact details.
type UserIdentityInfo struct {
	FirstName      string `json:"firstName,omitempty"`
	LastName       string `json:"lastName,omitempty"`
	Email          string `json:"email,omitempty"`
	SecondaryEmail string `json:"secondaryEmail,omitempty"`
	Mobile         string `json:"mobile,omitempty"`
}

// UserPhoneConfig is a user's phone settings.
type UserPhoneConfig struct {
	PhoneType                 string `json:"phoneType,omitempty"`
	AutoAccept                bool   `json:"autoAccept"`
	AfterContactWorkTimeLimit int64  `json:"afterContactWorkTimeLimit"`
	DeskPhoneNumber           string `json:"deskPhoneNumber,omitempty"`
	PersistentConnection      *bool  `json:"persistentConnection,omitempty"`
}

// Proficiency is an (attribute, value, level) a user holds (docs/predefined-attributes.md#concepts).
type Proficiency struct {
	AttributeName  string  `json:"attributeName"`
	AttributeValue string  `json:"attributeValue"`
	Level          float64 `json:"level"`
}

// PredefinedAttribute is an instance-scoped name with its allowed values
// (docs/predefined-attributes.md#concepts). Proficiencies and routing steps name one of its values.
type PredefinedAttribute struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
	// Purposes and EnableValueValidationOnAssociation are post-2023 members
	// (docs/model-versions.md#members-added-after-2023): stored and returned, with no effect on routing.
	Purposes                           []string `json:"purposes,omitempty"`
	EnableValueValidationOnAssociation *bool    `json:"enableValueValidationOnAssociation,omitempty"`
	// System marks connect:Language, which every instance has; its built-in
	// values cannot be removed and it cannot be deleted.
	System bool `json:"system,omitempty"`
	Modified
}

// HierarchyStructure names the (up to five) levels of an agent hierarchy.
type HierarchyStructure struct {
	Levels [5]*HierarchyLevel `json:"levels"`
}

// HierarchyLevel is one level of the hierarchy structure.
type HierarchyLevel struct {
	ID   string `json:"id"`
	ARN  string `json:"arn"`
	Name string `json:"name"`
	Modified
}

// HierarchyGroup is a node of the agent hierarchy.
type HierarchyGroup struct {
	ID            string            `json:"id"`
	ARN           string            `json:"arn"`
	Name          string            `json:"name"`
	Level         int               `json:"level"` // 1..5
	ParentGroupID string            `json:"parentGroupId,omitempty"`
	Tags          map[string]string `json:"tags,omitempty"`
	Modified
}

// QuickConnect is a saved transfer destination. connect-local routes QUEUE
// quick connects (StartTaskContact's QuickConnectId); USER and PHONE_NUMBER
// ones are stored and described.
type QuickConnect struct {
	ID          string            `json:"id"`
	ARN         string            `json:"arn"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Type        string            `json:"type"` // USER | QUEUE | PHONE_NUMBER
	QueueID     string            `json:"queueId,omitempty"`
	UserID      string            `json:"userId,omitempty"`
	FlowID      string            `json:"flowId,omitempty"`
	PhoneNumber string            `json:"phoneNumber,omitempty"`
	Tags        map[string]string `json:"tags,omitempty"`
	Modified
}

// Channels a user setting may name (the model's Channel enum), in the
// order DescribeUser lists them.
var UserChannels = []string{"VOICE", "CHAT", "TASK", "EMAIL"}

// ChannelConfig is what UpdateUserConfig set for one channel beyond
// PhoneConfig; nil and "" are unset.
type ChannelConfig struct {
	AutoAccept                     *bool  `json:"autoAccept,omitempty"`
	AfterContactWorkTimeLimit      *int64 `json:"afterContactWorkTimeLimit,omitempty"`
	AgentFirstCallbackAutoAccept   *bool  `json:"agentFirstCallbackAutoAccept,omitempty"`
	AgentFirstCallbackACWTimeLimit *int64 `json:"agentFirstCallbackAcwTimeLimit,omitempty"`
	VoiceEnhancementMode           string `json:"voiceEnhancementMode,omitempty"`
}

// ChannelSettings is one channel's settings as DescribeUser shows them.
type ChannelSettings struct {
	Channel                        string
	AutoAccept                     bool
	AfterContactWorkTimeLimit      int64
	AgentFirstCallbackAutoAccept   *bool
	AgentFirstCallbackACWTimeLimit *int64
}

// EffectiveChannels is the user's AutoAccept and ACW settings for every
// channel: VOICE is PhoneConfig's; another channel its own where set,
// else PhoneConfig's.
func (u *User) EffectiveChannels() []ChannelSettings {
	out := make([]ChannelSettings, 0, len(UserChannels))
	for _, ch := range UserChannels {
		cc := u.Channels[ch]
		cs := ChannelSettings{Channel: ch, AutoAccept: u.PhoneConfig.AutoAccept, AfterContactWorkTimeLimit: u.PhoneConfig.AfterContactWorkTimeLimit,
			AgentFirstCallbackAutoAccept: cc.AgentFirstCallbackAutoAccept, AgentFirstCallbackACWTimeLimit: cc.AgentFirstCallbackACWTimeLimit}
		if ch != "VOICE" {
			if cc.AutoAccept != nil {
				cs.AutoAccept = *cc.AutoAccept
			}
			if cc.AfterContactWorkTimeLimit != nil {
				cs.AfterContactWorkTimeLimit = *cc.AfterContactWorkTimeLimit
			}
		}
		out = append(out, cs)
	}
	return out
}
