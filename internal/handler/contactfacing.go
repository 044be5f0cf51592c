package handler

import (
	"context"
	"errors"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// Contact tags, task pauses and an entity's security profiles
// (docs/provisioning.md#contact-tags-and-pauses).
func (h *Handler) contactFacingRoutes(o *api.Operations) {
	o.TagContact = op(h.TagContact)
	o.UntagContact = op(h.UntagContact)
	o.PauseContact = op(h.PauseContact)
	o.ResumeContact = op(h.ResumeContact)
	o.AssociateSecurityProfiles = op0(h.AssociateSecurityProfiles)
	o.DisassociateSecurityProfiles = op0(h.DisassociateSecurityProfiles)
	o.ListEntitySecurityProfiles = op(h.ListEntitySecurityProfiles)
}

func (h *Handler) TagContact(_ context.Context, sc service.Scope, in *api.TagContactRequest) (*api.TagContactResponse, error) {
	return &api.TagContactResponse{}, h.svc.TagContact(sc, *in.InstanceId, *in.ContactId, in.Tags)
}

func (h *Handler) UntagContact(_ context.Context, sc service.Scope, in *api.UntagContactRequest) (*api.UntagContactResponse, error) {
	return &api.UntagContactResponse{}, h.svc.UntagContact(sc, *in.InstanceId, *in.ContactId, in.TagKeys)
}

// pauseErr answers a refusal of the contact's state as ConflictException,
// the conflict these two operations model.
func pauseErr(err error) error {
	var se *service.Error
	if errors.As(err, &se) && se.Kind == service.KindConflict {
		return wire.Errorf("ConflictException", 409, "%s", se.Message)
	}
	return err
}

func (h *Handler) PauseContact(_ context.Context, sc service.Scope, in *api.PauseContactRequest) (*api.PauseContactResponse, error) {
	if err := h.svc.PauseContact(sc, *in.InstanceId, *in.ContactId, api.Val(in.ContactFlowId), true); err != nil {
		return nil, pauseErr(err)
	}
	return &api.PauseContactResponse{}, nil
}

func (h *Handler) ResumeContact(_ context.Context, sc service.Scope, in *api.ResumeContactRequest) (*api.ResumeContactResponse, error) {
	if err := h.svc.PauseContact(sc, *in.InstanceId, *in.ContactId, api.Val(in.ContactFlowId), false); err != nil {
		return nil, pauseErr(err)
	}
	return &api.ResumeContactResponse{}, nil
}

// pauseOut fills DescribeContact's pause members.
func pauseOut(out *api.Contact, c *service.Contact) {
	p := c.Extra().Pause
	if p == nil {
		return
	}
	out.LastPausedTimestamp, out.LastResumedTimestamp = api.NewTime(p.LastPaused), api.NewTime(p.LastResume)
	out.TotalPauseCount, out.TotalPauseDurationInSeconds = api.Ptr(p.Count), api.Ptr(int64(p.Total.Seconds()))
}

func profileItemIDs(in []*api.SecurityProfileItem) []string {
	ids := make([]string, 0, len(in))
	for _, p := range in {
		ids = append(ids, api.Val(p.Id))
	}
	return ids
}

func (h *Handler) AssociateSecurityProfiles(_ context.Context, sc service.Scope, in *api.AssociateSecurityProfilesRequest) error {
	return h.svc.AssociateEntitySecurityProfiles(sc, *in.InstanceId, *in.EntityType, *in.EntityArn, profileItemIDs(in.SecurityProfiles))
}

func (h *Handler) DisassociateSecurityProfiles(_ context.Context, sc service.Scope, in *api.DisassociateSecurityProfilesRequest) error {
	return h.svc.DisassociateEntitySecurityProfiles(sc, *in.InstanceId, *in.EntityType, *in.EntityArn, profileItemIDs(in.SecurityProfiles))
}

func (h *Handler) ListEntitySecurityProfiles(_ context.Context, sc service.Scope, in *api.ListEntitySecurityProfilesRequest) (*api.ListEntitySecurityProfilesResponse, error) {
	page, err := h.svc.EntitySecurityProfiles(sc, *in.InstanceId, *in.EntityType, *in.EntityArn, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListEntitySecurityProfilesResponse{SecurityProfiles: []*api.SecurityProfileItem{}, NextToken: nextToken(page.NextToken)}
	for _, id := range page.Items {
		out.SecurityProfiles = append(out.SecurityProfiles, &api.SecurityProfileItem{Id: api.Ptr(id)})
	}
	return out, nil
}
