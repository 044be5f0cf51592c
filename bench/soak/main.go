// Command soak runs connect-local under sustained mixed traffic: 64
// concurrent clients on keep-alive loopback create, describe, list, update
// and delete resources, start and read task contacts, search them
// (SearchContacts), tag, and read metrics (GetCurrentMetricData,
// GetMetricData, GetMetricDataV2). It reports throughput and p50/p99
// latency per operation, the server's RSS over time, and every error; it
// fails on any 5xx or transport error, on any 4xx from the search and
// metrics reads (their requests are valid, so a 4xx is a bug), and when
// memory keeps growing after the warm-up.
//
// Each client keeps a bounded set of resources (queues, hours and
// attributes are capped, the oldest deleted; it starts a fixed number of
// tasks and then stops them, since contact records are kept), so a flat
// RSS means no leak rather than a small data set.
//
// It is a development tool, not part of the server: run it with
// scripts/soak (10 minutes, results in docs/soak.md); CI runs 20 seconds.
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
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/model"
)

func main() {
	o := options{}
	flag.StringVar(&o.binary, "binary", "bin/connect-local", "connect-local binary to run")
	flag.IntVar(&o.clients, "clients", 64, "concurrent clients")
	flag.IntVar(&o.instances, "instances", 8, "instances the clients share")
	flag.DurationVar(&o.duration, "duration", 10*time.Minute, "length of the run")
	flag.BoolVar(&o.memory, "memory", false, "run the server with --memory instead of bolt storage")
	flag.StringVar(&o.out, "out", "", "also write the report to this file")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}

type options struct {
	binary             string
	clients, instances int
	duration           time.Duration
	memory             bool
	out                string
}

func run(o options) error {
	if _, err := os.Stat(o.binary); err != nil {
		return fmt.Errorf("%w (build it with: go build -o bin/connect-local ./cmd/connect-local)", err)
	}
	load := loadAverage()
	tmp, err := os.MkdirTemp("", "connect-local-soak-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	srv, err := launch(o.binary, tmp, o.memory)
	if err != nil {
		return err
	}
	defer srv.cmd.Process.Kill()

	api := &caller{base: srv.endpoint, m: model.MustLoad(), stats: map[string]*opStats{}, hc: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConns: o.clients * 2, MaxIdleConnsPerHost: o.clients * 2, IdleConnTimeout: time.Minute}}}
	fmt.Fprintf(os.Stderr, "soak: setting up %d instances\n", o.instances)
	insts := make([]*instance, o.instances)
	for i := range insts {
		if insts[i], err = setup(api, i); err != nil {
			return fmt.Errorf("setup: %w", err)
		}
	}
	for _, op := range readOps {
		if status, out, err := read(api, op, insts[0]); err != nil || status != http.StatusOK {
			return fmt.Errorf("setup: %s: status %d %v %v", op, status, out, err)
		}
	}
	api.reset()

	fmt.Fprintf(os.Stderr, "soak: %d clients for %s\n", o.clients, o.duration)
	var stop atomic.Bool
	var wg sync.WaitGroup
	total := clock.StartStopwatch()
	for i := range o.clients {
		cl := &client{n: i, api: api, inst: insts[i%len(insts)], rng: rand.New(rand.NewPCG(uint64(i), 42))}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				cl.step()
			}
		}()
	}
	interval := max(time.Second, o.duration/60)
	var rss []sample
	for total.Elapsed() < o.duration {
		time.Sleep(min(interval, o.duration-total.Elapsed()))
		kib, err := rssKiB(srv.cmd.Process.Pid)
		if err != nil {
			return err
		}
		rss = append(rss, sample{at: total.Elapsed(), kib: kib})
		fmt.Fprintf(os.Stderr, "soak: %s %d requests, RSS %s\n", total.Elapsed().Truncate(time.Second), api.requests.Load(), mib(kib))
	}
	stop.Store(true)
	wg.Wait()
	elapsed := total.Elapsed()
	if err := srv.stop(); err != nil {
		return err
	}
	rep := report{o: o, elapsed: elapsed, rss: rss, stats: api.snapshot(), m: machine(load)}
	text, failures := rep.render()
	fmt.Print(text)
	if o.out != "" {
		if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(o.out, []byte(text), 0o644); err != nil {
			return err
		}
	}
	if len(failures) > 0 {
		return fmt.Errorf("%s", strings.Join(failures, "; "))
	}
	return nil
}

