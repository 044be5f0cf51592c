package routingconfig

import (
	"github.com/connect-local/connect-local/internal/instance"
	"slices"
	"strings"
)

// Agent queues: every user has one, its ID the user's ID and its ARN
// instance/{id}/queue/agent/{user id} (queueARN), as in AWS. They are not
// records of their own: ListQueues derives them from the users.

// Queue types ListQueues filters on.
const (
	QueueTypeStandard = "STANDARD"
	QueueTypeAgent    = "AGENT"
)

// QueueSummary is one row of ListQueues: a standard queue, or a user's
// agent queue (no name [INF]; its Modified is the user's).
type QueueSummary struct {
	ID, ARN, Name, Type string
	instance.Modified
}

// ListQueueSummaries pages through an instance's queues of the given
// types; none given lists the standard ones, as ListQueues always has.
// Standard and agent queues share one page order (by ID).
func (s *RoutingConfig) ListQueueSummaries(sc instance.Scope, instanceID string, types []string, req instance.PageRequest) (instance.Page[QueueSummary], error) {
	st, err := s.core.RLock(sc, instanceID)
	if err != nil {
		return instance.Page[QueueSummary]{}, err
	}
	defer st.Mu.RUnlock()
	standard := len(types) == 0 || slices.Contains(types, QueueTypeStandard)
	var all []QueueSummary
	if standard {
		for _, q := range st.Queues {
			all = append(all, QueueSummary{ID: q.ID, ARN: q.ARN, Name: q.Name, Type: QueueTypeStandard, Modified: q.Modified})
		}
	}
	if slices.Contains(types, QueueTypeAgent) {
		for _, u := range st.Users {
			all = append(all, QueueSummary{ID: u.ID, ARN: st.QueueARN(u.ID, true), Type: QueueTypeAgent, Modified: u.Modified})
		}
	}
	req.Binding = "ListQueues|" + st.ID + "|" + strings.Join(types, ",")
	return instance.Paginate(s.core, all, func(q QueueSummary) string { return q.ID }, req)
}
