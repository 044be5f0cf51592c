// Package server assembles connect-local: storage, clock, service, handlers,
// the wire protocol and the local endpoints, into one http.Handler. Both the
// binary and the in-process tests build the server here, so they run the
// same thing.
package server

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/handler"
	"github.com/connect-local/connect-local/internal/local"
	"github.com/connect-local/connect-local/internal/model"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/storage"
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
}

// Server is a running connect-local.
type Server struct {
	Service *service.Service
	Clock   clock.Clock
	store   storage.Store
	handler http.Handler
}

// New opens storage and builds the server.
func New(opts Options) (*Server, error) {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	var st storage.Store
	kind := "memory"
	if opts.Memory {
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
	svc, err := service.New(service.Options{Store: st, Clock: opts.Clock, Logger: opts.Logger, Quotas: opts.Quotas})
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("load state: %w", err)
	}
	h := handler.New(svc)
	ws := wire.NewServer(wire.ServerOptions{
		Model:    m,
		Handlers: h.Routes(),
		Local:    local.New(local.Options{Clock: opts.Clock, Version: Version, Storage: kind, Service: svc}),
		Logger:   opts.Logger,
	})
	return &Server{Service: svc, Clock: opts.Clock, store: st, handler: ws}, nil
}

// Handler is the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Close flushes and closes storage.
func (s *Server) Close() error { return s.store.Close() }
