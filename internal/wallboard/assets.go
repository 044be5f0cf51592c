package wallboard

import (
	"embed"
	"io/fs"
	"net/http"
)

// Prefix is where the wallboard's assets are served.
const Prefix = "/_local/ui/"

//go:embed assets
var assets embed.FS

// Files is the embedded asset tree (index.html, app.js, details.js, app.css,
// favicon.svg).
func Files() fs.FS {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// Assets serves the embedded files under Prefix. Pages always revalidate
// (no-cache), so a rebuilt binary's wallboard is the one shown.
func Assets() http.Handler {
	files := http.StripPrefix(Prefix, http.FileServerFS(Files()))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		// The page may talk only to this server.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'")
		files.ServeHTTP(w, r)
	})
}