// caller sends operations by model name, binding labels, query and body as
// the model says, and keeps per-operation statistics.
type caller struct {
	base     string
	m        *model.Model
	hc       *http.Client
	mu       sync.Mutex
	stats    map[string]*opStats
	requests atomic.Int64
}

type opStats struct {
	lat                    []time.Duration
	ok, c4xx, c5xx, neterr int
	errTypes               map[string]int
}

var labelRE = regexp.MustCompile(`\{([^}+]+)\+?\}`)

// call sends op; labels fill the URI template; body is marshalled as JSON.
// It returns the status and the decoded JSON answer.
func (c *caller) call(op string, labels map[string]string, query url.Values, body any) (int, map[string]any, error) {
	o := c.m.Operations[op]
	if o == nil {
		return 0, nil, fmt.Errorf("no operation %s", op)
	}
	path, q, _ := strings.Cut(o.RequestURI, "?")
	path = labelRE.ReplaceAllStringFunc(path, func(l string) string {
		return url.PathEscape(labels[labelRE.FindStringSubmatch(l)[1]])
	})
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(o.Method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if q != "" || query != nil {
		vals, _ := url.ParseQuery(q)
		for k, v := range query {
			vals[k] = v
		}
		req.URL.RawQuery = vals.Encode()
	}
	req.Header.Set("Content-Type", "application/json")
	sw := clock.StartStopwatch()
	resp, err := c.hc.Do(req)
	var out map[string]any
	status := 0
	if err == nil {
		status = resp.StatusCode
		b, rerr := io.ReadAll(resp.Body)
		resp.Body.Close()
		if rerr != nil {
			err = rerr
		} else if len(b) > 0 {
			json.Unmarshal(b, &out)
		}
	}
	d := sw.Elapsed()
	c.requests.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.stats[op]
	if st == nil {
		st = &opStats{errTypes: map[string]int{}}
		c.stats[op] = st
	}
	switch {
	case err != nil:
		st.neterr++
		st.errTypes[err.Error()]++
	case status >= 500:
		st.c5xx++
		st.errTypes[fmt.Sprintf("%d %s", status, resp.Header.Get("X-Amzn-ErrorType"))]++
	case status >= 400:
		st.c4xx++
		st.errTypes[fmt.Sprintf("%d %s", status, resp.Header.Get("X-Amzn-ErrorType"))]++
	default:
		st.ok++
	}
	st.lat = append(st.lat, d)
	return status, out, err
}

func (c *caller) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats = map[string]*opStats{}
	c.requests.Store(0)
}

func (c *caller) snapshot() map[string]*opStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

// must is call for set-up: anything but 200 is an error.
func (c *caller) must(op string, labels map[string]string, query url.Values, body any) (map[string]any, error) {
	status, out, err := c.call(op, labels, query, body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("%s: status %d %v", op, status, out)
	}
	return out, nil
}

// instance is a set-up instance and the IDs the clients need.
type instance struct {
	id, arn, hours, flow, queue string
	users                       []string
}

func str(v any) string { s, _ := v.(string); return s }

// find returns the ID of the summary named name in out[list].
func find(out map[string]any, list, name string) string {
	items, _ := out[list].([]any)
	for _, it := range items {
		m, _ := it.(map[string]any)
		if str(m["Name"]) == name {
			return str(m["Id"])
		}
	}
	return ""
}

