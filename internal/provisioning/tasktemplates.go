package provisioning

import (
	"github.com/connect-local/connect-local/internal/instance"
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
	instance.Modified
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

func (t *TaskTemplate) Field(name string) *TaskField {
	for i := range t.Fields {
		if t.Fields[i].Name == name {
			return &t.Fields[i]
		}
	}
	return nil
}

func (t *TaskTemplate) DefaultOf(name string) (string, bool) {
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
			return instance.InvalidParam("Every task template field needs an Id.Name.")
		}
		if seen[f.Name] {
			return instance.InvalidParam("Task template field %s is defined twice.", f.Name)
		}
		seen[f.Name] = true
		if f.Type == "SINGLE_SELECT" && len(f.Options) == 0 {
			return instance.InvalidParam("Field %s is SINGLE_SELECT and needs SingleSelectOptions.", f.Name)
		}
	}
	for kind, names := range map[string][]string{"RequiredFields": t.Required, "ReadOnlyFields": t.ReadOnly, "InvisibleFields": t.Invisible} {
		for _, n := range names {
			if !seen[n] {
				return instance.InvalidParam("Constraints.%s names %s, which is not a field of the template.", kind, n)
			}
		}
	}
	for _, d := range t.Defaults {
		f := t.Field(d.Field)
		if f == nil {
			return instance.InvalidParam("Defaults name %s, which is not a field of the template.", d.Field)
		}
		if f.Type == "SINGLE_SELECT" && !slices.Contains(f.Options, d.Value) {
			return instance.InvalidParam("The default of %s must be one of its options.", d.Field)
		}
	}
	if t.Status == "" {
		t.Status = "ACTIVE"
	}
	return nil
}

func (s *Provisioning) checkTemplateFlows(sc instance.Scope, st *instance.State, t *TaskTemplate) error {
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

func (s *Provisioning) taskTemplateOf(sc instance.Scope, st *instance.State, idOrARN string) (*TaskTemplate, error) {
	id, ok := instance.ResolveID(sc, st.ID, "task-template", idOrARN)
	if t := of(st).templates[id]; ok && t != nil {
		return t, nil
	}
	return nil, instance.NotFound("Task template not found: %s", idOrARN)
}

// CreateTaskTemplate stores a template; names are unique per instance,
// and a repeated ClientToken answers the first creation.
func (s *Provisioning) CreateTaskTemplate(sc instance.Scope, instanceID string, t TaskTemplate) (*TaskTemplate, error) {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return nil, err
	}
	defer st.Mu.Unlock()
	for _, o := range of(st).templates {
		if t.ClientToken != "" && o.ClientToken == t.ClientToken {
			out := *o
			return &out, nil
		}
		if strings.EqualFold(o.Name, t.Name) {
			return nil, instance.Duplicate("A task template named %s already exists.", t.Name)
		}
	}
	if err := t.check(); err != nil {
		return nil, err
	}
	if err := s.checkTemplateFlows(sc, st, &t); err != nil {
		return nil, err
	}
	t.ID = s.core.NewID()
	t.ARN = sc.ARN("instance/" + st.ID + "/task-template/" + t.ID)
	t.Tags = instance.CloneTags(t.Tags)
	t.CreatedTime = s.core.Clock.Now()
	t.Modified = s.core.Modified(sc)
	err = s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketTemplates, instance.ChildKey(st.ID, t.ID), &t)
	},
		func() { of(st).templates[t.ID] = &t })
	if err != nil {
		return nil, err
	}
	out := t
	return &out, nil
}

// GetTaskTemplate returns one template.
func (s *Provisioning) GetTaskTemplate(sc instance.Scope, instanceID, id string) (*TaskTemplate, error) {
	st, err := s.core.RLock(sc, instanceID)
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
func (s *Provisioning) UpdateTaskTemplate(sc instance.Scope, instanceID, id string, u TaskTemplateUpdate) (*TaskTemplate, error) {
	st, err := s.core.Lock(sc, instanceID)
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
		for _, o := range of(st).templates {
			if o.ID != n.ID && strings.EqualFold(o.Name, *u.Name) {
				return nil, instance.Duplicate("A task template named %s already exists.", *u.Name)
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
	n.Modified = s.core.Modified(sc)
	err = s.core.CommitData(st, func(tx storage.Tx) error {
		return instance.PutJSON(tx, bucketTemplates, instance.ChildKey(st.ID, n.ID), &n)
	},
		func() { of(st).templates[n.ID] = &n })
	if err != nil {
		return nil, err
	}
	out := n
	return &out, nil
}

// DeleteTaskTemplate deletes a template; tasks started from it keep its ID.
func (s *Provisioning) DeleteTaskTemplate(sc instance.Scope, instanceID, id string) error {
	st, err := s.core.Lock(sc, instanceID)
	if err != nil {
		return err
	}
	defer st.Mu.Unlock()
	t, err := s.taskTemplateOf(sc, st, id)
	if err != nil {
		return err
	}
	return s.core.CommitData(st, func(tx storage.Tx) error { return tx.Delete(bucketTemplates, instance.ChildKey(st.ID, t.ID)) },
		func() { delete(of(st).templates, t.ID) })
}

// ListTaskTemplates pages through templates, by exact name and status.
func (s *Provisioning) ListTaskTemplates(sc instance.Scope, instanceID, name, status string, req instance.PageRequest) (instance.Page[TaskTemplate], error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[TaskTemplate]{}, err
	}
	defer st.Mu.RUnlock()
	var all []TaskTemplate
	for _, t := range of(st).templates {
		if (name == "" || t.Name == name) && (status == "" || t.Status == status) {
			all = append(all, *t)
		}
	}
	req.Binding = "ListTaskTemplates|" + st.ID + "|" + name + "|" + status
	return instance.Paginate(s.core, all, func(t TaskTemplate) string { return t.ID }, req)
}
