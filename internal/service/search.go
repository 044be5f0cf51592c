package service

import (
	"encoding/json"
	"errors"
	"maps"

	"github.com/connect-local/connect-local/internal/routing"
	"github.com/connect-local/connect-local/internal/search"
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

// searchIndexer feeds the service's own search index. It is handed the
// engine's own contact (indexContact), with the contact's slot entry,
// where it notes where the index keeps the contact, for the next time.
type searchIndexer struct{ ix *search.Index }

func (a searchIndexer) IndexContact(instanceID string, c *Contact, agentPath []string) {
	var slot uint32
	a.put(instanceID, c, agentPath, &slot)
}

// put indexes c, starting from the index's slot *slot, and notes the
// slot the index keeps it at.
func (a searchIndexer) put(instanceID string, c *Contact, agentPath []string, slot *uint32) {
	if !searchVisible(c) {
		a.ix.Remove(instanceID, c.ID)
		return
	}
	r := searchRecord(c, agentPath)
	*slot = a.ix.PutAt(instanceID, &r, *slot)
}

func (a searchIndexer) DropInstance(instanceID string) { a.ix.DropInstance(instanceID) }

// searchVisible says whether an in-progress contact shows in search yet
// (docs/search.md#time-ranges): voice once connected to an agent or disconnected (a queued
// callback once queued), chat once connected to the system, tasks (and
// anything else) once initiated.
func searchVisible(c *Contact) bool {
	done := !c.DisconnectTimestamp.IsZero() || !c.ConnectedToAgentTimestamp.IsZero()
	switch c.Channel {
	case "VOICE":
		return done || c.InitiationMethod == "CALLBACK" && !c.EnqueueTimestamp.IsZero()
	case "CHAT":
		return done || !c.ConnectedToSystem.IsZero()
	}
	return true
}

// searchRecord is what the index keeps of c. The transcript is searchable
// only once the contact is complete: after-contact work done, or ended
// without an agent (docs/search.md#criteria).
func searchRecord(c *Contact, agentPath []string) search.Record {
	r := search.Record{ID: c.ID, Channel: c.Channel, InitiationMethod: c.InitiationMethod, AgentID: c.AgentID,
		HierarchyPath: agentPath, Name: c.Name, Attributes: c.Attributes, Tags: c.Tags}
	if !c.EnqueueTimestamp.IsZero() {
		r.QueueID = c.QueueID
	}
	r.Times[search.Initiation] = c.InitiationTimestamp.Time()
	r.Times[search.Scheduled] = c.ScheduledTimestamp.Time()
	r.Times[search.ConnectedToAgent] = c.ConnectedToAgentTimestamp.Time()
	r.Times[search.Disconnect] = c.DisconnectTimestamp.Time()
	r.Times[search.Enqueue] = c.EnqueueTimestamp.Time()
	if c.Criteria != nil && len(c.Criteria.Steps) > 0 {
		r.RoutingAgents = make([][]string, 0, len(c.Criteria.Steps))
		for _, st := range c.Criteria.Steps {
			if r.Times[search.Expiry].Before(st.ExpiryTimestamp.Time()) {
				r.Times[search.Expiry] = st.ExpiryTimestamp.Time()
			}
			r.RoutingAgents = append(r.RoutingAgents, stepAgents(st.Expr()))
		}
	}
	if c.State == StateCompleted || c.State == StateEnded {
		r.Transcript = c.Extra().SearchTranscript
	}
	return r
}

// stepAgents lists the agents a step's expression targets (its Match
// conditions' AgentIds).
func stepAgents(e *routing.Expression) []string {
	var out []string
	var walk func(e *routing.Expression)
	walk = func(e *routing.Expression) {
		for _, c := range []*routing.AttributeCondition{e.AttributeCondition, e.NotAttributeCondition} {
			if c != nil {
				out = append(out, c.AgentIDs...)
			}
		}
		for i := range e.AndExpression {
			walk(&e.AndExpression[i])
		}
		for i := range e.OrExpression {
			walk(&e.OrExpression[i])
		}
	}
	walk(e)
	return out
}

// hierarchyPath is a user's hierarchy groups, level 1 first.
func (st *instanceState) hierarchyPath(userID string) []string { return st.HierarchyPath(userID) }

// indexContact hands a copy of c to every indexer. The caller holds st.Mu
// for writing.
// The service's own search index (the first indexer) keeps nothing of c
// but its immutable strings and transcript, so it reads c itself: a copy
// per change was a sixth of a simulated day's allocations.
func (s *Service) indexContact(st *instanceState, c *Contact) {
	path := c.AgentHierarchy
	if path == nil && c.AgentID != "" {
		path = st.hierarchyPath(c.AgentID) // a record from before snapshots
	}
	s.indexers[0].(searchIndexer).put(st.ID, c, path, &st.slots.of(c).index)
	if len(s.indexers) == 1 {
		return
	}
	cp := cloneContact(c)
	cp.Tags = maps.Clone(c.Tags)
	for _, ix := range s.indexers[1:] {
		ix.IndexContact(st.ID, cp, path)
	}
}

// reindex hands every contact of the instance to the indexers (start-up).
func (s *Service) reindex(st *instanceState) {
	for _, c := range st.Eng.Contacts() {
		s.indexContact(st, c)
	}
}

// resolveIDs turns the ARNs among ids into IDs (a copy; others unchanged).
func resolveIDs(sc Scope, instanceID, kind string, ids []string) []string {
	if len(ids) == 0 {
		return ids
	}
	out := make([]string, len(ids))
	for i, v := range ids {
		out[i] = v
		if id, ok := resolveID(sc, instanceID, kind, v); ok {
			out[i] = id
		}
	}
	return out
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
	q.AgentIDs = resolveIDs(sc, st.ID, "agent", q.AgentIDs)
	q.QueueIDs = resolveIDs(sc, st.ID, "queue", q.QueueIDs)
	for l := range q.HierarchyGroups {
		q.HierarchyGroups[l] = resolveIDs(sc, st.ID, "agent-group", q.HierarchyGroups[l])
	}
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