func setup(c *caller, n int) (*instance, error) {
	out, err := c.must("CreateInstance", nil, nil, map[string]any{"IdentityManagementType": "CONNECT_MANAGED",
		"InstanceAlias": fmt.Sprintf("soak%d", n), "InboundCallsEnabled": true, "OutboundCallsEnabled": true})
	if err != nil {
		return nil, err
	}
	in := &instance{id: str(out["Id"]), arn: str(out["Arn"])}
	l := map[string]string{"InstanceId": in.id}
	if out, err = c.must("ListHoursOfOperations", l, nil, nil); err != nil {
		return nil, err
	}
	in.hours = find(out, "HoursOfOperationSummaryList", "Basic Hours")
	if out, err = c.must("ListContactFlows", l, nil, nil); err != nil {
		return nil, err
	}
	in.flow = find(out, "ContactFlowSummaryList", "Basic routing flow")
	if out, err = c.must("ListQueues", l, url.Values{"queueTypes": {"STANDARD"}}, nil); err != nil {
		return nil, err
	}
	in.queue = find(out, "QueueSummaryList", "BasicQueue")
	if out, err = c.must("ListRoutingProfiles", l, nil, nil); err != nil {
		return nil, err
	}
	profile := find(out, "RoutingProfileSummaryList", "Basic Routing Profile")
	if out, err = c.must("ListSecurityProfiles", l, nil, nil); err != nil {
		return nil, err
	}
	agent := find(out, "SecurityProfileSummaryList", "Agent")
	if in.hours == "" || in.flow == "" || in.queue == "" || profile == "" || agent == "" {
		return nil, fmt.Errorf("instance %s lacks a default resource", in.id)
	}
	for u := range 4 {
		out, err := c.must("CreateUser", l, nil, map[string]any{"Username": fmt.Sprintf("agent%d", u), "RoutingProfileId": profile,
			"SecurityProfileIds": []string{agent}, "PhoneConfig": map[string]any{"PhoneType": "SOFT_PHONE"}})
		if err != nil {
			return nil, err
		}
		in.users = append(in.users, str(out["UserId"]))
	}
	return in, nil
}

// readOps are the search and metrics reads in the mix.
var readOps = []string{"SearchContacts", "GetCurrentMetricData", "GetMetricData", "GetMetricDataV2"}

// read sends one of readOps for in: requests a wallboard or a supervisor
// would send, valid at any time (historical windows on 5-minute
// boundaries, within the look-backs).
func read(c *caller, op string, in *instance) (int, map[string]any, error) {
	now := clock.Real{}.Now()
	end := now.Truncate(5 * time.Minute)
	queues := map[string]any{"Queues": []string{in.queue}, "Channels": []string{"TASK"}}
	switch op {
	case "SearchContacts":
		return c.call(op, nil, nil, map[string]any{"InstanceId": in.id, "MaxResults": 10, "TimeRange": map[string]any{
			"Type": "INITIATION_TIMESTAMP", "StartTime": now.Add(-time.Hour).Unix(), "EndTime": now.Unix()},
			"SearchCriteria": map[string]any{"Channels": []string{"TASK"}, "QueueIds": []string{in.queue}},
			"Sort":           map[string]any{"FieldName": "INITIATION_TIMESTAMP", "Order": "DESCENDING"}})
	case "GetCurrentMetricData":
		return c.call(op, map[string]string{"InstanceId": in.id}, nil, map[string]any{
			"Filters": queues, "Groupings": []string{"QUEUE", "CHANNEL"},
			"CurrentMetrics": []map[string]any{{"Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT"}, {"Name": "AGENTS_ONLINE", "Unit": "COUNT"},
				{"Name": "OLDEST_CONTACT_AGE", "Unit": "SECONDS"}, {"Name": "SLOTS_AVAILABLE", "Unit": "COUNT"}}})
	case "GetMetricData":
		return c.call(op, map[string]string{"InstanceId": in.id}, nil, map[string]any{
			"StartTime": end.Add(-time.Hour).Unix(), "EndTime": end.Add(5 * time.Minute).Unix(), "Filters": queues, "Groupings": []string{"QUEUE"},
			"HistoricalMetrics": []map[string]any{{"Name": "CONTACTS_QUEUED", "Unit": "COUNT", "Statistic": "SUM"},
				{"Name": "CONTACTS_ABANDONED", "Unit": "COUNT", "Statistic": "SUM"}, {"Name": "QUEUED_TIME", "Unit": "SECONDS", "Statistic": "MAX"},
				{"Name": "SERVICE_LEVEL", "Unit": "PERCENT", "Statistic": "AVG", "Threshold": map[string]any{"Comparison": "LT", "ThresholdValue": 60}}}})
	case "GetMetricDataV2":
		return c.call(op, nil, nil, map[string]any{"ResourceArn": in.arn, "StartTime": end.Add(-time.Hour).Unix(), "EndTime": end.Unix(),
			"Interval": map[string]any{"IntervalPeriod": "FIFTEEN_MIN"},
			"Filters":  []map[string]any{{"FilterKey": "QUEUE", "FilterValues": []string{in.queue}}}, "Groupings": []string{"QUEUE"},
			"Metrics": []map[string]any{{"Name": "CONTACTS_QUEUED"}, {"Name": "CONTACTS_ABANDONED"}, {"Name": "AVG_QUEUE_ANSWER_TIME"},
				{"Name": "SERVICE_LEVEL", "Threshold": []map[string]any{{"Comparison": "LT", "ThresholdValue": 60}}}}})
	}
	return 0, nil, fmt.Errorf("no read %s", op)
}

