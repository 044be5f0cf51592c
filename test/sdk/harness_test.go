// Package sdk runs connect-local's outside-in tests: the real AWS SDK for Go
// v2 talks HTTP to an in-process server, exactly as a user's program would.
package sdk

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/connect"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/server"
)

// env is one in-process server and a client factory.
type env struct {
	t      *testing.T
	srv    *server.Server
	http   *httptest.Server
	clock  *clock.Virtual
	client *connect.Client // account 111111111111, us-east-1
}

// T0 is where every test's virtual clock starts.
var T0 = time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC)

func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvWith(t, server.Options{Memory: true})
}

// newEnvWith is newEnv with server options (storage, quotas); the clock is
// always a virtual one standing at T0.
func newEnvWith(t *testing.T, opts server.Options) *env {
	t.Helper()
	vc := clock.NewVirtual(T0)
	opts.Clock = vc
	srv, err := server.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { hs.Close(); srv.Close() })
	e := &env{t: t, srv: srv, http: hs, clock: vc}
	e.client = e.clientFor("111111111111", "us-east-1")
	return e
}

// clientFor returns an SDK client whose access key is account (12 digits →
// that account) in region.
func (e *env) clientFor(account, region string) *connect.Client {
	return connect.New(connect.Options{
		Region:           region,
		BaseEndpoint:     aws.String(e.http.URL),
		Credentials:      credentials.NewStaticCredentialsProvider(account, "secret", ""),
		RetryMaxAttempts: 1,
	})
}

func ctx() context.Context { return context.Background() }
