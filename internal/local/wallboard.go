package local

import (
	"net/http"

	"github.com/connect-local/connect-local/internal/wallboard"
)

// wallboardRoutes serves the browser wallboard (docs/wallboard.md): its
// embedded assets at /_local/ui/ and the live feed of engine changes of
// each instance of the caller's account and region, as server-sent events.
func wallboardRoutes(add func(Route)) {
	assets := wallboard.Assets()
	add(serverRoute("GET "+wallboard.Prefix, func(_ *env, w http.ResponseWriter, r *http.Request, _ target) {
		assets.ServeHTTP(w, r)
	}))
	add(serverRoute("GET /_local/ui", func(_ *env, w http.ResponseWriter, r *http.Request, _ target) {
		http.Redirect(w, r, wallboard.Prefix, http.StatusMovedPermanently)
	}))
	add(instanceRoute("GET /_local/instances/{instance}/events", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		e.live.ServeEvents(w, r, t.instance)
	}))
}
