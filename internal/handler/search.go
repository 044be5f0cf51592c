package handler

import (
	"context"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/search"
	"github.com/connect-local/connect-local/internal/service"
)

func (h *Handler) searchRoutes(o *api.Operations) {
	o.SearchContacts = op(h.SearchContacts)
}

// SearchContacts (docs/search.md#searchcontacts). The model has checked members and enums.
func (h *Handler) SearchContacts(_ context.Context, sc service.Scope, in *api.SearchContactsRequest) (*api.SearchContactsResponse, error) {
	page, err := h.svc.SearchContacts(sc, *in.InstanceId, searchQuery(in), int(api.Val(in.MaxResults)), api.Val(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &api.SearchContactsResponse{Contacts: make([]*api.ContactSearchSummary, 0, len(page.Contacts)),
		NextToken: nextToken(page.NextToken), TotalCount: api.Ptr(int64(page.Total))}
	for _, c := range page.Contacts {
		out.Contacts = append(out.Contacts, searchSummary(c))
	}
	return out, nil
}

func searchField(name *string) search.Field {
	f, _ := search.ParseField(api.Val(name))
	return f
}

func timeRange(r *api.SearchContactsTimeRange) search.TimeRange {
	tr := search.TimeRange{Field: searchField(r.Type_)}
	if r.StartTime != nil {
		tr.Start = r.StartTime.Time
	}
	if r.EndTime != nil {
		tr.End = r.EndTime.Time
	}
	return tr
}

func matchType(m *string) search.MatchType { return search.MatchType(api.Val(m)) }

// searchQuery is the request as the search package states it.
func searchQuery(in *api.SearchContactsRequest) search.Query {
	q := search.Query{Range: timeRange(in.TimeRange)}
	q.Sort = search.Sort{Field: q.Range.Field, Desc: true} // docs/search.md#sorting-paging-and-counts default
	if in.Sort != nil {
		q.Sort = search.Sort{Field: searchField(in.Sort.FieldName), Desc: api.Val(in.Sort.Order) == "DESCENDING"}
	}
	c := in.SearchCriteria
	if c == nil {
		return q
	}
	q.AgentIDs, q.Channels, q.InitiationMethods, q.QueueIDs, q.ActiveRegions = c.AgentIds, c.Channels, c.InitiationMethods, c.QueueIds, c.ActiveRegions
	if g := c.AgentHierarchyGroups; g != nil {
		q.HierarchyGroups = [5][]string{g.L1Ids, g.L2Ids, g.L3Ids, g.L4Ids, g.L5Ids}
	}
	if a := c.SearchableContactAttributes; a != nil {
		f := &search.AttributeFilter{Match: matchType(a.MatchType)}
		for _, cr := range a.Criteria {
			f.Criteria = append(f.Criteria, search.AttributeCriterion{Key: api.Val(cr.Key), Values: cr.Values})
		}
		q.Attributes = f
	}
	if a := c.SearchableSegmentAttributes; a != nil {
		f := &search.AttributeFilter{Match: matchType(a.MatchType)}
		for _, cr := range a.Criteria {
			f.Criteria = append(f.Criteria, search.AttributeCriterion{Key: api.Val(cr.Key), Values: cr.Values})
		}
		q.SegmentAttributes = f
	}
	if ca := c.ContactAnalysis; ca != nil && ca.Transcript != nil {
		f := &search.TranscriptFilter{Match: matchType(ca.Transcript.MatchType)}
		for _, cr := range ca.Transcript.Criteria {
			f.Criteria = append(f.Criteria, search.TranscriptCriterion{Role: api.Val(cr.ParticipantRole), Texts: cr.SearchText, Match: matchType(cr.MatchType)})
		}
		q.Transcript = f
	}
	if n := c.Name; n != nil {
		q.Name = &search.TextFilter{Texts: n.SearchText, Match: matchType(n.MatchType)}
	}
	if t := c.ContactTags; t != nil {
		q.Tags = &search.TagFilter{Cond: tagCond(t.TagCondition), And: tagConds(t.AndConditions)}
		for _, l := range t.OrConditions {
			q.Tags.Or = append(q.Tags.Or, tagConds(l))
		}
	}
	if a := c.AdditionalTimeRange; a != nil {
		f := &search.TimeFilter{Match: matchType(a.MatchType)}
		for _, cr := range a.Criteria {
			var tc search.TimeCondition
			if cr.TimeRange != nil {
				tr := timeRange(cr.TimeRange)
				tc.Range = &tr
			}
			if cr.TimestampCondition != nil && api.Val(cr.TimestampCondition.ConditionType) == "NOT_EXISTS" {
				f := searchField(cr.TimestampCondition.Type_)
				tc.NotExists = &f
			}
			f.Criteria = append(f.Criteria, tc)
		}
		q.AdditionalTimes = f
	}
	if rc := c.RoutingCriteria; rc != nil {
		for _, st := range rc.Steps {
			if st != nil && st.AgentCriteria != nil {
				q.RoutingSteps = append(q.RoutingSteps, search.AgentFilter{AgentIDs: st.AgentCriteria.AgentIds, Match: matchType(st.AgentCriteria.MatchType)})
			}
		}
	}
	return q
}

func tagCond(t *api.TagCondition) *search.Tag {
	if t == nil || t.TagKey == nil {
		return nil
	}
	return &search.Tag{Key: *t.TagKey, Value: api.Val(t.TagValue), HasValue: t.TagValue != nil}
}

func tagConds(l []*api.TagCondition) []search.Tag {
	var out []search.Tag
	for _, t := range l {
		if tc := tagCond(t); tc != nil {
			out = append(out, *tc)
		}
	}
	return out
}

// searchSummary fills every ContactSearchSummary field connect-local has
// (docs/search.md#response): absent values are left out.
func searchSummary(c *service.Contact) *api.ContactSearchSummary {
	out := &api.ContactSearchSummary{Arn: api.Ptr(c.ARN()), Id: &c.ID, InitialContactId: strp(c.InitialContactID), PreviousContactId: strp(c.PreviousContactID),
		InitiationMethod: strp(c.InitiationMethod), Channel: strp(c.Channel), Name: strp(c.Name),
		InitiationTimestamp: api.NewTime(c.InitiationTimestamp.Time()), DisconnectTimestamp: api.NewTime(c.DisconnectTimestamp.Time()),
		ScheduledTimestamp: api.NewTime(c.ScheduledTimestamp.Time()), RoutingCriteria: criteriaOut(c.Criteria), Tags: c.Tags}
	if c.QueueID != "" && !c.EnqueueTimestamp.IsZero() {
		out.QueueInfo = &api.ContactSearchSummaryQueueInfo{Id: &c.QueueID, EnqueueTimestamp: api.NewTime(c.EnqueueTimestamp.Time())}
	}
	if c.AgentID != "" {
		out.AgentInfo = &api.ContactSearchSummaryAgentInfo{Id: &c.AgentID, ConnectedToAgentTimestamp: api.NewTime(c.ConnectedToAgentTimestamp.Time())}
	}
	return out
}
