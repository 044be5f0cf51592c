// Command bench measures the connect-local binary: start-up to the first
// answered /_local/health and DescribeInstance, idle RSS, and DescribeInstance
// throughput and latency over keep-alive loopback. It writes the results as
// Markdown (docs/benchmarks.md by way of scripts/bench) and prints the same.
//
// It is a development tool, not part of the server: run it with scripts/bench.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	binary := flag.String("binary", "bin/connect-local", "connect-local binary to measure")
	starts := flag.Int("starts", 10, "starts per storage mode for the start-up median")
	workers := flag.Int("workers", 8, "concurrent keep-alive clients for the throughput run")
	duration := flag.Duration("duration", 10*time.Second, "length of the throughput run")
	out := flag.String("out", "", "also write the report to this file")
	flag.Parse()
	if err := run(*binary, *starts, *workers, *duration, *out); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(binary string, starts, workers int, duration time.Duration, out string) error {
	if _, err := os.Stat(binary); err != nil {
		return fmt.Errorf("%w (build it with: go build -o bin/connect-local ./cmd/connect-local)", err)
	}
	load := loadAverage()
	tmp, err := os.MkdirTemp("", "connect-local-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	var startup []startupResult
	for _, mode := range []string{"bolt", "memory"} {
		fmt.Fprintf(os.Stderr, "bench: %d starts with %s storage\n", starts, mode)
		r, err := measureStartup(binary, tmp, mode, starts)
		if err != nil {
			return err
		}
		startup = append(startup, r)
	}
	fmt.Fprintf(os.Stderr, "bench: DescribeInstance, %d workers for %s\n", workers, duration)
	tp, err := measureThroughput(binary, tmp, workers, duration)
	if err != nil {
		return err
	}
	report := render(machine(tp.version, load), startup, tp, starts, workers, duration)
	fmt.Print(report)
	if out != "" {
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, []byte(report), 0o644)
	}
	return nil
}

// server is one connect-local process.
type server struct {
	cmd      *exec.Cmd
	endpoint string
	output   bytes.Buffer
	started  time.Time
}

// launch starts the binary: mode "memory", or "bolt" in a fresh empty data
// dir under tmp.
func launch(binary, tmp, mode string) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	args := []string{"serve", "--addr", addr, "--log-level", "warn"}
	if mode == "memory" {
		args = append(args, "--memory")
	} else {
		dir, err := os.MkdirTemp(tmp, "data-")
		if err != nil {
			return nil, err
		}
		args = append(args, "--data-dir", dir)
	}
	s := &server{endpoint: "http://" + addr}
	s.cmd = exec.Command(binary, args...)
	s.cmd.Stdout, s.cmd.Stderr = &s.output, &s.output
	s.started = time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	return s, nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// stop sends SIGTERM and waits; a clean exit is required.
func (s *server) stop() error {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	if err := s.cmd.Wait(); err != nil {
		return fmt.Errorf("server exit: %v\n%s", err, s.output.String())
	}
	return nil
}

var pollClient = &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}

// waitFor polls url until it answers with status want, and returns the
// time since the process was started.
func (s *server) waitFor(method, path string, want int) (time.Duration, error) {
	deadline := s.started.Add(10 * time.Second)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequest(method, s.endpoint+path, nil)
		resp, err := pollClient.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == want && resp.Header.Get("x-amzn-RequestId") != "" {
				return time.Since(s.started), nil
			}
			return 0, fmt.Errorf("%s %s: status %d, want %d", method, path, resp.StatusCode, want)
		}
		time.Sleep(500 * time.Microsecond)
	}
	return 0, fmt.Errorf("%s %s: no answer within 10s\n%s", method, path, s.output.String())
}

// rssKiB reads VmRSS from /proc/PID/status.
func rssKiB(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return 0, errors.New("no VmRSS in /proc status")
}

type startupResult struct {
	mode               string
	health, describe   time.Duration // medians
	healthMax, descMax time.Duration
	rssKiB             int // median, after idleWait
}

