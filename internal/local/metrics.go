package local

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/connect-local/connect-local/internal/awserr"
	"github.com/connect-local/connect-local/internal/outbox"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/telemetry"
	"github.com/connect-local/connect-local/internal/wire"
)

// metricsRoute serves the server's Prometheus metrics
// (docs/local-api.md#metrics). It is a Caller route: the request counters,
// latencies and store histograms are the server's and name no account or
// instance; the gauges of contacts waiting, agents and stream delivery
// are built per scrape from the caller's own instances only, so a scraper
// sees the instances its credentials could list with ListInstances and no
// others.
func metricsRoute(add func(Route)) {
	add(callerRoute("GET /_local/metrics", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		if e.opts.Telemetry == nil {
			wire.WriteError(w, wire.Errorf("UnknownOperationException", http.StatusNotFound, "This server keeps no metrics."))
			return
		}
		reg, err := callerGauges(e.svc, t.scope)
		if err != nil {
			awserr.Write(w, nil, err)
			return
		}
		e.opts.Telemetry.Serve(w, r, reg)
	}))
}

// Agent states of connect_local_agents, named after Connect's real-time
// metrics (AGENTS_ON_CONTACT, AGENTS_AFTER_CONTACT_WORK, …).
const (
	agentOnContact     = "on_contact"         // an offer ringing, a contact connected or on hold
	agentACW           = "after_contact_work" // only contacts in after-contact work
	agentAvailable     = "available"          // a routable status and no contact
	agentNonProductive = "non_productive"     // a custom status (break, lunch…) and no contact
	agentOffline       = "offline"            // the Offline status and no contact
)

// callerGauges reads every instance of sc: its waiting contacts per queue,
// its agents per state, and the delivery state of each of its stream
// destinations (backlog, last error: docs/events.md#delivery).
func callerGauges(svc *service.Service, sc service.Scope) (*prometheus.Registry, error) {
	waiting := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: telemetry.Namespace, Name: "contacts_waiting",
		Help: "Contacts queued and not yet connected to an agent (a ringing offer counts), per instance of the caller and queue."},
		[]string{"instance", "queue", "queue_name"})
	agents := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: telemetry.Namespace, Name: "agents",
		Help: "Agents per instance of the caller and state: on_contact, after_contact_work, available, non_productive, offline."},
		[]string{"instance", "state"})
	reg := prometheus.NewRegistry()
	reg.MustRegister(waiting, agents)
	streams := telemetry.NewStreamGauges(reg)
	req := service.PageRequest{MaxResults: 10}
	for {
		page, err := svc.ListInstances(sc, req)
		if err != nil {
			return nil, err
		}
		for _, in := range page.Items {
			v, err := svc.Engine(sc, in.ID)
			if err != nil {
				continue // deleted since it was listed
			}
			for _, q := range v.Queues {
				waiting.WithLabelValues(in.ID, q.QueueID, q.Name).Set(float64(len(q.Contacts)))
			}
			for _, s := range []string{agentOnContact, agentACW, agentAvailable, agentNonProductive, agentOffline} {
				agents.WithLabelValues(in.ID, s)
			}
			for _, a := range v.Agents {
				agents.WithLabelValues(in.ID, agentState(a)).Inc()
			}
			if st, err := svc.Streams(sc, in.ID); err == nil {
				for _, d := range st.Destinations {
					streams.Observe(in.ID, withTarget(svc, sc, in.ID, d))
				}
			}
		}
		if page.NextToken == "" {
			return reg, nil
		}
		req.NextToken = page.NextToken
	}
}

// withTarget fills in the kind and target of a storage destination that
// has not sent or stored a record yet (its status names only the
// association), from its storage config, so that its series keep the same
// labels before and after its first record.
func withTarget(svc *service.Service, sc service.Scope, instanceID string, d outbox.Status) outbox.Status {
	if d.Kind != "" || d.Destination == "eventbridge" {
		return d
	}
	for _, rt := range []string{service.ResourceCTR, service.ResourceAgentEvents} {
		c, err := svc.DescribeInstanceStorageConfig(sc, instanceID, rt, d.Destination)
		if err != nil {
			continue
		}
		switch c.StorageType {
		case "KINESIS_STREAM":
			d.Kind, d.Target = outbox.Kinesis, c.StreamARN
		case "KINESIS_FIREHOSE":
			d.Kind, d.Target = outbox.Firehose, c.FirehoseARN
		}
		break
	}
	return d
}

// agentState is the state an agent is counted in.
func agentState(a service.AgentView) string {
	acw := false
	for _, cn := range a.Connections {
		switch cn.State {
		case service.ConnConnecting, service.ConnConnected, service.ConnOnHold:
			return agentOnContact
		case service.ConnEnded:
			acw = true
		}
	}
	switch {
	case acw:
		return agentACW
	case a.Status == nil || a.Status.Type == "OFFLINE":
		return agentOffline
	case a.Status.Type == "ROUTABLE":
		return agentAvailable
	}
	return agentNonProductive
}
