package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/service"
)

// Contact recording, contact references, federation tokens and the tag
// search (docs/provisioning.md).
func (h *Handler) contactExtraRoutes(o *api.Operations) {
	o.StartContactRecording = op(h.StartContactRecording)
	o.StopContactRecording = op(h.StopContactRecording)
	o.SuspendContactRecording = op(h.SuspendContactRecording)
	o.ResumeContactRecording = op(h.ResumeContactRecording)
	o.ListContactReferences = op(h.ListContactReferences)
	o.GetFederationToken = op(h.GetFederationToken)
	o.SearchResourceTags = op(h.SearchResourceTags)
}

func (h *Handler) StartContactRecording(_ context.Context, sc service.Scope, in *api.StartContactRecordingRequest) (*api.StartContactRecordingResponse, error) {
	track := api.Val(in.VoiceRecordingConfiguration.VoiceRecordingTrack)
	if err := h.svc.ChangeRecording(sc, *in.InstanceId, *in.ContactId, *in.InitialContactId, "start", track); err != nil {
		return nil, err
	}
	return &api.StartContactRecordingResponse{}, nil
}

func (h *Handler) StopContactRecording(_ context.Context, sc service.Scope, in *api.StopContactRecordingRequest) (*api.StopContactRecordingResponse, error) {
	if err := h.svc.ChangeRecording(sc, *in.InstanceId, *in.ContactId, *in.InitialContactId, "stop", ""); err != nil {
		return nil, err
	}
	return &api.StopContactRecordingResponse{}, nil
}

func (h *Handler) SuspendContactRecording(_ context.Context, sc service.Scope, in *api.SuspendContactRecordingRequest) (*api.SuspendContactRecordingResponse, error) {
	if err := h.svc.ChangeRecording(sc, *in.InstanceId, *in.ContactId, *in.InitialContactId, "suspend", ""); err != nil {
		return nil, err
	}
	return &api.SuspendContactRecordingResponse{}, nil
}

func (h *Handler) ResumeContactRecording(_ context.Context, sc service.Scope, in *api.ResumeContactRecordingRequest) (*api.ResumeContactRecordingResponse, error) {
	if err := h.svc.ChangeRecording(sc, *in.InstanceId, *in.ContactId, *in.InitialContactId, "resume", ""); err != nil {
		return nil, err
	}
	return &api.ResumeContactRecordingResponse{}, nil
}

func (h *Handler) ListContactReferences(_ context.Context, sc service.Scope, in *api.ListContactReferencesRequest) (*api.ListContactReferencesResponse, error) {
	page, err := h.svc.ContactReferences(sc, *in.InstanceId, *in.ContactId, in.ReferenceTypes, pageReq(nil, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.ListContactReferencesResponse{ReferenceSummaryList: []*api.ReferenceSummary{}, NextToken: nextToken(page.NextToken)}
	for _, r := range page.Items {
		name, value := api.Ptr(r.Name), api.Ptr(r.Value)
		s := &api.ReferenceSummary{}
		switch r.Type {
		case "URL":
			s.Url = &api.UrlReference{Name: name, Value: value}
		case "ATTACHMENT":
			s.Attachment = &api.AttachmentReference{Name: name, Value: value, Status: strp(r.Status), Arn: strp(r.ARN)}
		case "NUMBER":
			s.Number = &api.NumberReference{Name: name, Value: value}
		case "DATE":
			s.Date = &api.DateReference{Name: name, Value: value}
		case "EMAIL":
			s.Email = &api.EmailReference{Name: name, Value: value}
		default:
			s.String_ = &api.StringReference{Name: name, Value: value}
		}
		out.ReferenceSummaryList = append(out.ReferenceSummaryList, s)
	}
	return out, nil
}

func (h *Handler) GetFederationToken(_ context.Context, sc service.Scope, in *api.GetFederationTokenRequest) (*api.GetFederationTokenResponse, error) {
	t, err := h.svc.GetFederationToken(sc, *in.InstanceId)
	if err != nil {
		return nil, err
	}
	return &api.GetFederationTokenResponse{SignInUrl: &t.SignInURL, Credentials: &api.Credentials{
		AccessToken: &t.AccessToken, AccessTokenExpiration: api.NewTime(t.AccessExpiration),
		RefreshToken: &t.RefreshToken, RefreshTokenExpiration: api.NewTime(t.RefreshExpiration)}}, nil
}

func (h *Handler) SearchResourceTags(_ context.Context, sc service.Scope, in *api.SearchResourceTagsRequest) (*api.SearchResourceTagsResponse, error) {
	var cond service.TagCondition
	if c := in.SearchCriteria; c != nil && c.TagSearchCondition != nil {
		t := c.TagSearchCondition
		cond = service.TagCondition{Key: api.Val(t.TagKey), KeyComparison: api.Val(t.TagKeyComparisonType),
			Value: api.Val(t.TagValue), ValueComparison: api.Val(t.TagValueComparisonType)}
	}
	page, err := h.svc.SearchResourceTags(sc, *in.InstanceId, in.ResourceTypes, cond, pageReq(in.MaxResults, in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.SearchResourceTagsResponse{Tags: []*api.TagSet{}, NextToken: nextToken(page.NextToken)}
	for _, p := range page.Items {
		out.Tags = append(out.Tags, &api.TagSet{Key: api.Ptr(p.Key), Value: api.Ptr(p.Value)})
	}
	return out, nil
}
