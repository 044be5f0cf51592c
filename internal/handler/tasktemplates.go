package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) taskTemplateRoutes(o *api.Operations) {
	o.CreateTaskTemplate = op(h.CreateTaskTemplate)
	o.GetTaskTemplate = op(h.GetTaskTemplate)
	o.UpdateTaskTemplate = op(h.UpdateTaskTemplate)
	o.DeleteTaskTemplate = op(h.DeleteTaskTemplate)
	o.ListTaskTemplates = op(h.ListTaskTemplates)
}

func taskFieldsIn(in []*api.TaskTemplateField) []service.TaskField {
	if in == nil {
		return nil
	}
	out := make([]service.TaskField, 0, len(in))
	for _, f := range in {
		tf := service.TaskField{Type: api.Val(f.Type_), Description: api.Val(f.Description), Options: f.SingleSelectOptions}
		if f.Id != nil {
			tf.Name = api.Val(f.Id.Name)
		}
		out = append(out, tf)
	}
	return out
}

func fieldNames[T any](in []*T, id func(*T) *api.TaskTemplateFieldIdentifier) []string {
	out := []string{}
	for _, x := range in {
		if i := id(x); i != nil {
			out = append(out, api.Val(i.Name))
		}
	}
	return out
}

func constraintsIn(c *api.TaskTemplateConstraints) [3][]string {
	return [3][]string{
		fieldNames(c.RequiredFields, func(x *api.RequiredFieldInfo) *api.TaskTemplateFieldIdentifier { return x.Id }),
		fieldNames(c.ReadOnlyFields, func(x *api.ReadOnlyFieldInfo) *api.TaskTemplateFieldIdentifier { return x.Id }),
		fieldNames(c.InvisibleFields, func(x *api.InvisibleFieldInfo) *api.TaskTemplateFieldIdentifier { return x.Id }),
	}
}

func defaultsIn(d *api.TaskTemplateDefaults) []service.TaskDefault {
	out := []service.TaskDefault{}
	for _, v := range d.DefaultFieldValues {
		td := service.TaskDefault{Value: api.Val(v.DefaultValue)}
		if v.Id != nil {
			td.Field = api.Val(v.Id.Name)
		}
		out = append(out, td)
	}
	return out
}

func fieldID(name string) *api.TaskTemplateFieldIdentifier {
	return &api.TaskTemplateFieldIdentifier{Name: api.Ptr(name)}
}

func taskTemplateOut(t *service.TaskTemplate) *api.GetTaskTemplateResponse {
	out := &api.GetTaskTemplateResponse{Id: &t.ID, Arn: &t.ARN, Name: &t.Name, Description: strp(t.Description),
		ContactFlowId: strp(t.FlowID), SelfAssignFlowId: strp(t.SelfAssignFlowID), Status: &t.Status, Tags: t.Tags,
		CreatedTime: api.NewTime(t.CreatedTime), LastModifiedTime: api.NewTime(t.LastModifiedTime),
		Fields: []*api.TaskTemplateField{}, Constraints: &api.TaskTemplateConstraints{}, Defaults: &api.TaskTemplateDefaults{}}
	for _, f := range t.Fields {
		out.Fields = append(out.Fields, &api.TaskTemplateField{Id: fieldID(f.Name), Type_: strp(f.Type), Description: strp(f.Description), SingleSelectOptions: f.Options})
	}
	for _, n := range t.Required {
		out.Constraints.RequiredFields = append(out.Constraints.RequiredFields, &api.RequiredFieldInfo{Id: fieldID(n)})
	}
	for _, n := range t.ReadOnly {
		out.Constraints.ReadOnlyFields = append(out.Constraints.ReadOnlyFields, &api.ReadOnlyFieldInfo{Id: fieldID(n)})
	}
	for _, n := range t.Invisible {
		out.Constraints.InvisibleFields = append(out.Constraints.InvisibleFields, &api.InvisibleFieldInfo{Id: fieldID(n)})
	}
	for _, d := range t.Defaults {
		out.Defaults.DefaultFieldValues = append(out.Defaults.DefaultFieldValues, &api.TaskTemplateDefaultFieldValue{Id: fieldID(d.Field), DefaultValue: api.Ptr(d.Value)})
	}
	return out
}

