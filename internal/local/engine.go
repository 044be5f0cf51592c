package local

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/connect-local/connect-local/internal/awserr"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// engineRoutes adds the contact-center controls (docs/local-api.md).
func engineRoutes(mux *http.ServeMux, svc *service.Service) {
	// With --auth strict a caller reaches only its own account's and
	// region's instances, as through the AWS API.
	handle := func(pattern string, h http.HandlerFunc) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if c := wire.CallerFrom(r.Context()); c.Verified && !svc.InstanceIn(service.Scope{Account: c.Account, Region: c.Region}, r.PathValue("instance")) {
				wire.WriteError(w, wire.Errorf("ResourceNotFoundException", http.StatusNotFound, "Instance not found: %s", r.PathValue("instance")))
				return
			}
			h(w, r)
		})
	}
	handle("POST /_local/instances/{instance}/agents/{user}/contacts/{contact}/{action}", func(w http.ResponseWriter, r *http.Request) {
		reply(w, nil, svc.AgentAction(r.PathValue("instance"), r.PathValue("user"), r.PathValue("contact"), r.PathValue("action")))
	})
	handle("POST /_local/instances/{instance}/contacts/{contact}/end-customer", func(w http.ResponseWriter, r *http.Request) {
		reply(w, nil, svc.EndCustomer(r.PathValue("instance"), r.PathValue("contact")))
	})
	handle("PUT /_local/instances/{instance}/ring-timeout", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Seconds *float64 }
		if err := decode(r, &body); err != nil || body.Seconds == nil {
			wire.WriteError(w, wire.InvalidParameter(`Body must be {"Seconds": N}.`))
			return
		}
		reply(w, nil, svc.SetRingTimeout(r.PathValue("instance"), time.Duration(*body.Seconds*float64(time.Second))))
	})
	handle("PUT /_local/instances/{instance}/outbound-answer", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ CustomerAnswers *bool }
		if err := decode(r, &body); err != nil || body.CustomerAnswers == nil {
			wire.WriteError(w, wire.InvalidParameter(`Body must be {"CustomerAnswers": true|false}.`))
			return
		}
		reply(w, nil, svc.SetOutboundAnswer(r.PathValue("instance"), *body.CustomerAnswers))
	})
	handle("GET /_local/instances/{instance}/engine", func(w http.ResponseWriter, r *http.Request) {
		v, err := svc.Engine(r.PathValue("instance"))
		if err != nil {
			reply(w, nil, err)
			return
		}
		reply(w, engineOut(v), nil)
	})
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
	return map[string]any{"Now": epoch(v.Now), "RingTimeoutSeconds": v.RingTimeout.Seconds(), "Queues": queues, "Agents": agents, "Decisions": decisions}
}
