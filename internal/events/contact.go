package events

import (
	"encoding/json"
	"time"
)

// The EventBridge envelope of contact events.
const (
	ContactEventSource     = "aws.connect"
	ContactEventDetailType = "Amazon Connect Contact Event"
)

// Contact event types streamed (the service's engine events of the same
// names; COMPLETED is after-contact work ending).
var ContactEventTypes = map[string]bool{
	"INITIATED": true, "QUEUED": true, "CONNECTED_TO_AGENT": true, "DISCONNECTED": true,
	"CONTACT_DATA_UPDATED": true, "COMPLETED": true,
}

// ContactEvent is the detail of an "Amazon Connect Contact Event" for c
// at the time of an event of type typ.
func ContactEvent(typ string, at time.Time, c *Contact) (json.RawMessage, error) {
	d := map[string]any{
		"eventType":                  typ,
		"contactId":                  c.ID,
		"initialContactId":           str(c.InitialContactID),
		"previousContactId":          str(c.PreviousContactID),
		"channel":                    c.Channel,
		"instanceArn":                c.InstanceARN,
		"initiationMethod":           c.InitiationMethod,
		"initiationTimestamp":        tsMilli(c.Initiation),
		"connectedToSystemTimestamp": tsMilli(c.ConnectedToSystem),
		"disconnectTimestamp":        tsMilli(c.Disconnect),
		"disconnectReason":           str(c.DisconnectReason),
		"tags":                       stringMap(c.Tags),
		"eventTimestamp":             tsMilli(at),
	}
	if c.Queue != nil {
		d["queueInfo"] = map[string]any{"queueArn": c.Queue.ARN, "queueType": c.QueueType, "enqueueTimestamp": tsMilli(c.Enqueue)}
	}
	if c.Agent != nil {
		d["agentInfo"] = map[string]any{"agentArn": c.Agent.ARN, "connectedToAgentTimestamp": tsMilli(c.ConnectedToAgent)}
	}
	return marshal(d)
}
