package provisioning

import (
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/resourcesearch"
)

// SchemaViews is what SearchViews may name: StringCondition fields, and
// the enum fields ViewTypeCondition ("type") and ViewStatusCondition
// ("status") read.
var SchemaViews = resourcesearch.Schema{Resource: "views", Fields: []string{"name", "description", "resourceID"}}

// SearchViewsIn searches an instance's views as their latest content
// shows them. Every view is CUSTOMER_MANAGED (connect-local has no
// AWS-managed views), so a ViewTypeCondition of AWS_MANAGED matches none.
func (s *Provisioning) SearchViewsIn(sc instance.Scope, instanceID string, q resourcesearch.Query, req instance.PageRequest) (instance.Page[ViewSnapshot], error) {
	return instance.SearchRecords(s.core, sc, instanceID, "SearchViews", q, req, func(st *instance.State) []ViewSnapshot {
		out := make([]ViewSnapshot, 0, len(of(st).views))
		for _, v := range of(st).views {
			out = append(out, *snapshot(v, 0))
		}
		return out
	}, func(_ *instance.State, v ViewSnapshot) instance.Searchable {
		return instance.Searchable{FieldMap: map[string]string{"name": v.Name, "description": v.Description, "resourceID": v.ID,
			"type": "CUSTOMER_MANAGED", "status": v.Status}, TagMap: v.Tags}
	}, func(v ViewSnapshot) string { return v.ID })
}
