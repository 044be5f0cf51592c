package service

import (
	"slices"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/storage"
)

// Task templates (docs/provisioning.md#task-templates). A template names a
// task's fields; StartTaskContact with TaskTemplateId takes the
// template's flow when none is given, fills fields from its defaults, and
// refuses a task that leaves a required field empty or sets a read-only
// field to anything but its default; UpdateContact keeps those rules for
// the life of the task. Field values travel as they do in Connect: the
// NAME field is the task's Name, DESCRIPTION its Description,
// QUICK_CONNECT its QuickConnectId, SCHEDULED_TIME its ScheduledTime, and
// every other field a reference named after the field.

// TaskTemplate is a task template.
type TaskTemplate struct {
	ID               string            `json:"id"`
	ARN              string            `json:"arn"`
	Name             string            `json:"name"`
	Description      string            `json:"description,omitempty"`
	FlowID           string            `json:"flowId,omitempty"`
	SelfAssignFlowID string            `json:"selfAssignFlowId,omitempty"`
	Status           string            `json:"status"`
	Fields           []TaskField       `json:"fields"`
	Required         []string          `json:"required,omitempty"`
	ReadOnly         []string          `json:"readOnly,omitempty"`
	Invisible        []string          `json:"invisible,omitempty"`
	Defaults         []TaskDefault     `json:"defaults,omitempty"`
	ClientToken      string            `json:"clientToken,omitempty"`
	Tags             map[string]string `json:"tags,omitempty"`
	CreatedTime      time.Time         `json:"createdTime"`
	Modified
}

// TaskField is one field of a task template.
type TaskField struct {
	Name        string   `json:"name"`
	Type        string   `json:"type,omitempty"`
	Description string   `json:"description,omitempty"`
	Options     []string `json:"options,omitempty"`
}

// TaskDefault is a field's default value.
type TaskDefault struct {
	Field string `json:"field"`
	Value string `json:"value"`
}

func (t *TaskTemplate) field(name string) *TaskField {
	for i := range t.Fields {
		if t.Fields[i].Name == name {
			return &t.Fields[i]
		}
	}
	return nil
}

func (t *TaskTemplate) defaultOf(name string) (string, bool) {
	for _, d := range t.Defaults {
		if d.Field == name {
			return d.Value, true
		}
	}
	return "", false
}

// check validates the template's fields, constraints and defaults.
func (t *TaskTemplate) check() error {
	seen := map[string]bool{}
	for _, f := range t.Fields {
		if f.Name == "" {
			return invalidParam("Every task template field needs an Id.Name.")
		}
		if seen[f.Name] {
			return invalidParam("Task template field %s is defined twice.", f.Name)
		}
		seen[f.Name] = true
		if f.Type == "SINGLE_SELECT" && len(f.Options) == 0 {
			return invalidParam("Field %s is SINGLE_SELECT and needs SingleSelectOptions.", f.Name)
		}
	}
	for kind, names := range map[string][]string{"RequiredFields": t.Required, "ReadOnlyFields": t.ReadOnly, "InvisibleFields": t.Invisible} {
		for _, n := range names {
			if !seen[n] {
				return invalidParam("Constraints.%s names %s, which is not a field of the template.", kind, n)
			}
		}
	}
	for _, d := range t.Defaults {
		f := t.field(d.Field)
		if f == nil {
			return invalidParam("Defaults name %s, which is not a field of the template.", d.Field)
		}
		if f.Type == "SINGLE_SELECT" && !slices.Contains(f.Options, d.Value) {
			return invalidParam("The default of %s must be one of its options.", d.Field)
		}
	}
	if t.Status == "" {
		t.Status = "ACTIVE"
	}
	return nil
}

func (s *Service) checkTemplateFlows(sc Scope, st *instanceState, t *TaskTemplate) error {
	for _, id := range []*string{&t.FlowID, &t.SelfAssignFlowID} {
		if *id == "" {
			continue
		}
		f, err := s.flowOf(sc, st, *id)
		if err != nil {
			return err
		}
		*id = f.ID
	}
	return nil
}

func (s *Service) taskTemplateOf(sc Scope, st *instanceState, idOrARN string) (*TaskTemplate, error) {
	id, ok := resolveID(sc, st.ID, "task-template", idOrARN)
	if t := st.templates[id]; ok && t != nil {
		return t, nil
	}
	return nil, notFound("Task template not found: %s", idOrARN)
}

