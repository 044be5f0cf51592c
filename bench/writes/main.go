// Command writes measures write latency and throughput on a data dir: for
// each binary given (e.g. one built from main and one from a branch), one
// after the other in the same run, it starts `connect-local serve` on an
// empty data dir, creates 8 instances, and runs 64 concurrent writers for
// the duration: StartTaskContact (half the writes), TagResource on a queue,
// and CreateQueue (each writer at most 10). It prints, per binary, the
// median and p99 write latency, writes per second, errors, and the
// server's CPU time per write (user and system, from the process's
// rusage: the steadier figure on a shared machine), side by side.
//
//	go build -o /tmp/before/connect-local ./cmd/connect-local   (in the old tree)
//	go build -o bin/connect-local ./cmd/connect-local
//	go run ./bench/writes -duration 20s before=/tmp/before/connect-local after=bin/connect-local
//
// -sync-delay D runs each server under strace (which must be installed),
// which holds every fdatasync and fsync of the server for D more after the
// kernel returns, so that both binaries see a disk whose sync takes that
// long (a real SSD or cloud volume takes 0.5–2 ms or more; a VM's page
// cache far less). Only those two system calls stop in strace
// (--seccomp-bpf), so the rest of the server runs at full speed; the CPU
// figure then includes strace's.
//
// It is a development tool, not part of the server.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/model"
)

