package service

import (
	"github.com/connect-local/connect-local/internal/provisioning"
	"slices"
	"time"
)

// Task templates are internal/provisioning's; these are the contact
// side of them: filling a task from its template when it starts, and
// checking an update against it.

// templateRefType is the reference type a field's value travels as.
func templateRefType(fieldType string) string {
	switch fieldType {
	case "URL", "NUMBER", "EMAIL":
		return fieldType
	case "DATE_TIME":
		return "DATE"
	}
	return "STRING"
}

// taskValue reads field f's value from a task's name, description,
// quick connect, schedule and references.
func taskValue(f *TaskField, name, description, quickConnect string, scheduled time.Time, refs map[string]Ref) (string, bool) {
	switch f.Type {
	case "NAME":
		return name, name != ""
	case "DESCRIPTION":
		return description, description != ""
	case "QUICK_CONNECT":
		return quickConnect, quickConnect != ""
	case "SCHEDULED_TIME":
		return scheduled.String(), !scheduled.IsZero()
	}
	r, ok := refs[f.Name]
	return r.Value, ok && r.Value != ""
}

// applyTaskTemplate fills a new task from template t: its flow when none
// is given, its defaults, then checks required and read-only fields.
func (s *Service) applyTaskTemplate(sc Scope, st *instanceState, templateID string, in *StartContactInput) (*TaskTemplate, error) {
	t, err := provisioning.TaskTemplateOf(s.Provisioning, sc, st.State, templateID)
	if err != nil {
		return nil, err
	}
	if t.Status != "ACTIVE" {
		return nil, invalidRequest("Task template %s is %s.", t.Name, t.Status)
	}
	if in.FlowID == "" && in.QuickConnectID == "" {
		if t.FlowID == "" {
			return nil, invalidParam("Task template %s has no ContactFlowId; give ContactFlowId or QuickConnectId.", t.Name)
		}
		in.FlowID = t.FlowID
	}
	given := map[string]bool{}
	for i := range t.Fields {
		f := &t.Fields[i]
		v, ok := taskValue(f, in.Name, in.Description, in.QuickConnectID, in.ScheduledTime, in.References)
		given[f.Name] = ok
		def, hasDef := t.DefaultOf(f.Name)
		if ok && slices.Contains(t.ReadOnly, f.Name) && v != def {
			return nil, invalidParam("Field %s of task template %s is read-only.", f.Name, t.Name)
		}
		if ok || !hasDef {
			continue
		}
		switch f.Type {
		case "NAME":
			in.Name = def
		case "DESCRIPTION":
			in.Description = def
		case "QUICK_CONNECT":
			in.QuickConnectID = def
		case "SCHEDULED_TIME":
			continue
		default:
			refs := map[string]Ref{}
			for k, r := range in.References {
				refs[k] = r
			}
			refs[f.Name] = Ref{Type: templateRefType(f.Type), Value: def}
			in.References = refs
		}
		given[f.Name] = true
	}
	for _, n := range t.Required {
		if !given[n] {
			return nil, invalidParam("Field %s of task template %s is required.", n, t.Name)
		}
	}
	return t, nil
}

// checkTaskUpdate applies a task's template rules to an UpdateContact:
// read-only fields keep their values, required ones stay filled.
func checkTaskUpdate(t *TaskTemplate, c *Contact, in ContactUpdate) error {
	for i := range t.Fields {
		f := &t.Fields[i]
		var changed, emptied bool
		switch f.Type {
		case "NAME":
			changed, emptied = in.Name != nil && *in.Name != c.Name, in.Name != nil && *in.Name == ""
		case "DESCRIPTION":
			changed, emptied = in.Description != nil && *in.Description != c.Extra().Description, in.Description != nil && *in.Description == ""
		case "QUICK_CONNECT", "SCHEDULED_TIME":
			continue
		default:
			r, ok := in.References[f.Name]
			changed, emptied = ok && r.Value != c.Extra().References[f.Name].Value, ok && r.Value == ""
		}
		if changed && slices.Contains(t.ReadOnly, f.Name) {
			return invalidParam("Field %s of task template %s is read-only.", f.Name, t.Name)
		}
		if emptied && slices.Contains(t.Required, f.Name) {
			return invalidParam("Field %s of task template %s is required.", f.Name, t.Name)
		}
	}
	return nil
}