// client is one concurrent user with a bounded set of its own resources.
type client struct {
	n        int
	api      *caller
	inst     *instance
	rng      *rand.Rand
	seq      int
	queues   []string
	hours    []string
	attrs    []string
	contacts []string
	stopped  int // contacts[:stopped] have been stopped
}

const (
	maxQueues   = 4
	maxHours    = 2
	maxAttrs    = 2
	maxContacts = 10
)

// step sends one request, drawn from the traffic mix.
func (c *client) step() {
	c.seq++
	a, in := c.api, c.inst
	l := map[string]string{"InstanceId": in.id}
	with := func(k, v string) map[string]string { return map[string]string{"InstanceId": in.id, k: v} }
	name := fmt.Sprintf("c%ds%d", c.n, c.seq)
	switch r := c.rng.IntN(100); {
	case r < 6: // create a queue, or delete the oldest at the cap
		if len(c.queues) >= maxQueues {
			if st, _, _ := a.call("DeleteQueue", with("QueueId", c.queues[0]), nil, nil); st == 200 {
				c.queues = c.queues[1:]
			}
			return
		}
		if st, out, _ := a.call("CreateQueue", l, nil, map[string]any{"Name": name, "HoursOfOperationId": in.hours, "MaxContacts": 10}); st == 200 {
			c.queues = append(c.queues, str(out["QueueId"]))
		}
	case r < 10:
		if q := c.pick(c.queues); q != "" {
			a.call("UpdateQueueName", with("QueueId", q), nil, map[string]any{"Name": name})
		}
	case r < 24:
		q := in.queue
		if len(c.queues) > 0 && r%2 == 0 {
			q = c.pick(c.queues)
		}
		a.call("DescribeQueue", with("QueueId", q), nil, nil)
	case r < 31:
		a.call("ListQueues", l, url.Values{"maxResults": {"100"}}, nil)
	case r < 38:
		a.call("DescribeInstance", l, nil, nil)
	case r < 40:
		if len(c.hours) >= maxHours {
			if st, _, _ := a.call("DeleteHoursOfOperation", with("HoursOfOperationId", c.hours[0]), nil, nil); st == 200 {
				c.hours = c.hours[1:]
			}
			return
		}
		if st, out, _ := a.call("CreateHoursOfOperation", l, nil, map[string]any{"Name": name, "TimeZone": "UTC", "Config": []map[string]any{{
			"Day": "MONDAY", "StartTime": map[string]int{"Hours": 9, "Minutes": 0}, "EndTime": map[string]int{"Hours": 17, "Minutes": 0}}}}); st == 200 {
			c.hours = append(c.hours, str(out["HoursOfOperationId"]))
		}
	case r < 46:
		a.call("DescribeUser", with("UserId", c.pick(in.users)), nil, nil)
	case r < 49:
		a.call("ListUsers", l, nil, nil)
	case r < 51:
		if len(c.attrs) >= maxAttrs {
			if st, _, _ := a.call("DeletePredefinedAttribute", with("Name", c.attrs[0]), nil, nil); st == 200 {
				c.attrs = c.attrs[1:]
			}
			return
		}
		if st, _, _ := a.call("CreatePredefinedAttribute", l, nil, map[string]any{"Name": "soak" + name, "Values": map[string]any{"StringList": []string{"a", "b"}}}); st == 200 {
			c.attrs = append(c.attrs, "soak"+name)
		}
	case r < 56:
		a.call("SearchPredefinedAttributes", nil, nil, map[string]any{"InstanceId": in.id, "MaxResults": 10,
			"SearchCriteria": map[string]any{"StringCondition": map[string]any{"FieldName": "name", "Value": "soak", "ComparisonType": "STARTS_WITH"}}})
	case r < 58:
		a.call("ListPredefinedAttributes", l, nil, nil)
	case r < 62: // start a task, up to the cap; then stop them one by one
		if len(c.contacts) >= maxContacts {
			if c.stopped < len(c.contacts) {
				a.call("StopContact", nil, nil, map[string]any{"InstanceId": in.id, "ContactId": c.contacts[c.stopped]})
				c.stopped++
			} else {
				a.call("DescribeContact", with("ContactId", c.pick(c.contacts)), nil, nil)
			}
			return
		}
		if st, out, _ := a.call("StartTaskContact", nil, nil, map[string]any{"InstanceId": in.id, "ContactFlowId": in.flow, "Name": name,
			"Attributes": map[string]string{"client": strconv.Itoa(c.n)}}); st == 200 {
			c.contacts = append(c.contacts, str(out["ContactId"]))
		}
	case r < 72:
		if id := c.pick(c.contacts); id != "" {
			a.call("DescribeContact", with("ContactId", id), nil, nil)
		}
	case r < 75:
		if id := c.pick(c.contacts); id != "" {
			a.call("UpdateContactAttributes", nil, nil, map[string]any{"InstanceId": in.id, "InitialContactId": id, "Attributes": map[string]string{"step": name}})
		}
	case r < 78:
		if id := c.pick(c.contacts); id != "" {
			a.call("GetContactAttributes", with("InitialContactId", id), nil, nil)
		}
	case r < 81:
		a.call("TagResource", map[string]string{"resourceArn": in.arn}, nil, map[string]any{"tags": map[string]string{fmt.Sprintf("c%d", c.n): name}})
	case r < 84:
		a.call("ListTagsForResource", map[string]string{"resourceArn": in.arn}, nil, nil)
	case r < 92: // search and metrics reads, 2% each
		read(a, readOps[(r-84)/2], in)
	default:
		a.call("ListInstances", nil, nil, nil)
	}
}

