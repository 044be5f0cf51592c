package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/connect-local/connect-local/internal/local"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/simulation"
)

// simulate runs a scenario's workload and reports (docs/simulation.md).
func simulate(args []string) error {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	jsonOut := fs.String("json", "", "also write the report as JSON to this file")
	svgDir := fs.String("svg", "", "also write SVG charts to this directory: FILE-service-level.svg, FILE-queue-length.svg (FILE: the scenario's name)")
	seedValue := fs.Uint64("seed", 0, "random seed (default: the scenario's workload.seed)")
	endpoint := fs.String("endpoint", "", "run inside this server (started with --clock virtual) instead of in-process")
	quiet := fs.Bool("quiet", false, "do not print the report")
	var maxContacts int
	quotaFlag(fs, &maxContacts, "max-simulated-contacts", "CONNECT_LOCAL_MAX_SIMULATED_CONTACTS", simulation.DefaultMaxContacts,
		"contacts the run may start; a workload expected to start more is refused (with --endpoint, the server's own limit applies)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: connect-local simulate FILE [--json FILE] [--svg DIR] [--seed N] [--endpoint URL] [--max-simulated-contacts N]")
		fs.PrintDefaults()
	}
	// Accept flags before or after the file.
	var file string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return err
		}
		args = fs.Args()
		if len(args) > 0 {
			if file != "" {
				return fmt.Errorf("simulate takes one scenario file")
			}
			file, args = args[0], args[1:]
		}
	}
	if file == "" {
		fs.Usage()
		return fmt.Errorf("no scenario file")
	}
	if maxContacts < 1 {
		return fmt.Errorf("--max-simulated-contacts must be at least 1")
	}
	sc, err := scenario.Load(file)
	if err != nil {
		return err
	}
	var rep *simulation.Report
	var runErr error
	if *endpoint != "" {
		source, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		rep, runErr = local.Simulate(&http.Client{Timeout: 6 * time.Hour}, *endpoint, sc, source, *seedValue)
	} else {
		target, err := simulation.NewTarget(sc)
		if err != nil {
			return err
		}
		rep, runErr = simulation.Run(sc, target, simulation.Options{Seed: *seedValue, MaxContacts: maxContacts})
	}
	if rep == nil {
		return runErr
	}
	if !*quiet {
		rep.WriteText(os.Stdout)
		if rep.Wall > 0 {
			fmt.Printf("\nsimulated %s in %s of wall time (%.0fx)\n", rep.End.Sub(rep.Start), rep.Wall.Round(time.Millisecond),
				rep.End.Sub(rep.Start).Seconds()/rep.Wall.Seconds())
		}
	}
	if *jsonOut != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(*jsonOut), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(*jsonOut, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	if *svgDir != "" {
		if err := os.MkdirAll(*svgDir, 0o755); err != nil {
			return err
		}
		for _, chart := range simulation.Charts {
			name := simulation.ChartFile(file, chart)
			f, err := os.Create(filepath.Join(*svgDir, name))
			if err != nil {
				return err
			}
			err = rep.WriteSVG(f, chart)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
	return runErr
}
