package connectlocaltest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/connect"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/seed"
	"github.com/connect-local/connect-local/internal/server"
)

// DefaultStart is where the virtual clock stands when no WithStart is
// given: a Monday morning, so that the default "Basic Hours" are open and
// two runs of a test see the same timestamps.
var DefaultStart = time.Date(2024, 1, 8, 9, 0, 0, 0, time.UTC)

// The credentials of Client: a non-numeric access key puts its requests in
// account 000000000000, where a seed scenario's instance is created too.
const (
	AccessKeyID     = "test"
	SecretAccessKey = "test"
	Account         = "000000000000"
)

// Option changes what Start starts.
type Option func(*config)

type config struct {
	start      time.Time
	region     string
	seedFile   string
	seedYAML   []byte
	logger     *slog.Logger
	retryLimit int
}

// WithStart sets where the virtual clock starts (as `serve --clock virtual
// --clock-start` does).
func WithStart(t time.Time) Option { return func(c *config) { c.start = t.UTC() } }

// WithRegion sets the client's region (default us-east-1). A seed
// scenario's instance is always in us-east-1.
func WithRegion(r string) Option { return func(c *config) { c.region = r } }

// WithSeedFile creates a scenario file's setup at start, as `serve --seed
// FILE` does (docs/simulation.md): the instance and every queue, profile,
// status, attribute, flow and user it names. Server.Seed says their IDs.
func WithSeedFile(path string) Option { return func(c *config) { c.seedFile = path } }

// WithSeedYAML is WithSeedFile with the scenario given inline; flows it
// references by file are not available.
func WithSeedYAML(yaml string) Option { return func(c *config) { c.seedYAML = []byte(yaml) } }

// WithLogger sends the server's log to l (default: discarded).
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithRetries sets the client's maximum attempts (default 1: a test sees
// every error as the server answered it, not after retries).
func WithRetries(max int) Option { return func(c *config) { c.retryLimit = max } }

// Server is a running connect-local for one test.
type Server struct {
	// URL is the endpoint, http://127.0.0.1:PORT, for any client
	// (--endpoint-url of the CLI, endpoint_url of boto3).
	URL string
	// Client is a Connect client for URL: static fake credentials
	// (AccessKeyID, SecretAccessKey), the region, BaseEndpoint = URL.
	Client *connect.Client
	// Config is the aws.Config Client was built from, to build more.
	Config aws.Config
	// Clock is the server's virtual clock.
	Clock *Clock
	// Seed is what WithSeedFile or WithSeedYAML created (nil without).
	Seed *Seed
}

// Clock is the server's virtual clock: time stands still until Advance.
type Clock struct{ v *clock.Virtual }

// Now is the server's time.
func (c *Clock) Now() time.Time { return c.v.Now() }

// Advance moves the clock by d, firing every timer due on the way in time
// order (ringing offers, after-contact work, routing steps, scheduled
// tasks), and returns the new time. The engine has routed what became
// routable when Advance returns.
func (c *Clock) Advance(d time.Duration) time.Time { return c.v.Advance(d) }

// Seed is the setup a seed scenario created, by the names it uses.
type Seed struct {
	InstanceID string
	r          *seed.Result
}

// QueueID, ProfileID, StatusID, FlowID and UserID give the ID of the
// resource the scenario names (case-insensitively), or "".
func (s *Seed) QueueID(name string) string   { return s.r.QueueID(name) }
func (s *Seed) ProfileID(name string) string { return s.r.ProfileID(name) }
func (s *Seed) StatusID(name string) string  { return s.r.StatusID(name) }
func (s *Seed) FlowID(name string) string    { return s.r.FlowID(name) }
func (s *Seed) UserID(name string) string    { return s.r.UserID(name) }

// Start starts a server for t and stops it when t ends; it fails t if the
// server cannot start.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, stop, err := start(opts...)
	if err != nil {
		t.Fatalf("connectlocaltest: %v", err)
	}
	t.Cleanup(stop)
	return s
}

func start(opts ...Option) (*Server, func(), error) {
	c := config{start: DefaultStart, region: "us-east-1", retryLimit: 1}
	for _, o := range opts {
		o(&c)
	}
	if c.logger == nil {
		c.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	var sc *scenario.Scenario
	var err error
	switch {
	case c.seedFile != "":
		sc, err = scenario.Load(c.seedFile)
	case c.seedYAML != nil:
		sc, err = scenario.Parse(c.seedYAML, "seed.yaml", scenario.FilesFrom(nil))
	}
	if err != nil {
		return nil, nil, err
	}
	vc := clock.NewVirtual(c.start)
	sopts := server.Options{Memory: true, Clock: vc, Logger: c.logger}
	if sc != nil {
		sopts.Quotas = seed.Quotas(sc, sopts.Quotas)
	}
	srv, err := server.New(sopts)
	if err != nil {
		return nil, nil, err
	}
	s := &Server{Clock: &Clock{v: vc}}
	if sc != nil {
		res, err := seed.Apply(srv.Service, seed.DefaultScope, sc)
		if err != nil {
			srv.Close()
			return nil, nil, err
		}
		s.Seed = &Seed{InstanceID: res.InstanceID, r: res}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	hs := srv.HTTPServer()
	served := make(chan struct{})
	go func() {
		defer close(served)
		if err := hs.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			c.logger.Error("connectlocaltest: serve", "error", err)
		}
	}()
	s.URL = fmt.Sprintf("http://%s", l.Addr())
	s.Config = aws.Config{
		Region:           c.region,
		Credentials:      credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, ""),
		RetryMaxAttempts: c.retryLimit,
		BaseEndpoint:     aws.String(s.URL),
	}
	s.Client = connect.NewFromConfig(s.Config)
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
		<-served
		srv.Close()
	}
	return s, stop, nil
}
