package local

import (
	"net/http"

	"github.com/connect-local/connect-local/internal/wire"
)

// flowRoutes: the customer's side of a running flow and the flow log
// (docs/local-api.md, docs/flows.md#the-flow-runtime).
func flowRoutes(add func(Route)) {
	add(instanceRoute("POST /_local/instances/{instance}/contacts/{contact}/customer-input", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		var body struct{ Dtmf, Text *string }
		if err := decode(r, &body); err != nil || (body.Dtmf == nil) == (body.Text == nil) {
			wire.WriteError(w, wire.InvalidParameter(`Body must be {"Dtmf": "1"} or {"Text": "billing"}.`))
			return
		}
		var dtmf, text string
		if body.Dtmf != nil {
			dtmf = *body.Dtmf
		} else {
			text = *body.Text
		}
		reply(w, nil, e.svc.CustomerInput(t.scope, t.instance, r.PathValue("contact"), dtmf, text))
	}))
	add(instanceRoute("POST /_local/instances/{instance}/agents/{user}/contacts/{contact}/transfer", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		var body struct{ QuickConnectId string }
		if err := decode(r, &body); err != nil || body.QuickConnectId == "" {
			wire.WriteError(w, wire.InvalidParameter(`Body must be {"QuickConnectId": "…"}.`))
			return
		}
		c, err := e.svc.QuickConnectTransfer(t.scope, t.instance, r.PathValue("user"), r.PathValue("contact"), body.QuickConnectId)
		if err != nil {
			reply(w, nil, err)
			return
		}
		reply(w, map[string]any{"ContactId": c.ID, "ContactArn": c.ARN()}, nil)
	}))
	add(instanceRoute("GET /_local/instances/{instance}/contacts/{contact}/flow-log", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		l, err := e.svc.ContactFlowLog(t.scope, t.instance, r.PathValue("contact"))
		if err != nil {
			reply(w, nil, err)
			return
		}
		said := make([]map[string]any, len(l.Said))
		for i, s := range l.Said {
			m := map[string]any{"Timestamp": s.Time, "Identifier": s.Action}
			if s.Text != "" {
				m["Text"] = s.Text
			}
			if s.PromptID != "" {
				m["PromptId"] = s.PromptID
			}
			if s.Role != "" {
				m["Role"] = s.Role
			}
			if s.PromptName != "" {
				m["PromptName"] = s.PromptName
			}
			said[i] = m
		}
		out := map[string]any{"FlowLog": l.Entries, "Said": said}
		if l.Waiting != "" {
			out["WaitingFor"] = l.Waiting
		}
		reply(w, out, nil)
	}))
}