func (c *client) pick(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[c.rng.IntN(len(ids))]
}

// server is the connect-local process.
type server struct {
	cmd      *exec.Cmd
	endpoint string
	output   bytes.Buffer
}

func launch(binary, tmp string, memory bool) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	args := []string{"serve", "--addr", addr, "--log-level", "warn"}
	if memory {
		args = append(args, "--memory")
	} else {
		args = append(args, "--data-dir", filepath.Join(tmp, "data"))
	}
	s := &server{endpoint: "http://" + addr}
	s.cmd = exec.Command(binary, args...)
	s.cmd.Stdout, s.cmd.Stderr = &s.output, &s.output
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	for sw := clock.StartStopwatch(); sw.Elapsed() < 10*time.Second; time.Sleep(10 * time.Millisecond) {
		if resp, err := http.Get(s.endpoint + "/_local/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s, nil
			}
		}
	}
	s.cmd.Process.Kill()
	return nil, fmt.Errorf("server not healthy after 10s:\n%s", s.output.String())
}

func (s *server) stop() error {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	if err := s.cmd.Wait(); err != nil {
		return fmt.Errorf("server exit: %v\n%s", err, s.output.String())
	}
	return nil
}

type sample struct {
	at  time.Duration
	kib int
}

func rssKiB(pid int) (int, error) {
	v := procField(fmt.Sprintf("/proc/%d/status", pid), "VmRSS")
	return strconv.Atoi(strings.TrimSuffix(v, " kB"))
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}

func procField(path, key string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

type machineInfo struct {
	nproc                                               int
	cpu, memory, kernel, goVersion, version, date, load string
}

func machine(load string) machineInfo {
	m := machineInfo{nproc: runtime.NumCPU(), cpu: procField("/proc/cpuinfo", "model name"), goVersion: runtime.Version(),
		date: clock.Real{}.Now().Format("2006-01-02"), load: load, kernel: "?", memory: "?", version: "?"}
	if out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output(); err == nil {
		m.version = strings.TrimSpace(string(out))
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.kernel = "Linux " + strings.TrimSpace(string(b))
	}
	if kb, err := strconv.Atoi(strings.TrimSuffix(procField("/proc/meminfo", "MemTotal"), " kB")); err == nil {
		m.memory = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
	}
	return m
}
