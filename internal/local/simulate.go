package local

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/simulation"
	"github.com/connect-local/connect-local/internal/wire"
)

// SimulateRequest is the body of POST /_local/simulate: a scenario file,
// the files it refers to (by the path written in it), and optionally a seed.
// The run acts in the caller's account and region (from the request's
// signature); Account and Region, when given, must be those.
type SimulateRequest struct {
	Name     string            `json:"Name"`
	Scenario string            `json:"Scenario"`
	Files    map[string][]byte `json:"Files,omitempty"`
	Seed     uint64            `json:"Seed,omitempty"`
	Account  string            `json:"Account,omitempty"`
	Region   string            `json:"Region,omitempty"`
}

// simulateRoute runs a scenario's workload inside the server, on its own
// virtual clock, so every API then reports the simulated day. A workload
// expected to start more than the limit of contacts is refused before
// anything runs.
func simulateRoute(add func(Route)) {
	add(callerRoute("POST /_local/simulate", func(e *env, w http.ResponseWriter, r *http.Request, t target) {
		vc, ok := e.clock.(*clock.Virtual)
		if !ok {
			wire.WriteError(w, wire.Errorf("InvalidRequestException", http.StatusBadRequest,
				"The clock is real; start the server with --clock virtual to simulate inside it."))
			return
		}
		var req SimulateRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<20)).Decode(&req); err != nil || req.Scenario == "" {
			wire.WriteError(w, wire.InvalidParameter(`Body must be {"Name": ..., "Scenario": "<YAML>", "Files": {...}, "Seed": N}.`))
			return
		}
		if other := elsewhere(req, t.scope); other != "" {
			wire.WriteError(w, wire.Errorf("AccessDeniedException", http.StatusForbidden,
				"A simulation runs in the caller's account %s and region %s (from the request's signature); the body names %s. Sign the request with a key of that account, in that region.",
				t.scope.Account, t.scope.Region, other))
			return
		}
		if req.Name == "" {
			req.Name = "scenario"
		}
		sc, err := scenario.Parse([]byte(req.Scenario), req.Name, scenario.FilesFrom(req.Files))
		if err != nil {
			wire.WriteError(w, wire.InvalidParameter("%s", err.Error()))
			return
		}
		if sc.Workload == nil {
			wire.WriteError(w, wire.InvalidParameter("%s has no workload to simulate.", req.Name))
			return
		}
		maxContacts := e.opts.MaxSimulatedContacts
		if maxContacts <= 0 {
			maxContacts = simulation.DefaultMaxContacts
		}
		if err := sc.CheckContacts(maxContacts); err != nil {
			wire.WriteError(w, wire.InvalidParameter("%s", err.Error()))
			return
		}
		if !e.simulating.TryLock() {
			wire.WriteError(w, wire.Errorf("ResourceConflictException", http.StatusConflict, "A simulation is already running in this server."))
			return
		}
		defer e.simulating.Unlock()
		rep, err := simulation.Run(sc, simulation.Target{Service: e.svc, Clock: vc, Scope: t.scope}, simulation.Options{Seed: req.Seed, MaxContacts: maxContacts})
		if err != nil && rep == nil {
			reply(w, nil, err)
			return
		}
		out := struct {
			*simulation.Report
			Errors []string `json:"Errors,omitempty"`
		}{Report: rep}
		if err != nil {
			out.Errors = strings.Split(err.Error(), "\n")
		}
		wire.WriteJSON(w, out)
	}))
}

// elsewhere names the account or region of req that is not the caller's,
// or is "".
func elsewhere(req SimulateRequest, sc service.Scope) string {
	var out []string
	if req.Account != "" && req.Account != sc.Account {
		out = append(out, "account "+req.Account)
	}
	if req.Region != "" && req.Region != sc.Region {
		out = append(out, "region "+req.Region)
	}
	return strings.Join(out, " and ")
}

// Simulate posts a scenario to a running server's /_local/simulate and
// returns its report (the client side of the endpoint).
func Simulate(client *http.Client, endpoint string, sc *scenario.Scenario, source []byte, seedValue uint64) (*simulation.Report, error) {
	body, err := json.Marshal(SimulateRequest{Name: sc.Name, Scenario: string(source), Files: sc.Files, Seed: seedValue})
	if err != nil {
		return nil, err
	}
	resp, err := client.Post(strings.TrimRight(endpoint, "/")+"/_local/simulate", "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e struct{ Message string }
		json.NewDecoder(resp.Body).Decode(&e)
		return nil, fmt.Errorf("%s answered %s: %s (%s)", endpoint, strconv.Itoa(resp.StatusCode), e.Message, resp.Header.Get("X-Amzn-ErrorType"))
	}
	var out struct {
		simulation.Report
		Errors []string
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	if len(out.Errors) > 0 {
		return &out.Report, errors.New(strings.Join(out.Errors, "\n"))
	}
	return &out.Report, nil
}