// CreateTaskTemplate stores a template; names are unique per instance,
// and a repeated ClientToken answers the first creation.
func (s *Service) CreateTaskTemplate(sc Scope, instanceID string, t TaskTemplate) (*TaskTemplate, error) {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	for _, o := range st.templates {
		if t.ClientToken != "" && o.ClientToken == t.ClientToken {
			out := *o
			return &out, nil
		}
		if strings.EqualFold(o.Name, t.Name) {
			return nil, duplicate("A task template named %s already exists.", t.Name)
		}
	}
	if err := t.check(); err != nil {
		return nil, err
	}
	if err := s.checkTemplateFlows(sc, st, &t); err != nil {
		return nil, err
	}
	t.ID = s.newID()
	t.ARN = sc.ARN("instance/" + st.ID + "/task-template/" + t.ID)
	t.Tags = cloneTags(t.Tags)
	t.CreatedTime = s.clock.Now()
	t.Modified = s.modified(sc)
	err = s.commitData(st, func(tx storage.Tx) error { return putJSON(tx, bucketTemplates, childKey(st.ID, t.ID), &t) },
		func() { st.templates[t.ID] = &t })
	if err != nil {
		return nil, err
	}
	out := t
	return &out, nil
}

// GetTaskTemplate returns one template.
func (s *Service) GetTaskTemplate(sc Scope, instanceID, id string) (*TaskTemplate, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.RUnlock()
	t, err := s.taskTemplateOf(sc, st, id)
	if err != nil {
		return nil, err
	}
	out := *t
	return &out, nil
}

// TaskTemplateUpdate is UpdateTaskTemplate's input: a nil field stays.
type TaskTemplateUpdate struct {
	Name, Description, FlowID, SelfAssignFlowID, Status *string
	Fields                                              []TaskField
	// Constraints and Defaults replace the template's when set.
	Constraints *[3][]string // required, read-only, invisible
	Defaults    *[]TaskDefault
}

// UpdateTaskTemplate changes a template and returns it.
func (s *Service) UpdateTaskTemplate(sc Scope, instanceID, id string, u TaskTemplateUpdate) (*TaskTemplate, error) {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	t, err := s.taskTemplateOf(sc, st, id)
	if err != nil {
		return nil, err
	}
	n := *t
	if u.Name != nil {
		for _, o := range st.templates {
			if o.ID != n.ID && strings.EqualFold(o.Name, *u.Name) {
				return nil, duplicate("A task template named %s already exists.", *u.Name)
			}
		}
		n.Name = *u.Name
	}
	for _, p := range []struct{ from, to *string }{{u.Description, &n.Description}, {u.FlowID, &n.FlowID},
		{u.SelfAssignFlowID, &n.SelfAssignFlowID}, {u.Status, &n.Status}} {
		if p.from != nil {
			*p.to = *p.from
		}
	}
	if u.Fields != nil {
		n.Fields = u.Fields
	}
	if u.Constraints != nil {
		n.Required, n.ReadOnly, n.Invisible = u.Constraints[0], u.Constraints[1], u.Constraints[2]
	}
	if u.Defaults != nil {
		n.Defaults = *u.Defaults
	}
	if err := n.check(); err != nil {
		return nil, err
	}
	if err := s.checkTemplateFlows(sc, st, &n); err != nil {
		return nil, err
	}
	n.Modified = s.modified(sc)
	err = s.commitData(st, func(tx storage.Tx) error { return putJSON(tx, bucketTemplates, childKey(st.ID, n.ID), &n) },
		func() { st.templates[n.ID] = &n })
	if err != nil {
		return nil, err
	}
	out := n
	return &out, nil
}

// DeleteTaskTemplate deletes a template; tasks started from it keep its ID.
func (s *Service) DeleteTaskTemplate(sc Scope, instanceID, id string) error {
	st, err := s.lockInstance(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	t, err := s.taskTemplateOf(sc, st, id)
	if err != nil {
		return err
	}
	return s.commitData(st, func(tx storage.Tx) error { return tx.Delete(bucketTemplates, childKey(st.ID, t.ID)) },
		func() { delete(st.templates, t.ID) })
}

// ListTaskTemplates pages through templates, by exact name and status.
func (s *Service) ListTaskTemplates(sc Scope, instanceID, name, status string, req PageRequest) (Page[TaskTemplate], error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return Page[TaskTemplate]{}, err
	}
	defer st.Mu.RUnlock()
	var all []TaskTemplate
	for _, t := range st.templates {
		if (name == "" || t.Name == name) && (status == "" || t.Status == status) {
			all = append(all, *t)
		}
	}
	req.Binding = "ListTaskTemplates|" + st.ID + "|" + name + "|" + status
	return paginate(s, all, func(t TaskTemplate) string { return t.ID }, req)
}

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
	t, err := s.taskTemplateOf(sc, st, templateID)
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
		def, hasDef := t.defaultOf(f.Name)
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
			changed, emptied = in.Description != nil && *in.Description != c.Description, in.Description != nil && *in.Description == ""
		case "QUICK_CONNECT", "SCHEDULED_TIME":
			continue
		default:
			r, ok := in.References[f.Name]
			changed, emptied = ok && r.Value != c.References[f.Name].Value, ok && r.Value == ""
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
