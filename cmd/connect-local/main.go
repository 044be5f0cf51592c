package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/outbox"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/seed"
	"github.com/connect-local/connect-local/internal/server"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/sigv4"
	"github.com/connect-local/connect-local/internal/simulation"
	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/throttle"
	"github.com/connect-local/connect-local/internal/wallboard"
	"github.com/connect-local/connect-local/internal/wire"
)

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	switch os.Args[1] {
	case "serve":
		if err := serve(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "connect-local:", err)
			os.Exit(1)
		}
	case "check":
		if err := check(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "connect-local check:", err)
			os.Exit(1)
		}
	case "simulate":
		if err := simulate(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "connect-local:", err)
			os.Exit(1)
		}
	case "test":
		if err := testCmd(os.Args[2:], os.Stdout); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				os.Exit(0)
			}
			if !errors.Is(err, errTestsFailed) {
				fmt.Fprintln(os.Stderr, "connect-local test:", err)
			}
			os.Exit(1)
		}
	case "version", "--version":
		fmt.Println("connect-local", server.Version)
	case "help", "-h", "--help":
		usage()
	default:
		fmt.Fprintf(os.Stderr, "connect-local: unknown command %q\n", os.Args[1])
		usage()
		os.Exit(2)
	}
}

func usage() {
	fmt.Fprint(os.Stderr, `usage: connect-local <command> [flags]

commands:
  serve     start the server (connect-local serve -h for flags)
  check     verify a stopped server's data dir (connect-local check --data-dir DIR)
  simulate  run a scenario's workload on the virtual clock and report (connect-local simulate -h)
  test      run Amazon Connect test cases against a directory of flow files, no server (connect-local test -h)
  version   print the version
`)
}

