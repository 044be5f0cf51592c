package wire

import (
	"net/http"
	"strings"

	"github.com/connect-local/connect-local/internal/model"
)

// API is a further AWS service the Server answers beside connect, on the
// same port: the Amazon Connect Participant Service. Requests whose path
// starts with PathPrefix are routed, decoded and validated from its own
// model exactly as connect's are, and its validation failures carry its
// own error type.
type API struct {
	Model    *model.Model
	Handlers map[string]Handler
	// NewInput makes the empty input struct of an operation (the generated
	// package's NewInput).
	NewInput func(op string) any
	// PathPrefix selects the service's requests, e.g. "/participant/".
	PathPrefix string
	// InvalidInput is the error type the service answers for input that
	// fails its model (connect: InvalidParameterException; the
	// participant service: ValidationException).
	InvalidInput string
	// InternalError is the error type of its 500s (the participant
	// service: InternalServerException); "" keeps connect's.
	InternalError string
	// TokenAuth marks a service whose operations carry their own
	// credential (the participant service's X-Amz-Bearer token): SigV4 is
	// neither required nor checked, in strict mode too, as in AWS, where
	// amazon-connect-chatjs signs these calls with empty credentials. The
	// handler authenticates the token; the throttle does not apply.
	TokenAuth bool
	// Open serves the service's own non-model endpoints, by path prefix:
	// the chat WebSocket and the pre-signed attachment URLs, which
	// authenticate themselves (a token in the query or a signed URL). They
	// get the origin guard, nothing else: their handler bounds its body.
	Open map[string]http.Handler

	router *Router
}

// apiFor returns the further API serving path, or nil for connect.
func (s *Server) apiFor(path string) *API {
	for i := range s.apis {
		if strings.HasPrefix(path, s.apis[i].PathPrefix) {
			return &s.apis[i]
		}
	}
	return nil
}

// serveAPI answers a request of a further service.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, a *API, reqID string) {
	for prefix, h := range a.Open {
		if strings.HasPrefix(r.URL.Path, prefix) {
			h.ServeHTTP(w, r)
			return
		}
	}
	sw := s.stopwatch()
	body, rerr := s.readBody(r)
	if rerr != nil {
		writeError(w, rerr)
		return
	}
	var caller Caller
	if a.TokenAuth {
		caller = callerOf(r)
	} else {
		var aerr *Error
		if caller, aerr = s.auth.Authenticate(r, body); aerr != nil {
			writeError(w, aerr)
			return
		}
	}
	caller.RequestID = reqID
	caller.Host = r.Host
	op, labels, ok := a.router.Match(r.Method, r.URL.EscapedPath())
	if !ok {
		writeError(w, Errorf("UnknownOperationException", http.StatusNotFound, "No %s operation matches %s %s", serviceName(a.Model), r.Method, r.URL.Path))
		return
	}
	caller.Operation = op.Name
	var out any
	var err error
	if !a.TokenAuth && s.limiter != nil && !s.limiter.Allow(caller) {
		err = Errorf("ThrottlingException", http.StatusTooManyRequests, "Rate exceeded")
	} else {
		out, err = s.invoke(r, op, labels, caller, body, a.Handlers, a.NewInput)
	}
	if err != nil {
		we := s.asWireError(reqID, op.Name, err)
		if we.Type == "InvalidParameterException" && a.InvalidInput != "" {
			we = &Error{Type: a.InvalidInput, Status: we.Status, Message: we.Message, Fields: we.Fields}
		}
		if we.Status == http.StatusInternalServerError && a.InternalError != "" {
			we = &Error{Type: a.InternalError, Status: we.Status, Message: we.Message}
		}
		s.log.Debug("request", "request_id", reqID, "operation", op.Name, "status", we.Status, "error_type", we.Type, "ms", sw.Elapsed().Milliseconds())
		writeError(w, we)
		return
	}
	s.log.Debug("request", "request_id", reqID, "operation", op.Name, "status", 200, "ms", sw.Elapsed().Milliseconds())
	writeJSON(w, http.StatusOK, out)
}

func serviceName(m *model.Model) string {
	if n, ok := m.Metadata["serviceFullName"].(string); ok {
		return n
	}
	return "AWS"
}
