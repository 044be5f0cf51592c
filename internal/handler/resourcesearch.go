package handler

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/resourcesearch"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// The Search* family over configuration resources
// (docs/resource-search.md): each request's criteria and filter become
// one resourcesearch query, compiled against the resource's schema.

func (h *Handler) resourceSearchRoutes(o *api.Operations) {
	o.SearchQueues = op(h.SearchQueues)
	o.SearchSecurityProfiles = op(h.SearchSecurityProfiles)
	o.SearchHoursOfOperations = op(h.SearchHoursOfOperations)
	o.SearchAgentStatuses = op(h.SearchAgentStatuses)
	o.SearchQuickConnects = op(h.SearchQuickConnects)
	o.SearchRoutingProfiles = op(h.SearchRoutingProfiles)
	o.SearchUserHierarchyGroups = op(h.SearchUserHierarchyGroups)
	o.SearchUsers = op(h.SearchUsers)
	o.SearchContactFlows = op(h.SearchContactFlows)
}

// node is one criteria node's parts, common to every *SearchCriteria.
type node[C any] struct {
	and, or   []*C
	str       *api.StringCondition
	eq        []resourcesearch.Equals
	hierarchy *api.HierarchyGroupCondition
	list      *api.ListCondition
}

func criteria[C any](c *C, parts func(*C) node[C]) resourcesearch.Criteria {
	if c == nil {
		return resourcesearch.Criteria{}
	}
	n := parts(c)
	out := resourcesearch.Criteria{Equals: n.eq, Hierarchy: hierarchyCond(n.hierarchy)}
	if s := n.str; s != nil {
		out.String = &resourcesearch.StringCondition{Field: api.Val(s.FieldName), Value: api.Val(s.Value), Comparison: api.Val(s.ComparisonType)}
	}
	if l := n.list; l != nil {
		lc := &resourcesearch.ListCondition{List: api.Val(l.TargetListType)}
		for _, cond := range l.Conditions {
			if s := cond.StringCondition; s != nil {
				lc.Strings = append(lc.Strings, resourcesearch.StringCondition{Field: api.Val(s.FieldName), Value: api.Val(s.Value), Comparison: api.Val(s.ComparisonType)})
			}
			if nc := cond.NumberCondition; nc != nil {
				x := resourcesearch.NumberCondition{Field: api.Val(nc.FieldName), Comparison: api.Val(nc.ComparisonType)}
				if nc.MinValue != nil {
					x.Min = api.Ptr(float64(*nc.MinValue))
				}
				if nc.MaxValue != nil {
					x.Max = api.Ptr(float64(*nc.MaxValue))
				}
				lc.Numbers = append(lc.Numbers, x)
			}
		}
		out.List = lc
	}
	for _, sub := range n.and {
		out.And = append(out.And, criteria(sub, parts))
	}
	for _, sub := range n.or {
		out.Or = append(out.Or, criteria(sub, parts))
	}
	return out
}

func hierarchyCond(h *api.HierarchyGroupCondition) *resourcesearch.HierarchyCondition {
	if h == nil {
		return nil
	}
	return &resourcesearch.HierarchyCondition{GroupID: api.Val(h.Value), Match: api.Val(h.HierarchyGroupMatchType)}
}

func equals(field string, v *string) []resourcesearch.Equals {
	if v == nil {
		return nil
	}
	return []resourcesearch.Equals{{Field: field, Value: *v}}
}

func tagsOf(l []*api.TagCondition) []resourcesearch.Tag {
	var out []resourcesearch.Tag
	for _, t := range l {
		if t != nil {
			out = append(out, resourcesearch.Tag{Key: api.Val(t.TagKey), Value: api.Val(t.TagValue), HasValue: t.TagValue != nil})
		}
	}
	return out
}

// tagFilter states a ControlPlaneTagFilter.
func tagFilter(f *api.ControlPlaneTagFilter) resourcesearch.TagFilter {
	var out resourcesearch.TagFilter
	if f == nil {
		return out
	}
	and := tagsOf(f.AndConditions)
	if f.TagCondition != nil {
		and = append(and, tagsOf([]*api.TagCondition{f.TagCondition})...)
	}
	if len(and) > 0 {
		out.And = &resourcesearch.Clause{Tags: and}
	}
	for _, l := range f.OrConditions {
		out.Or = append(out.Or, resourcesearch.Clause{Tags: tagsOf(l)})
	}
	return out
}

