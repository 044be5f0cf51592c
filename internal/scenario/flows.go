package scenario

import (
	"encoding/json"
	"time"
)

// TraceOffsets are a trace's arrival offsets from the start of the run, in
// order (nil for a Poisson contact type).
func (ct *ContactType) TraceOffsets() []time.Duration { return ct.trace }

// GeneratedFlow is the flow a contact type with routing steps or a priority
// runs: set them, then transfer to the working queue (the contact type's
// queue, given when the contact starts). ok is false when the contact type
// needs no flow of its own.
func (ct *ContactType) GeneratedFlow() (name, content string, ok bool) {
	if ct.Flow != "" || (len(ct.RoutingSteps) == 0 && ct.Priority == nil) {
		return "", "", false
	}
	type action struct {
		Identifier  string         `json:"Identifier"`
		Type        string         `json:"Type"`
		Parameters  map[string]any `json:"Parameters"`
		Transitions map[string]any `json:"Transitions"`
	}
	next := func(id string) map[string]any {
		return map[string]any{"NextAction": id, "Errors": []any{map[string]any{"NextAction": id, "ErrorType": "NoMatchingError"}}}
	}
	var actions []action
	if ct.Priority != nil {
		actions = append(actions, action{"priority", "UpdateContactRoutingBehavior", map[string]any{"QueuePriority": *ct.Priority}, map[string]any{"NextAction": "steps"}})
	}
	if len(ct.RoutingSteps) > 0 {
		actions = append(actions, action{"steps", "UpdateRoutingCriteria", map[string]any{"RoutingCriteria": map[string]any{"Steps": ct.RoutingSteps}}, next("transfer")})
	}
	if ct.Priority != nil && len(ct.RoutingSteps) == 0 {
		actions[0].Transitions["NextAction"] = "transfer"
	}
	actions = append(actions,
		action{"transfer", "TransferContactToQueue", map[string]any{}, map[string]any{"NextAction": "disconnect", "Errors": []any{
			map[string]any{"NextAction": "disconnect", "ErrorType": "QueueAtCapacity"},
			map[string]any{"NextAction": "disconnect", "ErrorType": "NoMatchingError"}}}},
		action{"disconnect", "DisconnectParticipant", map[string]any{}, map[string]any{}})
	b, err := json.Marshal(map[string]any{"Version": "2019-10-30", "StartAction": actions[0].Identifier, "Actions": actions})
	if err != nil {
		return "", "", false
	}
	return "Simulated " + ct.Name, string(b), true
}
