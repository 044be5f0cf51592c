package events

import "encoding/json"

// CTRFormatVersion is the contact record format Connect writes.
const CTRFormatVersion = "2017-03-10"

// CTR is the contact record of c, as Connect streams it to Kinesis and
// Firehose when a contact (with its after-contact work) ends and whenever
// it is updated afterwards. Fields connect-local has no data for are null,
// as Connect writes them when a feature is not in use.
func CTR(c *Contact) (json.RawMessage, error) {
	r := map[string]any{
		"AWSAccountId":                       c.AccountID,
		"AWSContactTraceRecordFormatVersion": CTRFormatVersion,
		"InstanceARN":                        c.InstanceARN,
		"ContactId":                          c.ID,
		"InitialContactId":                   str(c.InitialContactID),
		"PreviousContactId":                  str(c.PreviousContactID),
		"NextContactId":                      str(c.NextContactID),
		"RelatedContactId":                   nil,
		"Channel":                            c.Channel,
		"InitiationMethod":                   c.InitiationMethod,
		"Name":                               str(c.Name),
		"Description":                        str(c.Description),
		"InitiationTimestamp":                ts(c.Initiation),
		"ConnectedToSystemTimestamp":         ts(c.ConnectedToSystem),
		"DisconnectTimestamp":                ts(c.Disconnect),
		"DisconnectReason":                   str(c.DisconnectReason),
		"LastUpdateTimestamp":                ts(c.LastUpdate),
		"ScheduledTimestamp":                 ts(c.Scheduled),
		"TransferCompletedTimestamp":         ts(c.TransferCompleted),
		"TransferredToEndpoint":              endpoint(c.TransferredTo),
		"Attributes":                         stringMap(c.Attributes),
		"Tags":                               stringMap(c.Tags),
		"CustomerEndpoint":                   endpoint(c.CustomerEndpoint),
		"SystemEndpoint":                     endpoint(c.SystemEndpoint),
		"AgentConnectionAttempts":            c.Missed,
		"Queue":                              nil,
		"Agent":                              nil,
		"QueueInfo":                          nil,
		"RoutingCriteria":                    criteria(c.Criteria),
		"Recording":                          nil,
		"Recordings":                         nil,
		"MediaStreams":                       []any{},
		"ContactDetails":                     map[string]any{},
		"Campaign":                           nil,
		"AnsweringMachineDetectionStatus":    nil,
		"TaskTemplateInfo":                   nil,
		"VoiceIdResult":                      nil,
		"References":                         []any{},
		"SegmentAttributes":                  nil,
	}
	if c.Channel == "VOICE" {
		r["MediaStreams"] = []any{map[string]any{"Type": "AUDIO"}}
	}
	if c.Queue != nil {
		dequeue := c.Disconnect
		if !c.ConnectedToAgent.IsZero() {
			dequeue = c.ConnectedToAgent
		}
		r["Queue"] = map[string]any{
			"ARN": c.Queue.ARN, "Name": c.Queue.Name,
			"EnqueueTimestamp": ts(c.Enqueue), "DequeueTimestamp": ts(dequeue), "Duration": secs(c.Enqueue, dequeue),
		}
		qi := map[string]any{"QueuePriority": c.Priority, "QueueTimeAdjustmentSeconds": nil,
			"QueueArn": c.Queue.ARN, "QueueType": c.QueueType, "EnqueueTimestamp": ts(c.Enqueue)}
		if c.AdjustSecs != nil {
			qi["QueueTimeAdjustmentSeconds"] = *c.AdjustSecs
		}
		r["QueueInfo"] = qi
	}
	if a := c.Agent; a != nil {
		interaction := secs(c.ConnectedToAgent, c.Disconnect)
		if n, ok := interaction.(int64); ok {
			interaction = max(0, n-c.HoldSecs)
		}
		var longest any
		if c.Holds == 0 {
			longest = int64(0)
		} else if c.Holds == 1 {
			longest = c.HoldSecs
		}
		r["Agent"] = map[string]any{
			"ARN":                            a.ARN,
			"Username":                       a.Username,
			"RoutingProfile":                 map[string]any{"ARN": a.RoutingProfile.ARN, "Name": a.RoutingProfile.Name},
			"HierarchyGroups":                hierarchy(a.Hierarchy, "GroupName"),
			"ConnectedToAgentTimestamp":      ts(c.ConnectedToAgent),
			"AfterContactWorkStartTimestamp": ts(c.ACWStart),
			"AfterContactWorkEndTimestamp":   ts(c.ACWEnd),
			"AfterContactWorkDuration":       secs(c.ACWStart, c.ACWEnd),
			"AgentInteractionDuration":       interaction,
			"CustomerHoldDuration":           c.HoldSecs,
			"NumberOfHolds":                  c.Holds,
			"LongestHoldDuration":            longest,
			"AgentPauseDuration":             nil,
			"DeviceInfo":                     nil,
			"Capabilities":                   nil,
		}
	}
	return marshal(r)
}

// Ended reports whether a contact in the service state has ended, with
// its after-contact work: its record is then streamed.
func Ended(state string) bool { return state == "COMPLETED" || state == "ENDED" }