// attributeFilter states a ControlPlaneAttributeFilter.
func attributeFilter(f *api.ControlPlaneAttributeFilter) resourcesearch.TagFilter {
	var out resourcesearch.TagFilter
	if f == nil {
		return out
	}
	var and []resourcesearch.Tag
	if f.AndCondition != nil {
		and = tagsOf(f.AndCondition.TagConditions)
	}
	if f.TagCondition != nil {
		and = append(and, tagsOf([]*api.TagCondition{f.TagCondition})...)
	}
	if len(and) > 0 {
		out.And = &resourcesearch.Clause{Tags: and}
	}
	for _, c := range f.OrConditions {
		if c != nil {
			out.Or = append(out.Or, resourcesearch.Clause{Tags: tagsOf(c.TagConditions)})
		}
	}
	return out
}

// userFilter states a UserSearchFilter: its tag filter and its user
// attribute filter must both hold.
func userFilter(f *api.UserSearchFilter) resourcesearch.TagFilter {
	if f == nil {
		return resourcesearch.TagFilter{}
	}
	out := tagFilter(f.TagFilter)
	u := f.UserAttributeFilter
	if u == nil {
		return out
	}
	and := resourcesearch.Clause{Hierarchy: hierarchyCond(u.HierarchyGroupCondition)}
	if out.And != nil {
		and.Tags = out.And.Tags
	}
	if u.TagCondition != nil {
		and.Tags = append(and.Tags, tagsOf([]*api.TagCondition{u.TagCondition})...)
	}
	if c := u.AndCondition; c != nil {
		and.Tags = append(and.Tags, tagsOf(c.TagConditions)...)
		if and.Hierarchy == nil {
			and.Hierarchy = hierarchyCond(c.HierarchyGroupCondition)
		}
	}
	if len(and.Tags) > 0 || and.Hierarchy != nil {
		out.And = &and
	}
	for _, c := range u.OrConditions {
		if c != nil {
			out.Or = append(out.Or, resourcesearch.Clause{Tags: tagsOf(c.TagConditions), Hierarchy: hierarchyCond(c.HierarchyGroupCondition)})
		}
	}
	return out
}

// compile checks a request's query against s; the page request is bound
// to the request's criteria and filter.
func compile(s resourcesearch.Schema, c resourcesearch.Criteria, f resourcesearch.TagFilter, criteria, filter any, max *int64, token *string) (resourcesearch.Query, service.PageRequest, error) {
	q, err := resourcesearch.Compile(s, c, f)
	var e *resourcesearch.Error
	if errors.As(err, &e) {
		return q, service.PageRequest{}, wire.InvalidParameter("%s", e.Msg)
	}
	b, _ := json.Marshal([]any{criteria, filter})
	req := pageReq(max, token)
	req.Binding = string(b)
	return q, req, err
}

func total(n int) *int64 { return api.Ptr(int64(n)) }