func (h *Handler) CreateTaskTemplate(_ context.Context, sc service.Scope, in *api.CreateTaskTemplateRequest) (*api.CreateTaskTemplateResponse, error) {
	t := service.TaskTemplate{Name: *in.Name, Description: api.Val(in.Description), FlowID: api.Val(in.ContactFlowId),
		SelfAssignFlowID: api.Val(in.SelfAssignFlowId), Status: api.Val(in.Status), Fields: taskFieldsIn(in.Fields), ClientToken: api.Val(in.ClientToken)}
	if in.Constraints != nil {
		c := constraintsIn(in.Constraints)
		t.Required, t.ReadOnly, t.Invisible = c[0], c[1], c[2]
	}
	if in.Defaults != nil {
		t.Defaults = defaultsIn(in.Defaults)
	}
	out, err := h.svc.CreateTaskTemplate(sc, *in.InstanceId, t)
	if err != nil {
		return nil, err
	}
	return &api.CreateTaskTemplateResponse{Id: &out.ID, Arn: &out.ARN}, nil
}

func (h *Handler) GetTaskTemplate(_ context.Context, sc service.Scope, in *api.GetTaskTemplateRequest) (*api.GetTaskTemplateResponse, error) {
	t, err := h.svc.GetTaskTemplate(sc, *in.InstanceId, *in.TaskTemplateId)
	if err != nil {
		return nil, err
	}
	out := taskTemplateOut(t)
	out.InstanceId = in.InstanceId
	return out, nil
}

func (h *Handler) UpdateTaskTemplate(_ context.Context, sc service.Scope, in *api.UpdateTaskTemplateRequest) (*api.UpdateTaskTemplateResponse, error) {
	u := service.TaskTemplateUpdate{Name: in.Name, Description: in.Description, FlowID: in.ContactFlowId,
		SelfAssignFlowID: in.SelfAssignFlowId, Status: in.Status, Fields: taskFieldsIn(in.Fields)}
	if in.Constraints != nil {
		c := constraintsIn(in.Constraints)
		u.Constraints = &c
	}
	if in.Defaults != nil {
		d := defaultsIn(in.Defaults)
		u.Defaults = &d
	}
	t, err := h.svc.UpdateTaskTemplate(sc, *in.InstanceId, *in.TaskTemplateId, u)
	if err != nil {
		return nil, err
	}
	g := taskTemplateOut(t)
	return &api.UpdateTaskTemplateResponse{Id: g.Id, Arn: g.Arn, Name: g.Name, Description: g.Description, ContactFlowId: g.ContactFlowId,
		SelfAssignFlowId: g.SelfAssignFlowId, Status: g.Status, Fields: g.Fields, Constraints: g.Constraints, Defaults: g.Defaults,
		CreatedTime: g.CreatedTime, LastModifiedTime: g.LastModifiedTime, InstanceId: in.InstanceId}, nil
}

func (h *Handler) DeleteTaskTemplate(_ context.Context, sc service.Scope, in *api.DeleteTaskTemplateRequest) (*api.DeleteTaskTemplateResponse, error) {
	if err := h.svc.DeleteTaskTemplate(sc, *in.InstanceId, *in.TaskTemplateId); err != nil {
		return nil, err
	}
	return &api.DeleteTaskTemplateResponse{}, nil
}

func (h *Handler) ListTaskTemplates(_ context.Context, sc service.Scope, in *api.ListTaskTemplatesRequest) (*api.ListTaskTemplatesResponse, error) {
	page, err := h.svc.ListTaskTemplates(sc, *in.InstanceId, api.Val(in.Name), api.Val(in.Status), pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListTaskTemplatesResponse{TaskTemplates: []*api.TaskTemplateMetadata{}, NextToken: nextToken(page.NextToken)}
	for _, t := range page.Items {
		out.TaskTemplates = append(out.TaskTemplates, &api.TaskTemplateMetadata{Id: api.Ptr(t.ID), Arn: api.Ptr(t.ARN), Name: api.Ptr(t.Name),
			Description: strp(t.Description), Status: api.Ptr(t.Status), CreatedTime: api.NewTime(t.CreatedTime), LastModifiedTime: api.NewTime(t.LastModifiedTime)})
	}
	return out, nil
}
