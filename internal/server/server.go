package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/connect-local/connect-local/internal/chat"
	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/handler"
	"github.com/connect-local/connect-local/internal/invoke"
	"github.com/connect-local/connect-local/internal/local"
	"github.com/connect-local/connect-local/internal/model"
	"github.com/connect-local/connect-local/internal/participant"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/simulation"
	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/telemetry"
	"github.com/connect-local/connect-local/internal/wallboard"
	"github.com/connect-local/connect-local/internal/wire"
)

// Version is the connect-local version.
const Version = "0.1.0"

// Options configures a Server.
type Options struct {
	DataDir string // where the embedded store lives (ignored with Memory)
	Memory  bool   // keep everything in memory
	Clock   clock.Clock
	Logger  *slog.Logger
	// Quotas are the adjustable resource quotas; zero fields take defaults.
	Quotas service.Quotas
	// Auth authenticates requests (--auth strict: a sigv4.Verifier); nil
	// is permissive.
	Auth wire.Authenticator
	// Limiter throttles requests (--throttle aws: a throttle.Limiter); nil
	// is off.
	Limiter wire.Limiter
	// Store, when set, is used instead of DataDir or Memory; the server
	// closes it. Tests wrap a store to inject faults.
	Store storage.Store
	// Limits bound what one client may hold; zero fields take defaults.
	Limits Limits
	// AllowedHosts are Host names accepted beside loopback ones and the
	// address a request arrives at (--allowed-hosts); "*" accepts any.
	// AllowedOrigins are web origins whose pages may call the server beside
	// its own and loopback ones (--allowed-origins); "*" allows any page.
	// Both empty is the safe default: see wire.OriginGuard.
	AllowedHosts   []string
	AllowedOrigins []string
	// Lambda and Lex are the clients flows call (--lambda-endpoint,
	// --lex-endpoint); nil: those blocks take their Error branch.
	Lambda, Lex *invoke.Client
	// Streams, when set, streams contact records, agent events and
	// contact events to the endpoints it names (docs/events.md).
	Streams *service.StreamOptions
}

// Limits bound the resources one client can hold (hostile input): header
// size and the time to send a request, answer it and keep an idle
// connection; the live streams open at once, and the contacts one
// simulation may start. The body is bounded by the wire layer (8 MiB).
type Limits struct {
	MaxHeaderBytes    int           // default 64 KiB
	ReadHeaderTimeout time.Duration // default 10 s
	ReadTimeout       time.Duration // whole request, body included; default 30 s
	WriteTimeout      time.Duration // from the end of the headers to the end of the answer; default 60 s
	IdleTimeout       time.Duration // keep-alive; default 120 s
	// MaxLiveStreams bounds the wallboard's live feeds open at once
	// (--max-live-streams; default 64): one more is answered 503.
	MaxLiveStreams int
	// MaxSimulatedContacts bounds the contacts POST /_local/simulate may
	// start (--max-simulated-contacts; default 1,000,000).
	MaxSimulatedContacts int
}

func (l Limits) withDefaults() Limits {
	def := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	if l.MaxHeaderBytes == 0 {
		l.MaxHeaderBytes = 64 << 10
	}
	def(&l.ReadHeaderTimeout, 10*time.Second)
	def(&l.ReadTimeout, 30*time.Second)
	def(&l.WriteTimeout, 60*time.Second)
	def(&l.IdleTimeout, 120*time.Second)
	if l.MaxLiveStreams <= 0 {
		l.MaxLiveStreams = wallboard.DefaultMaxStreams
	}
	if l.MaxSimulatedContacts <= 0 {
		l.MaxSimulatedContacts = simulation.DefaultMaxContacts
	}
	return l
}

// Server is a running connect-local.
type Server struct {
	Service *service.Service
	Clock   clock.Clock
	store   storage.Store
	handler http.Handler
	limits  Limits
}

// New opens storage and builds the server.
func New(opts Options) (*Server, error) {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	origins, err := wire.NewOriginGuard(wire.OriginOptions{AllowedHosts: opts.AllowedHosts, AllowedOrigins: opts.AllowedOrigins})
	if err != nil {
		if opts.Store != nil {
			opts.Store.Close()
		}
		return nil, err
	}
	tel := telemetry.New()
	var st storage.Store
	kind := "memory"
	if opts.Store != nil {
		st, kind = opts.Store, "custom"
	} else if opts.Memory {
		st = storage.NewMemory()
	} else {
		b, err := storage.OpenBolt(opts.DataDir)
		if err != nil {
			return nil, err
		}
		st, kind = b, "bolt"
	}
	m, err := model.Load()
	if err != nil {
		st.Close()
		return nil, err
	}
	svc, err := service.New(service.Options{Store: tel.Store(st), Clock: opts.Clock, Logger: opts.Logger, Quotas: opts.Quotas, Streams: opts.Streams,
		Lambda: opts.Lambda, Lex: opts.Lex})
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("load state: %w", err)
	}
	hub := chat.NewHub(chat.Options{Clock: opts.Clock, Logger: opts.Logger})
	participant.Bind(svc, hub)
	papi, err := participant.New(hub).API()
	if err != nil {
		svc.Close()
		st.Close()
		return nil, err
	}
	h := handler.New(svc).WithChat(hub)
	limits := opts.Limits.withDefaults()
	lh := local.New(local.Options{Clock: opts.Clock, Version: Version, Storage: kind, Service: svc,
		MaxSimulatedContacts: limits.MaxSimulatedContacts, MaxLiveStreams: limits.MaxLiveStreams, Chat: hub, Telemetry: tel})
	ws := wire.NewServer(wire.ServerOptions{
		Model:    m,
		Handlers: h.Routes(),
		Local:    lh,
		Logger:   opts.Logger,
		Auth:     opts.Auth,
		Limiter:  opts.Limiter,
		Origins:  origins,
		APIs:     []wire.API{papi},
		Observer: tel,
	})
	return &Server{Service: svc, Clock: opts.Clock, store: st, handler: ws, limits: limits}, nil
}

// Handler is the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// HTTPServer is an http.Server for the handler with the server's limits,
// so that slow or greedy clients cannot hold it.
func (s *Server) HTTPServer() *http.Server {
	l := s.limits
	return &http.Server{Handler: s.handler, MaxHeaderBytes: l.MaxHeaderBytes, ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout: l.ReadTimeout, WriteTimeout: l.WriteTimeout, IdleTimeout: l.IdleTimeout}
}

// Close commits the writes still queued and closes storage.
func (s *Server) Close() error {
	s.Service.Close()
	return s.store.Close()
}