func (h *Handler) SearchQueues(_ context.Context, sc service.Scope, in *api.SearchQueuesRequest) (*api.SearchQueuesResponse, error) {
	c := criteria(in.SearchCriteria, func(c *api.QueueSearchCriteria) node[api.QueueSearchCriteria] {
		return node[api.QueueSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition, eq: equals("queueType", c.QueueTypeCondition)}
	})
	var f resourcesearch.TagFilter
	if in.SearchFilter != nil {
		f = tagFilter(in.SearchFilter.TagFilter)
	}
	q, req, err := compile(service.SchemaQueues, c, f, in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchQueuesIn(sc, *in.InstanceId, q, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchQueuesResponse{Queues: []*api.Queue{}, ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for i := range page.Items {
		out.Queues = append(out.Queues, queueOut(&page.Items[i]))
	}
	return out, nil
}

func (h *Handler) SearchSecurityProfiles(_ context.Context, sc service.Scope, in *api.SearchSecurityProfilesRequest) (*api.SearchSecurityProfilesResponse, error) {
	c := criteria(in.SearchCriteria, func(c *api.SecurityProfileSearchCriteria) node[api.SecurityProfileSearchCriteria] {
		return node[api.SecurityProfileSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition}
	})
	var f resourcesearch.TagFilter
	if in.SearchFilter != nil {
		f = tagFilter(in.SearchFilter.TagFilter)
	}
	q, req, err := compile(service.SchemaSecurityProfiles, c, f, in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchSecurityProfilesIn(sc, *in.InstanceId, q, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchSecurityProfilesResponse{SecurityProfiles: []*api.SecurityProfileSearchSummary{}, ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for _, p := range page.Items {
		out.SecurityProfiles = append(out.SecurityProfiles, &api.SecurityProfileSearchSummary{Id: api.Ptr(p.ID), Arn: api.Ptr(p.ARN),
			SecurityProfileName: api.Ptr(p.Name), Description: strp(p.Description), OrganizationResourceId: in.InstanceId, Tags: p.Tags})
	}
	return out, nil
}

func (h *Handler) SearchHoursOfOperations(_ context.Context, sc service.Scope, in *api.SearchHoursOfOperationsRequest) (*api.SearchHoursOfOperationsResponse, error) {
	c := criteria(in.SearchCriteria, func(c *api.HoursOfOperationSearchCriteria) node[api.HoursOfOperationSearchCriteria] {
		return node[api.HoursOfOperationSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition}
	})
	var f resourcesearch.TagFilter
	if in.SearchFilter != nil {
		f = tagFilter(in.SearchFilter.TagFilter)
	}
	q, req, err := compile(service.SchemaHours, c, f, in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchHoursIn(sc, *in.InstanceId, q, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchHoursOfOperationsResponse{HoursOfOperations: []*api.HoursOfOperation{}, ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for _, r := range page.Items {
		out.HoursOfOperations = append(out.HoursOfOperations, &api.HoursOfOperation{HoursOfOperationId: api.Ptr(r.ID), HoursOfOperationArn: api.Ptr(r.ARN),
			Name: api.Ptr(r.Name), Description: strp(r.Description), TimeZone: api.Ptr(r.TimeZone), Config: hoursConfigOut(r.Config), Tags: r.Tags,
			LastModifiedTime: api.NewTime(r.LastModifiedTime), LastModifiedRegion: api.Ptr(r.LastModifiedRegion), ParentHoursOfOperations: hoursRefsOut(r.Parents)})
	}
	return out, nil
}

func (h *Handler) SearchAgentStatuses(_ context.Context, sc service.Scope, in *api.SearchAgentStatusesRequest) (*api.SearchAgentStatusesResponse, error) {
	c := criteria(in.SearchCriteria, func(c *api.AgentStatusSearchCriteria) node[api.AgentStatusSearchCriteria] {
		return node[api.AgentStatusSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition}
	})
	var f resourcesearch.TagFilter
	if in.SearchFilter != nil {
		f = attributeFilter(in.SearchFilter.AttributeFilter)
	}
	q, req, err := compile(service.SchemaAgentStatuses, c, f, in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchAgentStatusesIn(sc, *in.InstanceId, q, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchAgentStatusesResponse{AgentStatuses: []*api.AgentStatus{}, ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for _, r := range page.Items {
		out.AgentStatuses = append(out.AgentStatuses, &api.AgentStatus{AgentStatusId: api.Ptr(r.ID), AgentStatusARN: api.Ptr(r.ARN), Name: api.Ptr(r.Name),
			Description: strp(r.Description), Type_: api.Ptr(r.Type), State: api.Ptr(r.State), DisplayOrder: r.DisplayOrder, Tags: r.Tags,
			LastModifiedTime: api.NewTime(r.LastModifiedTime), LastModifiedRegion: api.Ptr(r.LastModifiedRegion)})
	}
	return out, nil
}

func (h *Handler) SearchQuickConnects(_ context.Context, sc service.Scope, in *api.SearchQuickConnectsRequest) (*api.SearchQuickConnectsResponse, error) {
	c := criteria(in.SearchCriteria, func(c *api.QuickConnectSearchCriteria) node[api.QuickConnectSearchCriteria] {
		return node[api.QuickConnectSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition}
	})
	var f resourcesearch.TagFilter
	if in.SearchFilter != nil {
		f = tagFilter(in.SearchFilter.TagFilter)
	}
	q, req, err := compile(service.SchemaQuickConnects, c, f, in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchQuickConnectsIn(sc, *in.InstanceId, q, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchQuickConnectsResponse{QuickConnects: []*api.QuickConnect{}, ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for i := range page.Items {
		out.QuickConnects = append(out.QuickConnects, quickConnectOut(&page.Items[i]))
	}
	return out, nil
}

func (h *Handler) SearchRoutingProfiles(_ context.Context, sc service.Scope, in *api.SearchRoutingProfilesRequest) (*api.SearchRoutingProfilesResponse, error) {
	c := criteria(in.SearchCriteria, func(c *api.RoutingProfileSearchCriteria) node[api.RoutingProfileSearchCriteria] {
		return node[api.RoutingProfileSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition}
	})
	var f resourcesearch.TagFilter
	if in.SearchFilter != nil {
		f = tagFilter(in.SearchFilter.TagFilter)
	}
	q, req, err := compile(service.SchemaRoutingProfiles, c, f, in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchRoutingProfilesIn(sc, *in.InstanceId, q, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchRoutingProfilesResponse{RoutingProfiles: []*api.RoutingProfile{}, ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for _, r := range page.Items {
		rp := &api.RoutingProfile{RoutingProfileId: api.Ptr(r.ID), RoutingProfileArn: api.Ptr(r.ARN), Name: api.Ptr(r.Name), Description: api.Ptr(r.Description),
			InstanceId: in.InstanceId, DefaultOutboundQueueId: api.Ptr(r.DefaultOutboundQueueID), Tags: r.Tags,
			LastModifiedTime: api.NewTime(r.LastModifiedTime), LastModifiedRegion: api.Ptr(r.LastModifiedRegion)}
		for _, qc := range r.QueueConfigs {
			rp.AssociatedQueueIds = append(rp.AssociatedQueueIds, qc.QueueID)
		}
		rp.NumberOfAssociatedQueues = api.Ptr(int64(len(r.QueueConfigs)))
		out.RoutingProfiles = append(out.RoutingProfiles, rp)
	}
	return out, nil
}

func (h *Handler) SearchUserHierarchyGroups(_ context.Context, sc service.Scope, in *api.SearchUserHierarchyGroupsRequest) (*api.SearchUserHierarchyGroupsResponse, error) {
	c := criteria(in.SearchCriteria, func(c *api.UserHierarchyGroupSearchCriteria) node[api.UserHierarchyGroupSearchCriteria] {
		return node[api.UserHierarchyGroupSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition}
	})
	var f resourcesearch.TagFilter
	if in.SearchFilter != nil {
		f = attributeFilter(in.SearchFilter.AttributeFilter)
	}
	q, req, err := compile(service.SchemaGroups, c, f, in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchGroupsIn(sc, *in.InstanceId, q, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchUserHierarchyGroupsResponse{UserHierarchyGroups: []*api.HierarchyGroup{}, ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for _, g := range page.Items {
		out.UserHierarchyGroups = append(out.UserHierarchyGroups, &api.HierarchyGroup{Id: api.Ptr(g.ID), Arn: api.Ptr(g.ARN), Name: api.Ptr(g.Name),
			LevelId: api.Ptr(string(rune('0' + g.Level))), Tags: g.Tags, LastModifiedTime: api.NewTime(g.LastModifiedTime), LastModifiedRegion: api.Ptr(g.LastModifiedRegion)})
	}
	return out, nil
}

func (h *Handler) SearchUsers(_ context.Context, sc service.Scope, in *api.SearchUsersRequest) (*api.SearchUsersResponse, error) {
	c := criteria(in.SearchCriteria, func(c *api.UserSearchCriteria) node[api.UserSearchCriteria] {
		return node[api.UserSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition, hierarchy: c.HierarchyGroupCondition, list: c.ListCondition}
	})
	q, req, err := compile(service.SchemaUsers, c, userFilter(in.SearchFilter), in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchUsersIn(sc, *in.InstanceId, q, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchUsersResponse{Users: []*api.UserSearchSummary{}, ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for _, u := range page.Items {
		out.Users = append(out.Users, &api.UserSearchSummary{Id: api.Ptr(u.ID), Arn: api.Ptr(u.ARN), Username: api.Ptr(u.Username),
			DirectoryUserId: strp(u.DirectoryUserID), HierarchyGroupId: strp(u.HierarchyGroupID), RoutingProfileId: api.Ptr(u.RoutingProfileID),
			SecurityProfileIds: u.SecurityProfileIDs, Tags: u.Tags,
			IdentityInfo: &api.UserIdentityInfoLite{FirstName: strp(u.IdentityInfo.FirstName), LastName: strp(u.IdentityInfo.LastName)}})
	}
	return out, nil
}

func (h *Handler) SearchContactFlows(_ context.Context, sc service.Scope, in *api.SearchContactFlowsRequest) (*api.SearchContactFlowsResponse, error) {
	c := criteria(in.SearchCriteria, func(c *api.ContactFlowSearchCriteria) node[api.ContactFlowSearchCriteria] {
		eq := append(append(equals("type", c.TypeCondition), equals("state", c.StateCondition)...), equals("status", c.StatusCondition)...)
		return node[api.ContactFlowSearchCriteria]{and: c.AndConditions, or: c.OrConditions, str: c.StringCondition, eq: eq}
	})
	var f resourcesearch.TagFilter
	if in.SearchFilter != nil {
		f = tagFilter(in.SearchFilter.TagFilter)
	}
	q, req, err := compile(service.SchemaFlows, c, f, in.SearchCriteria, in.SearchFilter, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.svc.SearchFlowsIn(sc, *in.InstanceId, q, req)
	if err != nil {
		return nil, err
	}
	out := &api.SearchContactFlowsResponse{ContactFlows: []*api.ContactFlow{}, ApproximateTotalCount: total(page.Total), NextToken: nextToken(page.NextToken)}
	for _, f := range page.Items {
		out.ContactFlows = append(out.ContactFlows, &api.ContactFlow{Id: api.Ptr(f.ID), Arn: api.Ptr(f.ARN), Name: api.Ptr(f.Name), Description: strp(f.Description),
			Type_: api.Ptr(f.Type), State: api.Ptr(f.State), Status: strp(f.Status), Content: api.Ptr(f.Content), Tags: f.Tags})
	}
	return out, nil
}
