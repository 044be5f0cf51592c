package service

import "github.com/connect-local/connect-local/internal/resourcesearch"

// SchemaViews is what SearchViews may name: StringCondition fields, and
// the enum fields ViewTypeCondition ("type") and ViewStatusCondition
// ("status") read.
var SchemaViews = resourcesearch.Schema{Resource: "views", Fields: []string{"name", "description", "resourceID"}}

// SearchViewsIn searches an instance's views as their latest content
// shows them. Every view is CUSTOMER_MANAGED (connect-local has no
// AWS-managed views), so a ViewTypeCondition of AWS_MANAGED matches none.
func (s *Service) SearchViewsIn(sc Scope, instanceID string, q resourcesearch.Query, req PageRequest) (Page[ViewSnapshot], error) {
	return searchRecords(s, sc, instanceID, "SearchViews", q, req, func(st *instanceState) []ViewSnapshot {
		out := make([]ViewSnapshot, 0, len(st.views))
		for _, v := range st.views {
			out = append(out, *snapshot(v, 0))
		}
		return out
	}, func(_ *instanceState, v ViewSnapshot) searchable {
		return searchable{fields: map[string]string{"name": v.Name, "description": v.Description, "resourceID": v.ID,
			"type": "CUSTOMER_MANAGED", "status": v.Status}, tags: v.Tags}
	}, func(v ViewSnapshot) string { return v.ID })
}
