package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/model"
)

// Handler runs one operation. input is the operation's generated api input
// type (e.g. *api.CreateQueueRequest), already validated against the model.
// It returns the api output type (or nil for operations with no output) or
// an error; a *Error is sent as is, anything else as a logged 500.
type Handler func(ctx context.Context, input any) (any, error)

// requestIDHeader is x-amzn-RequestId as Header.Set stores it
// (canonical); setting it directly saves canonicalising, which allocates,
// on every request.
const requestIDHeader = "X-Amzn-Requestid"

// LocalPrefix is where connect-local's own endpoints live.
const LocalPrefix = "/_local/"

// ServerOptions configures a Server.
type ServerOptions struct {
	Model    *model.Model
	Handlers map[string]Handler
	// Local serves everything under /_local/.
	Local  http.Handler
	Logger *slog.Logger
	// MaxBodyBytes bounds a request body; 0 means 8 MiB.
	MaxBodyBytes int64
	// Auth authenticates every request but GET /_local/health and the
	// wallboard's static files; nil means Permissive. The /_local/
	// endpoints see the Caller in their context and scope by it; with a
	// strict Authenticator they need a signature too.
	Auth Authenticator
	// Limiter throttles operations (--throttle aws); nil admits everything.
	Limiter Limiter
	// Origins stops web pages from driving the server (CSRF, DNS
	// rebinding) before anything else runs. nil checks nothing: only
	// tests of the protocol build a Server without one; internal/server
	// always sets it.
	Origins *OriginGuard
	// APIs are further services served on the same port, each under its
	// own path prefix (the participant service).
	APIs []API
	// Observer, when set, is told of every Amazon Connect API operation
	// answered (throttled and failed ones included), for the server's
	// metrics; it must be quick.
	Observer RequestObserver
}

// RequestObserver records answered operations (internal/telemetry).
type RequestObserver interface {
	ObserveRequest(operation string, status int, d time.Duration)
}

// Server is the HTTP front of connect-local.
type Server struct {
	model    *model.Model
	router   *Router
	handlers map[string]Handler
	local    http.Handler
	log      *slog.Logger
	maxBody  int64
	auth     Authenticator
	limiter  Limiter
	origins  *OriginGuard
	observer RequestObserver
	strict   bool
	apis     []API
}