// env returns the environment twin of a flag, or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// newClock is the server's clock: --clock real, or virtual standing at
// --clock-start (RFC 3339) or at the current time to the second.
func newClock(mode, start string) (clock.Clock, error) {
	switch mode {
	case "real":
		if start != "" {
			return nil, fmt.Errorf("--clock-start %q needs --clock virtual: a real clock tells the current time", start)
		}
		return clock.Real{}, nil
	case "virtual":
		if start == "" {
			return clock.NewVirtual(clock.Real{}.Now().Truncate(time.Second)), nil
		}
		t, err := time.Parse(time.RFC3339Nano, start)
		if err != nil {
			return nil, fmt.Errorf("--clock-start %q: want an RFC 3339 time such as 2024-01-01T08:00:00Z", start)
		}
		return clock.NewVirtual(t), nil
	}
	return nil, fmt.Errorf("--clock %q: want real or virtual", mode)
}

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", env("CONNECT_LOCAL_ADDR", "127.0.0.1:4599"), "listen address (env CONNECT_LOCAL_ADDR)")
	dataDir := fs.String("data-dir", env("CONNECT_LOCAL_DATA_DIR", "./.connect-local"), "data directory, created if missing (env CONNECT_LOCAL_DATA_DIR)")
	memDefault, _ := strconv.ParseBool(env("CONNECT_LOCAL_MEMORY", "false"))
	memory := fs.Bool("memory", memDefault, "keep everything in memory and write nothing (env CONNECT_LOCAL_MEMORY)")
	logLevel := fs.String("log-level", env("CONNECT_LOCAL_LOG_LEVEL", "info"), "debug, info, warn or error (env CONNECT_LOCAL_LOG_LEVEL)")
	logFormat := fs.String("log-format", env("CONNECT_LOCAL_LOG_FORMAT", "text"), "text or json (env CONNECT_LOCAL_LOG_FORMAT)")
	clockMode := fs.String("clock", env("CONNECT_LOCAL_CLOCK", "real"), "real or virtual (env CONNECT_LOCAL_CLOCK)")
	clockStart := fs.String("clock-start", env("CONNECT_LOCAL_CLOCK_START", ""),
		"with --clock virtual: the time it starts at, RFC 3339 (default: now, to the second) (env CONNECT_LOCAL_CLOCK_START)")
	var quotas service.Quotas
	quotaFlag(fs, &quotas.PredefinedAttributesPerInstance, "quota-predefined-attributes", "CONNECT_LOCAL_QUOTA_PREDEFINED_ATTRIBUTES",
		service.DefaultPredefinedAttributesPerInstance, "predefined attributes per instance")
	quotaFlag(fs, &quotas.ValuesPerPredefinedAttribute, "quota-predefined-attribute-values", "CONNECT_LOCAL_QUOTA_PREDEFINED_ATTRIBUTE_VALUES",
		service.DefaultValuesPerPredefinedAttribute, "values per predefined attribute")
	quotaFlag(fs, &quotas.ProficienciesPerUser, "quota-proficiencies-per-user", "CONNECT_LOCAL_QUOTA_PROFICIENCIES_PER_USER",
		service.DefaultProficienciesPerUser, "proficiencies per agent")
	quotaFlag(fs, &quotas.QueuesPerInstance, "quota-queues", "CONNECT_LOCAL_QUOTA_QUEUES", service.DefaultQueuesPerInstance, "queues per instance")
	quotaFlag(fs, &quotas.UsersPerInstance, "quota-users", "CONNECT_LOCAL_QUOTA_USERS", service.DefaultUsersPerInstance, "users per instance")
	authMode := fs.String("auth", env("CONNECT_LOCAL_AUTH", "permissive"), "permissive or strict: verify SigV4 against --credentials (env CONNECT_LOCAL_AUTH)")
	credFile := fs.String("credentials", env("CONNECT_LOCAL_CREDENTIALS", ""), "credentials file for --auth strict (env CONNECT_LOCAL_CREDENTIALS)")
	throttleMode := fs.String("throttle", env("CONNECT_LOCAL_THROTTLE", "off"), "off or aws: per-account, per-region API rate limits (env CONNECT_LOCAL_THROTTLE)")
	allowedHosts := fs.String("allowed-hosts", env("CONNECT_LOCAL_ALLOWED_HOSTS", ""),
		"comma-separated Host names to answer beside localhost and the listening address, e.g. a container's service name; * for any (env CONNECT_LOCAL_ALLOWED_HOSTS)")
	allowedOrigins := fs.String("allowed-origins", env("CONNECT_LOCAL_ALLOWED_ORIGINS", ""),
		"comma-separated web origins (scheme://host[:port]) whose pages may call the server beside localhost ones; * for any (env CONNECT_LOCAL_ALLOWED_ORIGINS)")
	seedFile := fs.String("seed", env("CONNECT_LOCAL_SEED", ""), "scenario file whose setup is created at start, idempotently (env CONNECT_LOCAL_SEED)")
	lambdaEP, lexEP := endpointFlags(fs)
	var limits server.Limits
	quotaFlag(fs, &limits.MaxLiveStreams, "max-live-streams", "CONNECT_LOCAL_MAX_LIVE_STREAMS", wallboard.DefaultMaxStreams,
		"live feeds (/_local/instances/{id}/events) open at once; one more is answered 503")
	quotaFlag(fs, &limits.MaxSimulatedContacts, "max-simulated-contacts", "CONNECT_LOCAL_MAX_SIMULATED_CONTACTS", simulation.DefaultMaxContacts,
		"contacts one POST /_local/simulate may start; a workload expected to start more is refused")
	kinesisEP := fs.String("kinesis-endpoint", env("CONNECT_LOCAL_KINESIS_ENDPOINT", ""),
		"Kinesis Data Streams endpoint URL that contact records and agent events go to (env CONNECT_LOCAL_KINESIS_ENDPOINT)")
	firehoseEP := fs.String("firehose-endpoint", env("CONNECT_LOCAL_FIREHOSE_ENDPOINT", ""),
		"Kinesis Data Firehose endpoint URL (env CONNECT_LOCAL_FIREHOSE_ENDPOINT)")
	eventBridgeEP := fs.String("eventbridge-endpoint", env("CONNECT_LOCAL_EVENTBRIDGE_ENDPOINT", ""),
		"EventBridge endpoint URL that contact events go to, on the default bus (env CONNECT_LOCAL_EVENTBRIDGE_ENDPOINT)")
	streamCreds := fs.String("stream-credentials", env("CONNECT_LOCAL_STREAM_CREDENTIALS", ""),
		"KEY:SECRET signing requests to the stream endpoints; default AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, else test:test (env CONNECT_LOCAL_STREAM_CREDENTIALS)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	streams, err := streamOptions(outbox.Endpoints{Kinesis: *kinesisEP, Firehose: *firehoseEP, EventBridge: *eventBridgeEP}, *streamCreds)
	if err != nil {
		return err
	}
	if limits.MaxLiveStreams < 1 || limits.MaxSimulatedContacts < 1 {
		return fmt.Errorf("--max-live-streams and --max-simulated-contacts must be at least 1")
	}
	var seedScenario *scenario.Scenario
	if *seedFile != "" {
		sc, err := scenario.Load(*seedFile)
		if err != nil {
			return err
		}
		seedScenario = sc
		quotas = seed.Quotas(sc, quotas)
	}
	var auth wire.Authenticator
	switch *authMode {
	case "permissive":
	case "strict":
		if *credFile == "" {
			return fmt.Errorf("--auth strict needs --credentials FILE")
		}
		f, err := os.Open(*credFile)
		if err != nil {
			return err
		}
		creds, err := sigv4.ParseCredentials(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", *credFile, err)
		}
		auth = sigv4.New(creds, clock.Real{})
	default:
		return fmt.Errorf("--auth %q: want permissive or strict", *authMode)
	}
	var limiter wire.Limiter
	switch *throttleMode {
	case "off":
	case "aws":
		limiter = throttle.New(clock.Real{})
	default:
		return fmt.Errorf("--throttle %q: want off or aws", *throttleMode)
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", *logLevel)
	}
	hopts := &slog.HandlerOptions{Level: level}
	var logger *slog.Logger
	switch *logFormat {
	case "text":
		logger = slog.New(slog.NewTextHandler(os.Stderr, hopts))
	case "json":
		logger = slog.New(slog.NewJSONHandler(os.Stderr, hopts))
	default:
		return fmt.Errorf("--log-format %q: want text or json", *logFormat)
	}
	// Code without a logger of its own (the /_local/ error writer) logs here.
	slog.SetDefault(logger)
	clk, err := newClock(*clockMode, *clockStart)
	if err != nil {
		return err
	}

	hosts := splitList(*allowedHosts)
	// A name in --addr is one the user chose to reach the server by.
	if h, _, err := net.SplitHostPort(*addr); err == nil && h != "" && net.ParseIP(h) == nil {
		hosts = append(hosts, h)
	}
	lambdaClient, lexClient, err := invokeClients(*lambdaEP, *lexEP)
	if err != nil {
		return err
	}
	srv, err := server.New(server.Options{DataDir: *dataDir, Memory: *memory, Clock: clk, Logger: logger, Quotas: quotas, Auth: auth, Limiter: limiter,
		Limits: limits, AllowedHosts: hosts, AllowedOrigins: splitList(*allowedOrigins), Streams: streams, Lambda: lambdaClient, Lex: lexClient})
	if err != nil {
		if reason, ok := damage(err); ok {
			return fmt.Errorf("%s is damaged: %s. Restore it from a backup; `connect-local check --data-dir %s` lists every problem",
				filepath.Join(*dataDir, storage.BoltFile), reason, *dataDir)
		}
		return err
	}
	if seedScenario != nil {
		res, err := seed.Apply(srv.Service, seed.DefaultScope, seedScenario)
		if err != nil {
			srv.Close()
			return err
		}
		logger.Info("seeded", "file", *seedFile, "instance", res.InstanceID, "created", res.Created)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		srv.Close()
		return err
	}
	hs := srv.HTTPServer()
	endpoint := "http://" + ln.Addr().String()
	storageDesc := "memory (nothing is written)"
	if !*memory {
		storageDesc = *dataDir
	}
	fmt.Printf("connect-local %s listening on %s (storage: %s, clock: %s, auth: %s, throttle: %s)\n", server.Version, endpoint, storageDesc, clk.Mode(), *authMode, *throttleMode)
	logStreams(logger, streams)
	fmt.Printf("try: aws connect list-instances --endpoint-url %s --region us-east-1\n", endpoint)

	// Development aids, not flags: CONNECT_LOCAL_CPUPROFILE=FILE writes a
	// pprof CPU profile of the server from here until it shuts down,
	// CONNECT_LOCAL_MEMPROFILE=FILE its allocations at shutdown.
	stopProfile, err := profile(os.Getenv("CONNECT_LOCAL_CPUPROFILE"), os.Getenv("CONNECT_LOCAL_MEMPROFILE"))
	if err != nil {
		srv.Close()
		ln.Close()
		return err
	}
	defer stopProfile()

	// Catch the signals before serving: once /_local/health answers, a
	// SIGTERM must shut down cleanly, not kill the process.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		srv.Close()
		return err
	case s := <-sig:
		logger.Info("shutting down", "signal", s.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	shutdownErr := hs.Shutdown(ctx)
	if err := srv.Close(); err != nil {
		return fmt.Errorf("close storage: %w", err)
	}
	if shutdownErr != nil && !errors.Is(shutdownErr, http.ErrServerClosed) {
		return shutdownErr
	}
	logger.Info("stopped")
	return nil
}

// profile starts a pprof CPU profile written to cpuFile, if set, and
// returns what stops it and, if memFile is set, writes the allocation
// profile there.
func profile(cpuFile, memFile string) (func(), error) {
	var cpu *os.File
	if cpuFile != "" {
		f, err := os.Create(cpuFile)
		if err != nil {
			return nil, fmt.Errorf("CONNECT_LOCAL_CPUPROFILE: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("CONNECT_LOCAL_CPUPROFILE: %w", err)
		}
		cpu = f
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if memFile == "" {
			return
		}
		f, err := os.Create(memFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "connect-local: CONNECT_LOCAL_MEMPROFILE:", err)
			return
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			fmt.Fprintln(os.Stderr, "connect-local: CONNECT_LOCAL_MEMPROFILE:", err)
		}
	}, nil
}

// check verifies a data dir: the bolt file's structure, then every record
// decodes as the server would load it (the same walk of the schema). It
// opens the file read-only and fails if a server holds it. Every problem
// goes to stdout, one a line; a damaged file ends with one line on stderr
// and a non-zero exit.
func check(args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	dataDir := fs.String("data-dir", env("CONNECT_LOCAL_DATA_DIR", "./.connect-local"), "data directory to check (env CONNECT_LOCAL_DATA_DIR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	file := filepath.Join(*dataDir, storage.BoltFile)
	damaged := func(reason string) error {
		return fmt.Errorf("%s is damaged: %s. Restore it from a backup", file, reason)
	}
	st, err := storage.OpenBoltReadOnly(*dataDir)
	if err != nil {
		if reason, ok := damage(err); ok {
			return damaged(reason)
		}
		return err
	}
	defer st.Close()
	if err := st.Check(); err != nil {
		if _, ok := damage(err); !ok {
			return err
		}
		var de *storage.DamagedError
		errors.As(err, &de)
		lines := strings.Split(de.Reason, "\n")
		for _, l := range lines {
			fmt.Printf("  %s: %s\n", file, l)
		}
		return damaged(fmt.Sprintf("bbolt's consistency check found %d problems (listed above)", len(lines)))
	}
	rep, err := service.Check(st)
	if err != nil {
		if reason, ok := damage(err); ok {
			return damaged(reason)
		}
		return fmt.Errorf("%s: records: %w", *dataDir, err)
	}
	for _, p := range rep.Problems {
		fmt.Printf("  %s: %s\n", file, oneLine(p.String()))
	}
	if n := len(rep.Problems); n > 0 {
		return damaged(fmt.Sprintf("%d records fail to load (listed above)", n))
	}
	buckets := make([]string, 0, len(rep.Records))
	for b := range rep.Records {
		buckets = append(buckets, b)
	}
	sort.Strings(buckets)
	fmt.Printf("%s: ok\n", *dataDir)
	for _, b := range buckets {
		fmt.Printf("  %-22s %6d records\n", b, rep.Records[b])
	}
	for b, n := range rep.Orphans {
		fmt.Printf("  %-22s %6d orphans of deleted instances (ignored)\n", b, n)
	}
	if rep.Legacy > 0 {
		fmt.Printf("  %d records have no checksum (written by an older connect-local); the next serve adds them\n", rep.Legacy)
	}
	return nil
}

// splitList splits a comma-separated flag value, dropping empty entries.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// damage reports whether err says the data file is damaged, and how, on
// one line.
func damage(err error) (string, bool) {
	var de *storage.DamagedError
	if !errors.As(err, &de) {
		return "", false
	}
	return oneLine(de.Reason), true
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// quotaFlag defines a positive integer quota flag with an environment twin.
func quotaFlag(fs *flag.FlagSet, dst *int, name, envName string, def int, what string) {
	if v, err := strconv.Atoi(env(envName, "")); err == nil && v > 0 {
		def = v
	}
	fs.IntVar(dst, name, def, what+" (env "+envName+")")
}
