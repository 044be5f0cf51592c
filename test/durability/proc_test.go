package durability

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/connect"
)

// buildDir holds the binary for the whole package run; TestMain removes it.
var buildDir string

var built struct {
	once sync.Once
	path string
	err  error
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "connect-local-durability-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	buildDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// binary builds cmd/connect-local once per package run.
func binary(t *testing.T) string {
	t.Helper()
	root := moduleRoot(t)
	// The binary is built by a child `go build`, which go test's result
	// cache cannot see. Reading every source file here (the test log
	// records each open) makes any change to the server invalidate a
	// cached pass of this package.
	for _, d := range []string{"cmd", "internal", "go.mod", "go.sum"} {
		err := filepath.WalkDir(filepath.Join(root, d), func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			_, err = os.ReadFile(p)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	built.once.Do(func() {
		// scripts/test builds bin/connect-local once for every suite and
		// names it here; its source was read above, so a stale cached
		// pass is still invalidated.
		if b := os.Getenv("CONNECT_LOCAL_BINARY"); b != "" {
			built.path, built.err = filepath.Abs(b)
			if built.err == nil {
				_, built.err = os.Stat(built.path)
			}
			return
		}
		built.path = filepath.Join(buildDir, "connect-local")
		cmd := exec.Command("go", "build", "-o", built.path, "./cmd/connect-local")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// proc is one running connect-local.
type proc struct {
	cmd      *exec.Cmd
	endpoint string
	logPath  string
	exited   chan struct{} // closed once cmd.Wait returns
	waitErr  error
}

// start runs the binary on dataDir and waits until /_local/health answers.
func start(t *testing.T, dataDir string) *proc {
	t.Helper()
	bin := binary(t)
	for attempt := 0; attempt < 3; attempt++ {
		p := &proc{logPath: filepath.Join(t.TempDir(), "server.log"), exited: make(chan struct{})}
		logf, err := os.Create(p.logPath)
		if err != nil {
			t.Fatal(err)
		}
		addr := freeAddr(t)
		p.endpoint = "http://" + addr
		p.cmd = exec.Command(bin, "serve", "--addr", addr, "--data-dir", dataDir, "--log-level", "warn")
		p.cmd.Stdout, p.cmd.Stderr = logf, logf
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		logf.Close()
		go func() { p.waitErr = p.cmd.Wait(); close(p.exited) }()
		t.Cleanup(func() { p.cmd.Process.Kill(); <-p.exited })
		if p.waitHealthy(t, 10*time.Second) {
			return p
		}
		if !strings.Contains(p.log(), "address already in use") {
			t.Fatalf("server exited before it was healthy (%v):\n%s", p.waitErr, p.log())
		}
	}
	t.Fatal("no free port after 3 tries")
	return nil
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func (p *proc) waitHealthy(t *testing.T, timeout time.Duration) bool {
	t.Helper()
	hc := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case <-p.exited:
			return false
		default:
		}
		if resp, err := hc.Get(p.endpoint + "/_local/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return true
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("server not healthy after %s:\n%s", timeout, p.log())
	return false
}

func (p *proc) log() string {
	b, _ := os.ReadFile(p.logPath)
	return string(b)
}

// kill9 sends SIGKILL and waits for the process to die of it.
func (p *proc) kill9(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.exited
	ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("server did not die of SIGKILL: %v\n%s", p.waitErr, p.log())
	}
}

// term sends SIGTERM and requires a clean exit (status 0) within timeout.
func (p *proc) term(t *testing.T, timeout time.Duration) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
	case <-time.After(timeout):
		t.Fatalf("server still running %s after SIGTERM:\n%s", timeout, p.log())
	}
	if p.waitErr != nil {
		t.Fatalf("server exit after SIGTERM: %v (want status 0)\n%s", p.waitErr, p.log())
	}
}

// client is an SDK client for account 111111111111 in us-east-1 that never
// retries, so one call is one request.
func (p *proc) client() *connect.Client {
	return connect.New(connect.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(p.endpoint),
		Credentials:      credentials.NewStaticCredentialsProvider("111111111111", "secret", ""),
		RetryMaxAttempts: 1,
		HTTPClient:       &http.Client{Timeout: 10 * time.Second},
	})
}

func ctx() context.Context { return context.Background() }
