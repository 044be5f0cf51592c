package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ARN is the contact's ARN, "" when no base was set (SetARNBase).
func (c *Contact) ARN() string {
	if c.arnBase == nil {
		return ""
	}
	return *c.arnBase + c.ID
}

// SetARNBase sets the instance's contact ARN prefix ("arn:aws:connect:
// <region>:<account>:instance/<id>/contact/"). The string is shared, never
// copied: callers pass one pointer per instance.
func (c *Contact) SetARNBase(base *string) { c.arnBase = base }

// MarshalJSON writes the stored record: the fields as tagged, with "arn"
// right after "id", as records have always been written.
func (c Contact) MarshalJSON() ([]byte, error) {
	type plain Contact
	b, err := json.Marshal((*plain)(&c))
	if err != nil {
		return nil, err
	}
	id, err := json.Marshal(c.ID)
	if err != nil {
		return nil, err
	}
	head := append([]byte(`{"id":`), id...)
	if !bytes.HasPrefix(b, head) {
		return nil, fmt.Errorf("contact %s: record does not start with its id", c.ID)
	}
	arn, err := json.Marshal(c.ARN())
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(b)+len(arn)+7)
	out = append(out, head...)
	out = append(out, `,"arn":`...)
	out = append(out, arn...)
	return append(out, b[len(head):]...), nil
}
