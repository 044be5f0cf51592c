package local

import (
	"net/http"

	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/wallboard"
	"github.com/connect-local/connect-local/internal/wire"
)

// wallboardRoutes serves the browser wallboard (docs/wallboard.md): its
// embedded assets at /_local/ui/ and each instance's live feed of engine
// changes as server-sent events.
func wallboardRoutes(mux *http.ServeMux, svc *service.Service, maxStreams int) {
	live := wallboard.NewLive(svc, wallboard.LiveOptions{MaxStreams: maxStreams})
	mux.Handle("GET "+wallboard.Prefix, wallboard.Assets())
	mux.Handle("GET /_local/ui", http.RedirectHandler(wallboard.Prefix, http.StatusMovedPermanently))
	mux.HandleFunc("GET /_local/instances/{instance}/events", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("instance")
		// As for the engine endpoints: with --auth strict, only the
		// caller's own account and region.
		if c := wire.CallerFrom(r.Context()); c.Verified && !svc.InstanceIn(service.Scope{Account: c.Account, Region: c.Region}, id) {
			wire.WriteError(w, wire.Errorf("ResourceNotFoundException", http.StatusNotFound, "Instance not found: %s", id))
			return
		}
		if _, err := svc.Engine(id); err != nil {
			reply(w, nil, err)
			return
		}
		live.ServeEvents(w, r, id)
	})
}