// NewServer builds a Server from opts.
func NewServer(opts ServerOptions) *Server {
	s := &Server{model: opts.Model, router: NewRouter(opts.Model), handlers: opts.Handlers,
		local: opts.Local, log: opts.Logger, maxBody: opts.MaxBodyBytes, auth: opts.Auth, limiter: opts.Limiter, origins: opts.Origins, observer: opts.Observer}
	for _, a := range opts.APIs {
		a.router = NewRouter(a.Model)
		s.apis = append(s.apis, a)
	}
	if s.auth == nil {
		s.auth = Permissive{}
	}
	_, permissive := s.auth.(Permissive)
	s.strict = !permissive
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.maxBody == 0 {
		s.maxBody = 8 << 20
	}
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := uuid.NewString()
	w.Header()[requestIDHeader] = []string{reqID}
	sw := clock.StartStopwatch()
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic serving request", "request_id", reqID, "method", r.Method, "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
			writeError(w, Internal())
		}
	}()
	if s.origins != nil {
		if done, refusal := s.origins.admit(w, r); done {
			if refusal != nil {
				s.log.Info("request refused", "request_id", reqID, "method", r.Method, "path", r.URL.Path, "host", clipHeader(r.Host),
					"origin", clipHeader(r.Header.Get("Origin")), "status", refusal.Status, "error_type", refusal.Type)
				writeError(w, refusal)
			}
			return
		}
	}
	isLocal := strings.HasPrefix(r.URL.Path, LocalPrefix) || r.URL.Path == strings.TrimSuffix(LocalPrefix, "/")
	// The health check and the wallboard's static assets (which hold no
	// data) answer without a signature even in strict mode.
	open := r.Method == http.MethodGet && isOpenPath(r.URL.Path)
	if isLocal && open {
		s.serveLocal(w, r)
		return
	}
	if !isLocal {
		if a := s.apiFor(r.URL.Path); a != nil {
			s.serveAPI(w, r, a, reqID)
			return
		}
	}
	if isLocal && !s.strict {
		// Permissive: the caller comes from the credential scope exactly as
		// for the AWS API (the body plays no part, so it is left unread
		// for the endpoint and its own limit); /_local/ scopes by it.
		caller, aerr := s.auth.Authenticate(r, nil)
		if aerr != nil {
			writeError(w, aerr)
			return
		}
		caller.RequestID = reqID
		s.serveLocal(w, r.WithContext(WithCaller(r.Context(), caller)))
		return
	}
	body, rerr := s.readBody(r)
	if rerr != nil {
		writeError(w, rerr)
		return
	}
	caller, aerr := s.auth.Authenticate(r, body)
	if aerr != nil {
		s.log.Info("request refused", "request_id", reqID, "method", r.Method, "path", r.URL.Path, "status", aerr.Status, "error_type", aerr.Type, "ms", sw.Elapsed().Milliseconds())
		writeError(w, aerr)
		return
	}
	caller.RequestID = reqID
	if isLocal {
		r = r.WithContext(WithCaller(r.Context(), caller))
		r.Body = io.NopCloser(bytes.NewReader(body))
		s.serveLocal(w, r)
		return
	}
	op, labels, ok := s.router.Match(r.Method, r.URL.EscapedPath())
	if !ok {
		writeError(w, Errorf("UnknownOperationException", http.StatusNotFound, "No Amazon Connect operation matches %s %s", r.Method, r.URL.Path))
		return
	}
	caller.Operation = op.Name
	caller.Host = r.Host // for URLs on this server (GetPromptFile)
	var out any
	var err error
	if s.limiter != nil && !s.limiter.Allow(caller) {
		err = Errorf("ThrottlingException", http.StatusTooManyRequests, "Rate exceeded")
	} else {
		out, err = s.call(r, op, labels, caller, body)
	}
	level := slog.LevelDebug
	if err != nil {
		we := s.asWireError(reqID, op.Name, err)
		if we.Status >= 500 && we.Status != http.StatusNotImplemented {
			level = slog.LevelError
		}
		s.observe(op.Name, we.Status, sw)
		s.log.Log(r.Context(), level, "request", "request_id", reqID, "operation", op.Name, "status", we.Status, "error_type", we.Type, "account", caller.Account, "region", caller.Region, "ms", sw.Elapsed().Milliseconds())
		writeError(w, we)
		return
	}
	s.observe(op.Name, http.StatusOK, sw)
	// Checked first: the arguments of a line nobody keeps cost a request
	// several allocations.
	if s.log.Enabled(r.Context(), level) {
		s.log.Log(r.Context(), level, "request", "request_id", reqID, "operation", op.Name, "status", 200, "account", caller.Account, "region", caller.Region, "ms", sw.Elapsed().Milliseconds())
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) observe(op string, status int, sw clock.Stopwatch) {
	if s.observer != nil {
		s.observer.ObserveRequest(op, status, sw.Elapsed())
	}
}

func (s *Server) serveLocal(w http.ResponseWriter, r *http.Request) {
	if s.local == nil {
		writeError(w, Errorf("UnknownOperationException", http.StatusNotFound, "No local endpoint at %s", r.URL.Path))
		return
	}
	s.local.ServeHTTP(w, r)
}

// readBody reads the whole request body, at most maxBody bytes: the
// signature covers it, so it is read before anything else happens.
func (s *Server) readBody(r *http.Request) ([]byte, *Error) {
	size := 512
	if n := r.ContentLength; n > 0 && n <= s.maxBody {
		size = int(n) + 1
	}
	body, err := readAll(http.MaxBytesReader(nil, r.Body, s.maxBody), size)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, Errorf("SerializationException", http.StatusRequestEntityTooLarge, "The request body is larger than %d bytes.", s.maxBody)
		}
		return nil, Errorf("SerializationException", http.StatusBadRequest, "The request body could not be read.")
	}
	return body, nil
}

