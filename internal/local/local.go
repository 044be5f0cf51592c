package local

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/connect-local/connect-local/internal/chat"
	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/telemetry"
	"github.com/connect-local/connect-local/internal/wallboard"
	"github.com/connect-local/connect-local/internal/wire"
)

// Options configures the local endpoints.
type Options struct {
	Clock   clock.Clock
	Version string
	Storage string           // "bolt" or "memory"
	Service *service.Service // required
	// MaxSimulatedContacts bounds the contacts POST /_local/simulate may
	// start (default simulation.DefaultMaxContacts).
	MaxSimulatedContacts int
	// MaxLiveStreams bounds the open live feeds (default
	// wallboard.DefaultMaxStreams).
	MaxLiveStreams int
	// Chat is the server's chats (nil: the chat route answers 501).
	Chat *chat.Hub
	// Telemetry is the server's metrics, served at /_local/metrics (nil:
	// that route answers 404).
	Telemetry *telemetry.Telemetry
}

// Access is what a route may reach.
type Access int

const (
	// Server routes touch no account's data: the health check, the one
	// clock of the server, the wallboard's static files.
	Server Access = iota
	// Caller routes act in the caller's account and region.
	Caller
	// Instance routes act on {instance}, which must be an instance of the
	// caller's account and region; any other answers 404
	// ResourceNotFoundException before the handler runs.
	Instance
)

func (a Access) String() string {
	return [...]string{"Server", "Caller", "Instance"}[a]
}

// Route is one /_local/ endpoint.
type Route struct {
	Method  string // "" matches every method
	Pattern string // a net/http ServeMux path pattern
	Access  Access
	serve   serveFunc
}

// serveFunc handles a request on behalf of t.
type serveFunc func(e *env, w http.ResponseWriter, r *http.Request, t target)

// target is where a request acts: the caller's account and region (on
// Caller and Instance routes) and the instance, resolved in them (on
// Instance routes).
type target struct {
	scope    service.Scope
	instance string
}

// env is what the handlers of one server share.
type env struct {
	opts       Options
	svc        *service.Service
	clock      clock.Clock
	live       *wallboard.Live
	simulating sync.Mutex // one simulation at a time
}

func serverRoute(pattern string, h serveFunc) Route   { return route(pattern, Server, h) }
func callerRoute(pattern string, h serveFunc) Route   { return route(pattern, Caller, h) }
func instanceRoute(pattern string, h serveFunc) Route { return route(pattern, Instance, h) }

func route(pattern string, a Access, h serveFunc) Route {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "", pattern
	}
	return Route{Method: method, Pattern: path, Access: a, serve: h}
}

// Routes lists every /_local/ route: New serves exactly these.
func Routes() []Route {
	var rs []Route
	add := func(r Route) { rs = append(rs, r) }
	baseRoutes(add)
	engineRoutes(add)
	chatRoutes(add)
	flowRoutes(add)
	searchRoutes(add)
	simulateRoute(add)
	callRoutes(add)
	wallboardRoutes(add)
	streamsRoutes(add)
	metricsRoute(add)
	promptRoutes(add)
	add(serverRoute("/_local/", func(_ *env, w http.ResponseWriter, r *http.Request, _ target) {
		wire.WriteError(w, wire.Errorf("UnknownOperationException", http.StatusNotFound, "No local endpoint %s %s", r.Method, r.URL.Path))
	}))
	return slices.Clip(rs)
}

// New returns the /_local/ handler.
func New(opts Options) http.Handler {
	e := &env{opts: opts, svc: opts.Service, clock: opts.Clock}
	e.live = wallboard.NewLive(e.svc, wallboard.LiveOptions{MaxStreams: opts.MaxLiveStreams})
	mux := http.NewServeMux()
	for _, rt := range Routes() {
		mux.HandleFunc(strings.TrimSpace(rt.Method+" "+rt.Pattern), e.handler(rt))
	}
	return mux
}

// handler is the one place where a route learns its caller's scope and
// instance: from the Caller the wire layer put in the context (verified
// in strict mode, read from the credential scope in permissive mode, as
// for the AWS API).
func (e *env) handler(rt Route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var t target
		if rt.Access != Server {
			c := wire.CallerFrom(r.Context())
			t.scope = service.Scope{Account: c.Account, Region: c.Region}
		}
		if rt.Access == Instance {
			id, err := e.svc.ResolveInstance(t.scope, r.PathValue("instance"))
			if err != nil {
				reply(w, nil, err)
				return
			}
			t.instance = id
		}
		rt.serve(e, w, r, t)
	}
}

// baseRoutes adds the health check and the clock, one per server.
func baseRoutes(add func(Route)) {
	add(serverRoute("GET /_local/health", func(e *env, w http.ResponseWriter, r *http.Request, _ target) {
		wire.WriteJSON(w, map[string]any{"status": "ok", "version": e.opts.Version, "storage": e.opts.Storage, "clock": e.clock.Mode()})
	}))
	add(serverRoute("GET /_local/clock", func(e *env, w http.ResponseWriter, r *http.Request, _ target) {
		wire.WriteJSON(w, clockBody(e.clock))
	}))
	add(serverRoute("POST /_local/clock/advance", func(e *env, w http.ResponseWriter, r *http.Request, _ target) {
		v, ok := e.clock.(*clock.Virtual)
		if !ok {
			wire.WriteError(w, wire.Errorf("InvalidRequestException", http.StatusBadRequest, "The clock is real; start the server with --clock virtual to advance it."))
			return
		}
		var body struct {
			Seconds *float64
			To      *string
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&body); err != nil || (body.Seconds == nil) == (body.To == nil) {
			wire.WriteError(w, wire.InvalidParameter(`Body must be {"Seconds": N} or {"To": "<RFC 3339 time>"}, exactly one of them.`))
			return
		}
		if body.Seconds != nil {
			if *body.Seconds < 0 || *body.Seconds > maxAdvance.Seconds() {
				wire.WriteError(w, wire.InvalidParameter("Seconds must be 0 <= N <= %d.", int64(maxAdvance.Seconds())))
				return
			}
			v.Advance(time.Duration(*body.Seconds * float64(time.Second)))
			wire.WriteJSON(w, clockBody(e.clock))
			return
		}
		to, err := time.Parse(time.RFC3339Nano, *body.To)
		if err != nil {
			wire.WriteError(w, wire.InvalidParameter("To %q is not an RFC 3339 time such as 2024-01-01T08:00:00Z.", *body.To))
			return
		}
		now := v.Now()
		switch {
		case to.Before(now):
			wire.WriteError(w, wire.InvalidParameter("To %s is before the clock's time %s: the clock only moves forward.",
				to.UTC().Format(time.RFC3339Nano), now.Format(time.RFC3339Nano)))
			return
		case to.Sub(now) > maxAdvance:
			wire.WriteError(w, wire.InvalidParameter("To %s is more than %d seconds after the clock's time %s.",
				to.UTC().Format(time.RFC3339Nano), int64(maxAdvance.Seconds()), now.Format(time.RFC3339Nano)))
			return
		}
		v.AdvanceTo(to)
		wire.WriteJSON(w, clockBody(e.clock))
	}))
}

// maxAdvance is the furthest one advance moves the clock (ten years).
const maxAdvance = 10 * 365 * 24 * time.Hour

func clockBody(c clock.Clock) map[string]any {
	now := c.Now()
	return map[string]any{"Mode": c.Mode(), "Now": now.Format(time.RFC3339Nano), "EpochSeconds": float64(now.UnixMilli()) / 1000}
}
