package local

import (
	"net/http"
)

// promptRoutes serves the URLs GetPromptFile answers. The route is open
// (no signature, as an S3 presigned URL needs none): the token in the path
// is the credential, a MAC over the S3 URI and the expiry that only this
// server can make (service.OpenPromptFile).
func promptRoutes(add func(Route)) {
	add(serverRoute("GET /_local/prompt-files/{token}", func(e *env, w http.ResponseWriter, r *http.Request, _ target) {
		uri, err := e.svc.OpenPromptFile(r.PathValue("token"))
		if err != nil {
			reply(w, nil, err)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(uri))
	}))
}
