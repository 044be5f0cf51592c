package service

import (
	"github.com/connect-local/connect-local/internal/flow"
	"github.com/connect-local/connect-local/internal/flowres"
)

// sayPrompt says what a MessageParticipant, GetParticipantInput or Lex
// block plays: its text, or the prompt its PromptId names. A PromptId that
// names no prompt of the instance says nothing and answers false (the
// block takes its Error branch). The caller holds st.Mu.
func (s *Service) sayPrompt(st *instanceState, c *Contact, cf *contactFlow, req flow.Request) bool {
	name := ""
	if req.PromptID != "" {
		var ok bool
		if name, ok = flowres.PromptName(s.FlowRes, st.State, req.PromptID); !ok {
			s.log.Warn("flow names an unknown prompt; Error branch", "contact", c.ID, "block", req.Action, "prompt", req.PromptID)
			return false
		}
	}
	if req.Kind == flow.ReqMessage || req.Text+req.SSML+req.PromptID != "" {
		s.say(cf, req, req.Text+req.SSML, req.PromptID)
		cf.more.said[len(cf.more.said)-1].PromptName = name
	}
	return true
}
