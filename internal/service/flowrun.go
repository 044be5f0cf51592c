package service

// flowOutcome is what running a contact's flow decided.
type flowOutcome struct {
	QueueID    string // where TransferContactToQueue put it ("" = not enqueued)
	Disconnect bool
	Priority   *int64
	Adjust     *int64
	Criteria   []RoutingStep
	Attributes map[string]string
}

// runFlow runs the contact's flow from its start. The working queue is the
// contact's QueueID (set by the caller, e.g. StartOutboundVoiceContact's
// QueueId), else the instance's BasicQueue.
func (s *Service) runFlow(st *instanceState, c *Contact, flowID string) flowOutcome {
	working := c.QueueID
	if working == "" {
		working = s.basicQueue(st)
	}
	return flowOutcome{QueueID: working}
}

// basicQueue is the default working queue.
func (s *Service) basicQueue(st *instanceState) string {
	for _, q := range st.queues {
		if q.Name == "BasicQueue" {
			return q.ID
		}
	}
	return ""
}