// idleWait is how long a started server idles before its RSS is read.
const idleWait = 250 * time.Millisecond

// missingInstance is an instance ID that never exists: a DescribeInstance
// of it is answered (404 ResourceNotFoundException) only once the server
// has routed, decoded and served an API call end to end.
const missingInstance = "/instance/00000000-0000-4000-8000-000000000000"

func measureStartup(binary, tmp, mode string, n int) (startupResult, error) {
	var health, describe []time.Duration
	var rss []int
	for range n {
		s, err := launch(binary, tmp, mode)
		if err != nil {
			return startupResult{}, err
		}
		h, err := s.waitFor("GET", "/_local/health", http.StatusOK)
		if err != nil {
			s.cmd.Process.Kill()
			return startupResult{}, err
		}
		d, err := s.waitFor("GET", missingInstance, http.StatusNotFound)
		if err != nil {
			s.cmd.Process.Kill()
			return startupResult{}, err
		}
		time.Sleep(idleWait)
		r, err := rssKiB(s.cmd.Process.Pid)
		if err != nil {
			s.cmd.Process.Kill()
			return startupResult{}, err
		}
		if err := s.stop(); err != nil {
			return startupResult{}, err
		}
		health, describe, rss = append(health, h), append(describe, d), append(rss, r)
	}
	return startupResult{mode: mode, health: median(health), describe: median(describe),
		healthMax: slices.Max(health), descMax: slices.Max(describe), rssKiB: median(rss)}, nil
}

