package testcase

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// Spec is a test case as CreateTestCase takes it (the request's JSON
// body): a file of `connect-local test` is exactly that.
type Spec struct {
	Name        string
	Description string
	EntryPoint  struct {
		Type                          string
		VoiceCallEntryPointParameters *struct{ FlowId, SourcePhoneNumber, DestinationPhoneNumber string }
		ChatEntryPointParameters      *struct{ FlowId string }
	}
	Content            string
	InitializationData string
}

// FlowID is the entry point's flow; Channel its channel.
func (s *Spec) FlowID() (flowID, channel, source, destination string) {
	if v := s.EntryPoint.VoiceCallEntryPointParameters; v != nil {
		return v.FlowId, "VOICE", v.SourcePhoneNumber, v.DestinationPhoneNumber
	}
	if c := s.EntryPoint.ChatEntryPointParameters; c != nil {
		return c.FlowId, "CHAT", "", ""
	}
	return "", "VOICE", "", ""
}

// ReadSpec reads a test-case file.
func ReadSpec(path string) (*Spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s Spec
	d := json.NewDecoder(bytes.NewReader(b))
	if err := d.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: not a CreateTestCase request body: %v", path, err)
	}
	if s.Content == "" {
		return nil, fmt.Errorf("%s: Content is missing (the test case, as a JSON string)", path)
	}
	if id, _, _, _ := s.FlowID(); id == "" {
		return nil, fmt.Errorf("%s: EntryPoint names no FlowId", path)
	}
	if s.Name == "" {
		s.Name = path
	}
	return &s, nil
}