func main() {
	clients := flag.Int("clients", 64, "concurrent writers")
	instances := flag.Int("instances", 8, "instances the writers share")
	duration := flag.Duration("duration", 20*time.Second, "length of each run")
	syncDelay := flag.Duration("sync-delay", 0, "run each server under strace, adding this much to every fdatasync and fsync (e.g. 1ms)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: writes [flags] name=binary ...")
		os.Exit(2)
	}
	var rows []string
	for _, arg := range flag.Args() {
		name, bin, ok := strings.Cut(arg, "=")
		if !ok {
			name, bin = arg, arg
		}
		r, err := run(bin, *clients, *instances, *duration, *syncDelay)
		if err != nil {
			fmt.Fprintln(os.Stderr, "writes:", name+":", err)
			os.Exit(1)
		}
		rows = append(rows, fmt.Sprintf("| %s | %d | %.0f | %s | %s | %d | %.0f µs |", name, r.n, r.perSec, ms(r.p50), ms(r.p99), r.errors,
			float64(r.cpu)/float64(time.Microsecond)/float64(r.n)))
	}
	disk := "bolt data dir"
	if *syncDelay > 0 {
		disk += fmt.Sprintf(", every fdatasync/fsync %s slower (strace)", *syncDelay)
	}
	fmt.Printf("%d writers, %d instances, %s per binary, %s\n\n", *clients, *instances, *duration, disk)
	fmt.Println("| Binary | writes | writes/s | median | p99 | errors | server CPU per write |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Println(r)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

type result struct {
	n, errors int
	perSec    float64
	p50, p99  time.Duration
	cpu       time.Duration // the server's user and system time, set-up included
}

// command is the server's command line: bin serve, or, with a sync delay,
// bin serve under strace injecting the delay after every fdatasync and
// fsync.
func command(bin, addr, dataDir string, syncDelay time.Duration) *exec.Cmd {
	args := []string{bin, "serve", "--addr", addr, "--log-level", "warn", "--data-dir", dataDir}
	if syncDelay > 0 {
		us := fmt.Sprintf("%dus", syncDelay.Microseconds())
		args = append([]string{"strace", "-f", "-qqq", "-o", "/dev/null", "--seccomp-bpf", "-e", "trace=fdatasync,fsync",
			"-e", "inject=fdatasync:delay_exit=" + us, "-e", "inject=fsync:delay_exit=" + us}, args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	// Its own process group: strace ignores SIGTERM, so the signal that
	// stops the server goes to the group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd
}

func run(bin string, clients, instances int, d, syncDelay time.Duration) (result, error) {
	tmp, err := os.MkdirTemp("", "connect-local-writes-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(tmp)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return result{}, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := command(bin, addr, filepath.Join(tmp, "data"), syncDelay)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	defer syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	c := &caller{base: "http://" + addr, m: model.MustLoad(), hc: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2}}}
	healthy := false
	for sw := clock.StartStopwatch(); sw.Elapsed() < 10*time.Second && !healthy; time.Sleep(10 * time.Millisecond) {
		if resp, err := http.Get(c.base + "/_local/health"); err == nil {
			resp.Body.Close()
			healthy = resp.StatusCode == 200
		}
	}
	if !healthy {
		return result{}, fmt.Errorf("server not healthy:\n%s", out.String())
	}
	insts := make([]*instance, instances)
	for i := range insts {
		if insts[i], err = setup(c, i); err != nil {
			return result{}, err
		}
	}
	var stop atomic.Bool
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	var wg sync.WaitGroup
	sw := clock.StartStopwatch()
	for i := range clients {
		in := insts[i%len(insts)]
		rng := rand.New(rand.NewPCG(uint64(i), 7))
		wg.Add(1)
		go func() {
			defer wg.Done()
			created := 0
			// The requests are prepared once per writer: the load generator
			// shares the CPUs with the server, and what it spends per write
			// (routing the path, encoding maps, decoding answers) is taken
			// from the server it measures.
			start := c.prepare("StartTaskContact", nil)
			startBody, _ := json.Marshal(map[string]any{"InstanceId": in.id, "ContactFlowId": in.flow, "Name": "w"})
			create := c.prepare("CreateQueue", map[string]string{"InstanceId": in.id})
			tag := c.prepare("TagResource", map[string]string{"resourceArn": in.queueARN})
			for n := 0; !stop.Load(); n++ {
				var status int
				var d time.Duration
				switch r := rng.IntN(20); {
				case r < 10:
					status, d = c.send(start, startBody)
				case r < 11 && created < 10:
					created++
					status, d = c.send(create, []byte(fmt.Sprintf(`{"Name":"w%d-%d","HoursOfOperationId":%q}`, i, n, in.hours)))
				default:
					status, d = c.send(tag, []byte(fmt.Sprintf(`{"tags":{"k%d":"%d"}}`, i%40, n)))
				}
				mu.Lock()
				lat = append(lat, d)
				if status != http.StatusOK {
					errs++
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(d)
	stop.Store(true)
	wg.Wait()
	elapsed := sw.Elapsed()
	syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	cmd.Wait()
	slices.Sort(lat)
	if len(lat) == 0 {
		return result{}, fmt.Errorf("no writes")
	}
	return result{n: len(lat), errors: errs, perSec: float64(len(lat)) / elapsed.Seconds(),
		p50: lat[len(lat)/2], p99: lat[len(lat)*99/100], cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}, nil
}

type instance struct{ id, hours, flow, queueARN string }

func setup(c *caller, n int) (*instance, error) {
	out, err := c.must("CreateInstance", nil, map[string]any{"IdentityManagementType": "CONNECT_MANAGED",
		"InstanceAlias": fmt.Sprintf("writes%d", n), "InboundCallsEnabled": true, "OutboundCallsEnabled": true})
	if err != nil {
		return nil, err
	}
	in := &instance{id: str(out["Id"])}
	l := map[string]string{"InstanceId": in.id}
	if out, err = c.must("ListHoursOfOperations", l, nil); err != nil {
		return nil, err
	}
	in.hours, _ = find(out, "HoursOfOperationSummaryList", "Basic Hours")
	if out, err = c.must("ListContactFlows", l, nil); err != nil {
		return nil, err
	}
	in.flow, _ = find(out, "ContactFlowSummaryList", "Basic routing flow")
	if out, err = c.must("ListQueues", l, nil); err != nil {
		return nil, err
	}
	_, in.queueARN = find(out, "QueueSummaryList", "BasicQueue")
	if in.hours == "" || in.flow == "" || in.queueARN == "" {
		return nil, fmt.Errorf("instance %s lacks a default resource", in.id)
	}
	return in, nil
}

func str(v any) string { s, _ := v.(string); return s }

func find(out map[string]any, list, name string) (id, arn string) {
	items, _ := out[list].([]any)
	for _, it := range items {
		m, _ := it.(map[string]any)
		if str(m["Name"]) == name {
			return str(m["Id"]), str(m["Arn"])
		}
	}
	return "", ""
}

type caller struct {
	base string
	m    *model.Model
	hc   *http.Client
}

var labelRE = regexp.MustCompile(`\{([^}+]+)\+?\}`)

// prepared is an operation's method, path and query, its labels filled in.
type prepared struct{ method, path, query string }

// prepare routes op as the model does, with its labels.
func (c *caller) prepare(op string, labels map[string]string) prepared {
	o := c.m.Operations[op]
	path, q, _ := strings.Cut(o.RequestURI, "?")
	path = labelRE.ReplaceAllStringFunc(path, func(l string) string {
		return url.PathEscape(labels[labelRE.FindStringSubmatch(l)[1]])
	})
	return prepared{method: o.Method, path: c.base + path, query: q}
}

// send sends a prepared request with its JSON body and returns the status
// and latency; the answer is read and dropped.
func (c *caller) send(p prepared, body []byte) (int, time.Duration) {
	req, err := http.NewRequest(p.method, p.path, bytes.NewReader(body))
	if err != nil {
		return 0, 0
	}
	req.URL.RawQuery = p.query
	req.Header.Set("Content-Type", "application/json")
	sw := clock.StartStopwatch()
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, sw.Elapsed()
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, sw.Elapsed()
}

func (c *caller) must(op string, labels map[string]string, body any) (map[string]any, error) {
	status, out, _, err := c.do(op, labels, body)
	if err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("%s: status %d %v %v", op, status, out, err)
	}
	return out, nil
}

func (c *caller) do(op string, labels map[string]string, body any) (int, map[string]any, time.Duration, error) {
	o := c.m.Operations[op]
	if o == nil {
		return 0, nil, 0, fmt.Errorf("no operation %s", op)
	}
	path, q, _ := strings.Cut(o.RequestURI, "?")
	path = labelRE.ReplaceAllStringFunc(path, func(l string) string {
		return url.PathEscape(labels[labelRE.FindStringSubmatch(l)[1]])
	})
	b, err := json.Marshal(body)
	if err != nil {
		return 0, nil, 0, err
	}
	req, err := http.NewRequest(o.Method, c.base+path, bytes.NewReader(b))
	if err != nil {
		return 0, nil, 0, err
	}
	req.URL.RawQuery = q
	req.Header.Set("Content-Type", "application/json")
	sw := clock.StartStopwatch()
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, sw.Elapsed(), err
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := sw.Elapsed()
	var out map[string]any
	json.Unmarshal(raw, &out)
	return resp.StatusCode, out, d, err
}