func median[T int | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

type throughputResult struct {
	requests, errors int
	elapsed          time.Duration
	p50, p99, max    time.Duration
	rssKiB           int // after the run
	version          string
}

// measureThroughput creates one instance and has workers describe it over
// keep-alive connections, unsigned, for d (after a short warm-up).
func measureThroughput(binary, tmp string, workers int, d time.Duration) (throughputResult, error) {
	var res throughputResult
	s, err := launch(binary, tmp, "bolt")
	if err != nil {
		return res, err
	}
	defer s.cmd.Process.Kill()
	if _, err := s.waitFor("GET", "/_local/health", http.StatusOK); err != nil {
		return res, err
	}
	res.version = healthVersion(s.endpoint)
	body := `{"IdentityManagementType":"CONNECT_MANAGED","InstanceAlias":"bench","InboundCallsEnabled":true,"OutboundCallsEnabled":true}`
	req, err := http.NewRequest(http.MethodPut, s.endpoint+"/instance", strings.NewReader(body))
	if err != nil {
		return res, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return res, err
	}
	var created struct{ Id string }
	err = json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || created.Id == "" {
		return res, fmt.Errorf("CreateInstance: status %d, %v", resp.StatusCode, err)
	}
	url := s.endpoint + "/instance/" + created.Id

	client := &http.Client{Transport: &http.Transport{MaxIdleConns: workers, MaxIdleConnsPerHost: workers, IdleConnTimeout: time.Minute}}
	var wg sync.WaitGroup
	lat := make([][]time.Duration, workers)
	errs := make([]int, workers)
	warm := time.Now().Add(500 * time.Millisecond)
	end := warm.Add(d)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				t0 := time.Now()
				if t0.After(end) {
					return
				}
				resp, err := client.Get(url)
				ok := err == nil && resp.StatusCode == http.StatusOK
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if t0.Before(warm) {
					continue
				}
				if !ok {
					errs[w]++
					continue
				}
				lat[w] = append(lat[w], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	var all []time.Duration
	for w := range workers {
		all = append(all, lat[w]...)
		res.errors += errs[w]
	}
	if len(all) == 0 {
		return res, errors.New("no request succeeded")
	}
	slices.Sort(all)
	res.requests, res.elapsed = len(all), d
	res.p50 = all[len(all)/2]
	res.p99 = all[len(all)*99/100]
	res.max = all[len(all)-1]
	if res.rssKiB, err = rssKiB(s.cmd.Process.Pid); err != nil {
		return res, err
	}
	return res, s.stop()
}

func healthVersion(endpoint string) string {
	resp, err := http.Get(endpoint + "/_local/health")
	if err != nil {
		return "?"
	}
	defer resp.Body.Close()
	var h struct{ Version string }
	json.NewDecoder(resp.Body).Decode(&h)
	return h.Version
}

type machineInfo struct {
	nproc                          int
	cpu, kernel, goVersion, memory string
	date, version, load            string
}

// loadAverage is /proc/loadavg's 1, 5 and 15 minute figures: other work
// on the machine skews every result.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}

func machine(version, load string) machineInfo {
	m := machineInfo{load: load, nproc: runtime.NumCPU(), goVersion: runtime.Version(),
		date: time.Now().UTC().Format("2006-01-02"), version: version, cpu: "?", kernel: "?", memory: "?"}
	if out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output(); err == nil {
		m.version += " (" + strings.TrimSpace(string(out)) + ")"
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.kernel = "Linux " + strings.TrimSpace(string(b))
	}
	m.cpu = procField("/proc/cpuinfo", "model name")

	if kb, err := strconv.Atoi(strings.TrimSuffix(procField("/proc/meminfo", "MemTotal"), " kB")); err == nil {
		m.memory = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
	}
	return m
}

// procField returns the first "key: value" value in a /proc file.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return "?"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
func mib(kib int) string        { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }

// lat shows a latency in µs below a millisecond, else in ms.
func lat(d time.Duration) string {
	if d < time.Millisecond {
		return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond))
	}
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func render(m machineInfo, startup []startupResult, tp throughputResult, starts, workers int, d time.Duration) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# connect-local benchmarks\n\n")
	p("Measured by `scripts/bench` (`bench/main.go`) on %s. Re-run it to refresh this file;\n", m.date)
	p("figures from other machines are not comparable.\n\n")
	p("| Machine | |\n|---|---|\n")
	p("| CPUs (nproc) | %d |\n| CPU | %s |\n| Memory | %s |\n| Kernel | %s |\n| Go | %s |\n| connect-local | %s |\n",
		m.nproc, m.cpu, m.memory, m.kernel, m.goVersion, m.version)
	p("| Load average before the run (1, 5, 15 min) | %s |\n\n", m.load)

	p("## Start-up\n\n")
	p("Median (and worst) of %d starts: time from exec to the first answered `GET /_local/health`,\n", starts)
	p("then to the first answered DescribeInstance (of a missing instance: 404 ResourceNotFoundException,\n")
	p("routed and served end to end), and VmRSS from /proc/PID/status after %d ms idle.\n", idleWait.Milliseconds())
	p("Bolt starts each use a new, empty data dir.\n\n")
	p("| Storage | to health | to DescribeInstance | idle RSS |\n|---|---|---|---|\n")
	for _, r := range startup {
		name := "bolt, empty data dir"
		if r.mode == "memory" {
			name = "--memory"
		}
		p("| %s | %s (worst %s) | %s (worst %s) | %s |\n", name, ms(r.health), ms(r.healthMax), ms(r.describe), ms(r.descMax), mib(r.rssKiB))
	}

	p("\n## DescribeInstance throughput\n\n")
	p("%d workers for %s (after a 0.5 s warm-up), unsigned `GET /instance/{id}` over keep-alive\n", workers, d)
	p("loopback, bolt storage. The load generator shares the machine's %d CPUs with the server.\n\n", m.nproc)
	p("| Requests/s | p50 | p99 | max | errors | RSS after |\n|---|---|---|---|---|---|\n")
	p("| %.0f | %s | %s | %s | %d | %s |\n", float64(tp.requests)/tp.elapsed.Seconds(), lat(tp.p50), lat(tp.p99), lat(tp.max), tp.errors, mib(tp.rssKiB))
	return b.String()
}
