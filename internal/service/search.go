package service

import (
	"encoding/json"
	"errors"
	"maps"

	"github.com/connect-local/connect-local/internal/search"
	"github.com/connect-local/connect-local/internal/searchfeed"
)

// ContactIndexer is told about contacts for search. The service calls it
// under its lock, at flush time, for every contact whose record changed,
// and for every contact at start-up; implementations must be quick, must
// not call back into the service, and may keep c (it is a copy; its
// Transcript slice is shared and never modified, only replaced).
type ContactIndexer interface {
	// IndexContact adds or replaces a contact. agentPath is the handling
	// agent's hierarchy groups, level 1 first, as they stood when the
	// agent connected (docs/search.md#criteria); nil without an agent.
	IndexContact(instanceID string, c *Contact, agentPath []string)
	// DropInstance forgets a deleted instance.
	DropInstance(instanceID string)
}

// hierarchyPath is a user's hierarchy groups, level 1 first: none
// without a group in the instance.
func (st *instanceState) hierarchyPath(userID string) []string {
	if len(st.Groups) == 0 {
		return nil
	}
	return st.HierarchyPath(userID)
}

// indexContact hands a copy of c to every indexer, and has the service's
// own search index fed c itself (searchfeed: deferred, once however often
// c changes before). The caller holds st.Mu for writing.
func (s *Service) indexContact(st *instanceState, c *Contact) {
	path := c.AgentHierarchy
	if path == nil && c.AgentID != "" {
		path = st.hierarchyPath(c.AgentID) // a record from before snapshots
	}
	if st.slots.toIndex == nil {
		st.slots.toIndex = &searchfeed.Queue{}
	}
	st.slots.toIndex.Changed(s.search, st.ID, c, path, &st.slots.of(c).search, st.slots.searchOf)
	if len(s.indexers) == 0 {
		return
	}
	cp := cloneContact(c)
	cp.Tags = maps.Clone(c.Tags)
	for _, ix := range s.indexers {
		ix.IndexContact(st.ID, cp, path)
	}
}

// reindex hands every contact of the instance to the indexers (start-up).
func (s *Service) reindex(st *instanceState) {
	for _, c := range st.Eng.Contacts() {
		s.indexContact(st, c)
	}
	st.slots.toIndex.Flush(s.search, st.ID, st.slots.searchOf)
}

// ContactSearchPage is one page of SearchContacts.
type ContactSearchPage struct {
	Contacts  []*Contact
	NextToken string
	Total     int // matches, at most search.MaxTotal
}

// SearchContacts runs a contact search (docs/search.md#searchcontacts). IDs in q may be ARNs.
// The service fills q's per-call members (time, region, searchable keys,
// page size, cursor).
func (s *Service) SearchContacts(sc Scope, instanceID string, q search.Query, maxResults int, nextToken string) (ContactSearchPage, error) {
	st, err := s.rlockInstance(sc, instanceID)
	if err != nil {
		return ContactSearchPage{}, err
	}
	defer st.Mu.RUnlock()
	st.slots.toIndex.Flush(s.search, st.ID, st.slots.searchOf)
	searchfeed.ResolveIDs(sc, st.ID, &q)
	q.Now, q.Region, q.Limit = s.clock.Now(), sc.Region, maxResults
	q.SearchableKeys = maps.Clone(st.searchKeys)
	if err := q.Validate(); err != nil {
		return ContactSearchPage{}, invalidParam("%s", err.Error())
	}
	binding := "SearchContacts\x00" + st.ID + "\x00" + q.Fingerprint()
	if nextToken != "" {
		raw, err := s.readToken(nextToken, binding)
		if err != nil {
			return ContactSearchPage{}, err
		}
		var cur search.Cursor
		if json.Unmarshal([]byte(raw), &cur) != nil || cur.Pos <= 0 {
			return ContactSearchPage{}, invalidParam("The NextToken is not valid for this request.")
		}
		q.After = &cur
	}
	res, err := s.search.Search(st.ID, q)
	var qe *search.QueryError
	if errors.As(err, &qe) {
		return ContactSearchPage{}, invalidParam("%s", qe.Msg)
	} else if err != nil {
		return ContactSearchPage{}, err
	}
	page := ContactSearchPage{Total: res.Total, Contacts: make([]*Contact, 0, len(res.IDs))}
	for _, id := range res.IDs {
		if c := st.Eng.Contact(id); c != nil {
			page.Contacts = append(page.Contacts, cloneContact(c))
		}
	}
	if res.Next != nil {
		raw, _ := json.Marshal(res.Next)
		page.NextToken = s.makeToken(binding, string(raw))
	}
	return page, nil
}