// readAll is io.ReadAll starting with a buffer of size bytes: a body's
// declared length (plus the byte that meets the end) sizes it at once,
// where io.ReadAll grows it from 512 bytes.
func readAll(r io.Reader, size int) ([]byte, error) {
	b := make([]byte, 0, size)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
	}
}

// asWireError is err as it goes on the wire: a *Error as is, anything
// else a logged 500.
func (s *Server) asWireError(reqID, op string, err error) *Error {
	var we *Error
	if !errors.As(err, &we) {
		s.log.Error("operation failed", "request_id", reqID, "operation", op, "error", err)
		return Internal()
	}
	return we
}

func (s *Server) stopwatch() clock.Stopwatch { return clock.StartStopwatch() }

func (s *Server) call(r *http.Request, op *model.Operation, labels map[string]string, caller Caller, body []byte) (any, error) {
	return s.invoke(r, op, labels, caller, body, s.handlers, api.NewInput)
}

// invoke decodes and validates the input of op from its model, then runs
// its handler from handlers.
func (s *Server) invoke(r *http.Request, op *model.Operation, labels map[string]string, caller Caller, body []byte,
	handlers map[string]Handler, newInput func(string) any) (any, error) {
	h, ok := handlers[op.Name]
	if !ok {
		return nil, Errorf("NotImplementedException", http.StatusNotImplemented, "connect-local does not implement %s yet", op.Name)
	}
	raw, err := decodeInput(op, r, labels, body)
	if err != nil {
		return nil, err
	}
	var input any
	if op.Input != nil {
		// Only what validate returns is decoded: encoding/json matches
		// struct fields case-insensitively, so a raw "firstname" would
		// overwrite the validated "FirstName".
		checked, verr := validate(op.Input, raw)
		if verr != nil {
			return nil, verr
		}
		if input, err = typedInput(op.Name, checked, newInput); err != nil {
			return nil, err
		}
	}
	return h(WithCaller(r.Context(), caller), input)
}

// typedInput is checked decoded into op's api input type: directly when
// decodeChecked can, else through its JSON.
func typedInput(op string, checked map[string]any, newInput func(string) any) (any, error) {
	input := newInput(op)
	if decodeChecked(input, checked) {
		return input, nil
	}
	return typedInputJSON(op, checked, newInput)
}

// typedInputJSON is typedInput through checked's JSON: what encoding/json
// makes of it, errors included.
func typedInputJSON(op string, checked map[string]any, newInput func(string) any) (any, error) {
	input := newInput(op)
	b, err := json.Marshal(checked)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, input); err != nil {
		return nil, InvalidParameter("The request could not be decoded: %s", jsonErrText(err))
	}
	return input, nil
}

// answerBufs holds the buffers answers are encoded in: the body is copied
// into the connection's writer, so the buffer is free once written.
var answerBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func writeJSON(w http.ResponseWriter, status int, v any) {
	buf := answerBufs.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 64<<10 {
			buf.Reset()
			answerBufs.Put(buf)
		}
	}()
	if v == nil {
		buf.WriteString("{}")
	} else {
		enc := json.NewEncoder(buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			writeError(w, Internal())
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(bytes.TrimRight(buf.Bytes(), "\n"))
}

func writeError(w http.ResponseWriter, e *Error) {
	body := map[string]any{"Message": e.Message}
	for k, v := range e.Fields {
		body[k] = v
	}
	w.Header().Set("X-Amzn-ErrorType", e.Type)
	b, _ := json.Marshal(body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Status)
	_, _ = w.Write(b)
}

// WriteError sends e as an AWS-shaped error; for the /_local/ endpoints.
func WriteError(w http.ResponseWriter, e *Error) { writeError(w, e) }

// WriteJSON sends v as a 200 JSON body; for the /_local/ endpoints.
func WriteJSON(w http.ResponseWriter, v any) { writeJSON(w, http.StatusOK, v) }

// isISOTime reports whether s parses as an RFC 3339 timestamp.
func isISOTime(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}
