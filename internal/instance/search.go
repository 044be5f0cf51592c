package instance

import "github.com/connect-local/connect-local/internal/resourcesearch"

// Search over configuration resources (docs/resource-search.md): every
// Search* operation runs its compiled query through SearchRecords, the
// one implementation of internal/resourcesearch with the core's paging
// tokens.

// Searchable is what resourcesearch reads of one record: its fields by
// the names the Search operations accept, its tags, its hierarchy path
// and its lists (a user's proficiencies).
type Searchable struct {
	FieldMap map[string]string
	TagMap   map[string]string
	Path     []string
	Lists    map[string][]resourcesearch.Item
}

func (r Searchable) Field(n string) (string, bool) { v, ok := r.FieldMap[n]; return v, ok }
func (r Searchable) Tags() map[string]string       { return r.TagMap }
func (r Searchable) HierarchyPath() []string       { return r.Path }
func (r Searchable) List(n string) []resourcesearch.Item {
	return r.Lists[n]
}

// SearchRecords runs q over the records of one type in an instance: all
// lists them, view is what the query reads of one, key orders them. op
// and req.Binding name the request for its page tokens.
func SearchRecords[T any](c *Core, sc Scope, instanceID, op string, q resourcesearch.Query, req PageRequest,
	all func(st *State) []T, view func(st *State, r T) Searchable, key func(T) string) (Page[T], error) {
	st, err := c.RLock(sc, instanceID)
	if err != nil {
		return Page[T]{}, err
	}
	defer st.Mu.RUnlock()
	type hit struct {
		Searchable
		r T
	}
	var items []hit
	for _, r := range all(st) {
		items = append(items, hit{view(st, r), r})
	}
	binding := op + "|" + st.ID + "|" + req.Binding
	after := ""
	if req.NextToken != "" {
		if after, err = c.ReadToken(req.NextToken, binding); err != nil {
			return Page[T]{}, err
		}
	}
	max := req.MaxResults
	if max <= 0 {
		max = 100
	}
	p := resourcesearch.Run(q, items, func(h hit) string { return key(h.r) }, after, max)
	out := Page[T]{Total: p.Total}
	for _, h := range p.Items {
		out.Items = append(out.Items, h.r)
	}
	if p.Last != "" {
		out.NextToken = c.MakeToken(binding, p.Last)
	}
	return out, nil
}
