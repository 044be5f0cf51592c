package local

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/connect-local/connect-local/internal/awserr"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// engineRoutes adds the contact-center controls (docs/local-api.md), each
// on an instance of the caller's account and region.
func engineRoutes(add func(Route)) {
	add(instanceRoute("POST /_local/instances/{instance}/agents/{user}/contacts/{contact}/{action}", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		reply(w, nil, e.svc.AgentAction(t.scope, t.instance, r.PathValue("user"), r.PathValue("contact"), r.PathValue("action")))
	}))
	add(instanceRoute("POST /_local/instances/{instance}/contacts/{contact}/end-customer", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		reply(w, nil, e.svc.EndCustomer(t.scope, t.instance, r.PathValue("contact")))
	}))
	add(instanceRoute("PUT /_local/instances/{instance}/ring-timeout", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		var body struct{ Seconds *float64 }
		if err := decode(r, &body); err != nil || body.Seconds == nil {
			wire.WriteError(w, wire.InvalidParameter(`Body must be {"Seconds": N}.`))
			return
		}
		reply(w, nil, e.svc.SetRingTimeout(t.scope, t.instance, time.Duration(*body.Seconds*float64(time.Second))))
	}))
	add(instanceRoute("PUT /_local/instances/{instance}/outbound-answer", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		var body struct{ CustomerAnswers *bool }
		if err := decode(r, &body); err != nil || body.CustomerAnswers == nil {
			wire.WriteError(w, wire.InvalidParameter(`Body must be {"CustomerAnswers": true|false}.`))
			return
		}
		reply(w, nil, e.svc.SetOutboundAnswer(t.scope, t.instance, *body.CustomerAnswers))
	}))
	add(instanceRoute("GET /_local/instances/{instance}/engine", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		v, err := e.svc.Engine(t.scope, t.instance)
		if err != nil {
			reply(w, nil, err)
			return
		}
		reply(w, engineOut(v), nil)
	}))
}

func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	return dec.Decode(v)
}

// reply writes body (or {}) on success and otherwise the error as the AWS
// API would (internal/awserr's table; unmapped errors are logged 500s).
func reply(w http.ResponseWriter, body any, err error) {
	if err != nil {
		awserr.Write(w, nil, err)
		return
	}
	if body == nil {
		body = map[string]any{}
	}
	wire.WriteJSON(w, body)
}

func epoch(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return float64(t.UnixMilli()) / 1000
}

// engineOut is the JSON of the engine state: epoch-second times, AWS-style
// member names.
func engineOut(v *service.EngineView) map[string]any {
	queues := []any{}
	for _, q := range v.Queues {
		cs := []any{}
		for _, c := range q.Contacts {
			cs = append(cs, map[string]any{"ContactId": c.ContactID, "Channel": c.Channel, "EnqueueTimestamp": epoch(c.EnqueuedAt),
				"QueuePriority": c.QueuePriority, "QueueTimeAdjustmentSeconds": c.AdjustSeconds, "RoutingAgeSeconds": c.RoutingAgeSecs,
				"OfferedTo": c.OfferedTo, "ActiveStep": c.ActiveStep, "RoutingStepExpression": c.StepExpression,
				"StepExpiryTimestamp": epoch(c.StepExpiresAt)})
		}
		queues = append(queues, map[string]any{"QueueId": q.QueueID, "Name": q.Name, "AgentQueue": q.AgentQueue, "Contacts": cs})
	}
	agents := []any{}
	for _, a := range v.Agents {
		conns := []any{}
		for _, c := range a.Connections {
			conns = append(conns, map[string]any{"ContactId": c.ContactID, "Channel": c.Channel, "State": c.State, "StateStartTimestamp": epoch(c.StateStart)})
		}
		m := map[string]any{"UserId": a.User.ID, "Username": a.User.Username, "Connections": conns,
			"MaxSlotsByChannel": a.MaxSlots, "ActiveSlotsByChannel": a.ActiveSlots, "AvailableSlotsByChannel": a.AvailableSlots,
			"StatusStartTimestamp": epoch(a.StatusStart)}
		if a.Status != nil {
			m["Status"] = a.Status.Name
			m["StatusType"] = a.Status.Type
		}
		if a.NextStatus != nil {
			m["NextStatus"] = a.NextStatus.Name
		}
		if a.Profile != nil {
			m["RoutingProfile"] = a.Profile.Name
		}
		profs := []any{}
		for _, p := range a.User.Proficiencies {
			profs = append(profs, map[string]any{"AttributeName": p.AttributeName, "AttributeValue": p.AttributeValue, "Level": p.Level})
		}
		m["Proficiencies"] = profs
		agents = append(agents, m)
	}
	decisions := []any{}
	for _, d := range v.Decisions {
		passed := []any{}
		for _, p := range d.PassedBy {
			passed = append(passed, map[string]any{"UserId": p.AgentID, "Reason": p.Reason})
		}
		decisions = append(decisions, map[string]any{"Timestamp": epoch(d.Time), "ContactId": d.ContactID, "UserId": d.AgentID, "QueueId": d.QueueID, "PassedOver": passed})
	}
	return map[string]any{"Now": epoch(v.Now), "RingTimeoutSeconds": v.RingTimeout.Seconds(), "CustomerAnswersOutbound": v.OutboundAnswer, "Queues": queues, "Agents": agents, "Decisions": decisions}
}

// streamsRoutes: GET /_local/instances/{id}/streams, each destination's
// backlog and last delivery error (docs/events.md#delivery).
func streamsRoutes(add func(Route)) {
	add(instanceRoute("GET /_local/instances/{instance}/streams", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		v, err := e.svc.Streams(t.scope, t.instance)
		reply(w, v, err)
	}))
}
