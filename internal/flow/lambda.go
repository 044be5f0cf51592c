package flow

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// The Lambda event Connect sends (docs/flows.md#invokelambdafunction):
// Name "ContactFlowEvent", Details.ContactData and Details.Parameters.
type lambdaEvent struct {
	Name    string        `json:"Name"`
	Details lambdaDetails `json:"Details"`
}

type lambdaDetails struct {
	ContactData lambdaContact     `json:"ContactData"`
	Parameters  map[string]string `json:"Parameters"`
}

type lambdaEndpoint struct {
	Address string `json:"Address"`
	Type    string `json:"Type"`
}

type lambdaQueue struct {
	ARN  string `json:"ARN"`
	Name string `json:"Name"`
}

type lambdaContact struct {
	Attributes        map[string]string `json:"Attributes"`
	Channel           string            `json:"Channel"`
	ContactID         string            `json:"ContactId"`
	CustomerEndpoint  *lambdaEndpoint   `json:"CustomerEndpoint"`
	Description       *string           `json:"Description"`
	InitialContactID  string            `json:"InitialContactId"`
	InitiationMethod  string            `json:"InitiationMethod"`
	InstanceARN       string            `json:"InstanceARN"`
	LanguageCode      string            `json:"LanguageCode,omitempty"`
	MediaStreams      map[string]any    `json:"MediaStreams"`
	Name              *string           `json:"Name"`
	PreviousContactID string            `json:"PreviousContactId"`
	Queue             *lambdaQueue      `json:"Queue"`
	SystemEndpoint    *lambdaEndpoint   `json:"SystemEndpoint"`
	Tags              map[string]string `json:"Tags,omitempty"`
}

// lambdaEvent builds the payload of an InvokeLambdaFunction block.
func (e *Execution) lambdaEvent(params map[string]string) []byte {
	c := e.Contact
	lc := lambdaContact{
		Attributes: e.Attributes, Channel: c.Channel, ContactID: c.ContactID,
		InitialContactID: c.InitialContactID, InitiationMethod: c.InitiationMethod, InstanceARN: c.InstanceARN,
		LanguageCode: e.LanguageCode, MediaStreams: map[string]any{"Customer": map[string]any{"Audio": nil}},
		PreviousContactID: c.PreviousContactID, Tags: e.Tags,
	}
	if lc.InitialContactID == "" {
		lc.InitialContactID = c.ContactID
	}
	if lc.PreviousContactID == "" {
		lc.PreviousContactID = c.ContactID
	}
	if c.CustomerEndpoint != "" {
		lc.CustomerEndpoint = &lambdaEndpoint{Address: c.CustomerEndpoint, Type: "TELEPHONE_NUMBER"}
	}
	if c.SystemEndpoint != "" {
		lc.SystemEndpoint = &lambdaEndpoint{Address: c.SystemEndpoint, Type: "TELEPHONE_NUMBER"}
	}
	if e.QueueID != "" && !e.AgentQueue {
		lc.Queue = &lambdaQueue{ARN: e.QueueARN, Name: e.QueueName}
	}
	if e.Name != "" {
		lc.Name = &e.Name
	}
	if e.Description != "" {
		lc.Description = &e.Description
	}
	if params == nil {
		params = map[string]string{}
	}
	b, _ := json.Marshal(lambdaEvent{Name: "ContactFlowEvent", Details: lambdaDetails{ContactData: lc, Parameters: params}})
	return b
}

// readLambdaAnswer checks a function's answer as Connect does: with
// STRING_MAP it must be a flat object of strings (numbers and booleans are
// taken as their text); with JSON any object.
func readLambdaAnswer(payload []byte, typ string) (any, error) {
	d := json.NewDecoder(bytes.NewReader(payload))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("the function's answer is not JSON: %v", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("the function's answer is not a JSON object")
	}
	switch typ {
	case "JSON":
		return m, nil
	case "STRING_MAP":
		out := make(map[string]any, len(m))
		for k, x := range m {
			switch y := x.(type) {
			case string:
				out[k] = y
			case json.Number:
				out[k] = y.String()
			case bool, nil:
				b, _ := json.Marshal(y)
				out[k] = string(b)
			default:
				return nil, fmt.Errorf("the function's answer is not a STRING_MAP: %q is nested", k)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("ResponseType %q is neither STRING_MAP nor JSON", typ)
}
