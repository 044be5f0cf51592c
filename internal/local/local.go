package local

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wire"
)

// Options configures the local endpoints.
type Options struct {
	Clock   clock.Clock
	Version string
	Storage string // "bolt" or "memory"
	Service *service.Service
	// MaxSimulatedContacts bounds the contacts POST /_local/simulate may
	// start (default simulation.DefaultMaxContacts).
	MaxSimulatedContacts int
	// MaxLiveStreams bounds the open live feeds (default
	// wallboard.DefaultMaxStreams).
	MaxLiveStreams int
}

// New returns the /_local/ handler.
func New(opts Options) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_local/health", func(w http.ResponseWriter, r *http.Request) {
		wire.WriteJSON(w, map[string]any{"status": "ok", "version": opts.Version, "storage": opts.Storage, "clock": opts.Clock.Mode()})
	})
	mux.HandleFunc("GET /_local/clock", func(w http.ResponseWriter, r *http.Request) {
		wire.WriteJSON(w, clockBody(opts.Clock))
	})
	mux.HandleFunc("POST /_local/clock/advance", func(w http.ResponseWriter, r *http.Request) {
		v, ok := opts.Clock.(*clock.Virtual)
		if !ok {
			wire.WriteError(w, wire.Errorf("InvalidRequestException", http.StatusBadRequest, "The clock is real; start the server with --clock virtual to advance it."))
			return
		}
		var body struct{ Seconds *float64 }
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&body); err != nil || body.Seconds == nil || *body.Seconds < 0 || *body.Seconds > 10*365*86400 {
			wire.WriteError(w, wire.InvalidParameter("Body must be {\"Seconds\": N} with 0 <= N <= 315360000."))
			return
		}
		v.Advance(time.Duration(*body.Seconds * float64(time.Second)))
		wire.WriteJSON(w, clockBody(opts.Clock))
	})
	if opts.Service != nil {
		engineRoutes(mux, opts.Service)
		searchRoutes(mux, opts.Service)
		simulateRoute(mux, opts.Clock, opts.Service, opts.MaxSimulatedContacts)
		wallboardRoutes(mux, opts.Service, opts.MaxLiveStreams)
	}
	mux.HandleFunc("/_local/", func(w http.ResponseWriter, r *http.Request) {
		wire.WriteError(w, wire.Errorf("UnknownOperationException", http.StatusNotFound, "No local endpoint %s %s", r.Method, r.URL.Path))
	})
	return mux
}

func clockBody(c clock.Clock) map[string]any {
	now := c.Now()
	return map[string]any{"Mode": c.Mode(), "Now": now.Format(time.RFC3339Nano), "EpochSeconds": float64(now.UnixMilli()) / 1000}
}
