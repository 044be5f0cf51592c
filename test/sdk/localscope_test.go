package sdk

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/connect"

	"github.com/connect-local/connect-local/internal/local"
	"github.com/connect-local/connect-local/internal/service"
)

// localCaller is one key that calls /_local/: key "" sends unsigned
// requests.
type localCaller struct {
	name, key, secret, region string
}

// localFill is what each path wildcard of a /_local/ route is filled with.
type localFill map[string]string

// TestLocalRoutesAreScopedToTheCaller: every /_local/ route of the route
// table, called with account A's real instance, contact and user IDs by
// any other caller (another account, another region, unsigned), answers
// 404 ResourceNotFoundException (Instance routes) or 403
// AccessDeniedException (Caller routes, whose body names account A) and
// changes nothing of A's; so does every other method on an instance
// path. The routes come from local.Routes, so a new route is called too.
// The same calls signed by A reach A's instance (none answers 404), so
// the IDs are real, and A's simulate naming its own account runs.
func TestLocalRoutesAreScopedToTheCaller(t *testing.T) {
	routes := local.Routes()
	fills := []string{"instance", "contact", "user", "action", "token"}
	for _, rt := range routes {
		if !strings.HasPrefix(rt.Pattern, "/_local/") {
			t.Errorf("%s %s is outside /_local/", rt.Method, rt.Pattern)
		}
		if strings.Contains(rt.Pattern, "{instance}") != (rt.Access == local.Instance) {
			t.Errorf("%s %s is a %s route: a pattern names {instance} exactly when it is declared with instanceRoute", rt.Method, rt.Pattern, rt.Access)
		}
		for _, w := range wildcards(rt.Pattern) {
			if !slices.Contains(fills, w) {
				t.Errorf("%s %s: no value for {%s}; add one to this test", rt.Method, rt.Pattern, w)
			}
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	t.Run("strict", func(t *testing.T) {
		e := newStrictEnv(t)
		owner := localCaller{"owner", "AKIDALICE", "alice-secret", "us-east-1"}
		localScope(t, e, true, routes, owner, []localCaller{
			{"other account", "AKIDBOB", "bob-secret", "us-east-1"},
			{"key named like the owner's account", "111111111111", "sneaky-secret", "us-east-1"},
			{"other region", "AKIDALICE", "alice-secret", "eu-west-2"},
			{"unsigned", "", "", ""},
		})
	})
	t.Run("permissive", func(t *testing.T) {
		e := newEnv(t)
		owner := localCaller{"owner", "111111111111", "x", "us-east-1"}
		fill := localScope(t, e, false, routes, owner, []localCaller{
			{"other account", "222222222222", "x", "us-east-1"},
			{"other region", "111111111111", "x", "eu-west-2"},
			{"unsigned (000000000000)", "", "", ""},
		})
		// The wallboard's event stream (an EventSource cannot send
		// headers) names its account in the query, as a presigned URL.
		events := e.http.URL + "/_local/instances/" + fill["instance"] + "/events?X-Amz-Credential="
		if code, typ := localOpen(t, mustReq(t, "GET", events+"111111111111%2F20231221%2Fus-east-1%2Fconnect%2Faws4_request")); code != 200 {
			t.Errorf("events with the owner's credential in the query: %d %s", code, typ)
		}
		if code, typ := localOpen(t, mustReq(t, "GET", events+"222222222222%2F20231221%2Fus-east-1%2Fconnect%2Faws4_request")); code != 404 || typ != "ResourceNotFoundException" {
			t.Errorf("events with another account's credential in the query: %d %s", code, typ)
		}
	})
}

// localScope builds account A's center with owner's key, calls every
// route as each of others, then as owner; it returns the IDs it used.
// strict says whether the server verifies signatures.
func localScope(t *testing.T, e *env, strict bool, routes []local.Route, owner localCaller, others []localCaller) localFill {
	e.client = e.signedClient(owner.key, owner.secret, owner.region)
	c := newCenterOn(t, e, "scoped")
	sc := service.Scope{Account: "111111111111", Region: owner.region}
	svc := e.srv.Service
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// A long ring timeout: the shared clock may move (POST
	// /_local/clock/advance is a Server route) without A's offer lapsing.
	must(svc.SetRingTimeout(sc, c.iid, time.Hour))
	jane := c.agent("jane", false, 0)
	c.setAvailable(jane)
	cid := c.task("ringing", c.basicFlow)
	if got := c.agentContacts(jane); got[cid] != "CONNECTING" {
		t.Fatalf("jane's contacts %v, want %s ringing", got, cid)
	}
	_, err := svc.AddTranscript(sc, c.iid, cid, []service.TranscriptSegment{{ParticipantRole: "CUSTOMER", Content: "mine"}}, false)
	must(err)
	_, err = svc.SetSearchableKeys(sc, c.iid, []string{"mine"})
	must(err)
	fill := localFill{"instance": c.iid, "contact": cid, "user": jane, "action": "accept", "token": "forged"}
	// A claimed number with a flow: POST /_local/calls reaches it only
	// from account A's own region.
	num, err := svc.ClaimPhoneNumber(sc, service.ClaimPhoneNumberInput{Target: service.PhoneTarget{InstanceID: c.iid}, Number: "+12065550100"})
	must(err)
	e.clock.Advance(service.ClaimDelay)
	must(svc.AssociatePhoneNumberContactFlow(sc, c.iid, num.ID, c.basicFlow))

	state := func() string {
		t.Helper()
		v, err := svc.Engine(sc, c.iid)
		must(err)
		tr, err := svc.Transcript(sc, c.iid, cid)
		must(err)
		keys, err := svc.SearchableKeys(sc, c.iid)
		must(err)
		ins, err := c.c.ListInstances(ctx(), &connect.ListInstancesInput{})
		must(err)
		qs, err := c.c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &c.iid})
		must(err)
		b, err := json.Marshal([]any{v, tr, keys, ins.InstanceSummaryList, qs.QueueSummaryList})
		must(err)
		return string(b)
	}
	// A body every route would act on: a leak changes A's state.
	body, err := json.Marshal(map[string]any{"Seconds": 30, "To": num.Number, "From": "+447700900123", "CustomerAnswers": false, "Keys": []string{"leaked"},
		"Segments": []map[string]any{{"ParticipantRole": "AGENT", "Content": "leaked"}},
		"Name":     "leak.yaml", "Scenario": strings.Replace(simScenario, "sim-endpoint", "leaked", 1),
		"Account": sc.Account, "Region": sc.Region})
	must(err)

	for _, o := range others {
		for _, rt := range routes {
			path := fillPattern(rt.Pattern, fill)
			methods := []string{rt.Method}
			if rt.Method == "" {
				methods = []string{"POST"}
			}
			if rt.Access == local.Instance {
				// Every other method on the path too.
				for _, m := range []string{"GET", "POST", "PUT", "DELETE", "PATCH"} {
					if m != rt.Method {
						methods = append(methods, m)
					}
				}
			}
			for i, m := range methods {
				before := state()
				code, typ := localCall(t, e, o, m, path, string(body))
				if rt.Access == local.Server {
					continue // server-wide by design (the one clock): no account's data
				}
				if after := state(); after != before {
					t.Errorf("%s: %s %s (%s route) changed account A's state: %d %s\nbefore %s\nafter  %s", o.name, m, rt.Pattern, rt.Access, code, typ, before, after)
				}
				switch {
				case o.key == "" && strict:
					if code != 403 || typ != "MissingAuthenticationTokenException" {
						t.Errorf("%s: %s %s: %d %s, want 403 MissingAuthenticationTokenException", o.name, m, rt.Pattern, code, typ)
					}
				case i > 0: // a method the route does not have
					if code != 404 {
						t.Errorf("%s: %s %s: %d %s, want 404", o.name, m, rt.Pattern, code, typ)
					}
				case rt.Access == local.Instance && (code != 404 || typ != "ResourceNotFoundException"):
					t.Errorf("%s: %s %s: %d %s, want 404 ResourceNotFoundException", o.name, m, rt.Pattern, code, typ)
				case rt.Pattern == "/_local/calls" && (code != 404 || typ != "ResourceNotFoundException"):
					t.Errorf("%s: %s %s to account %s's number: %d %s, want 404 ResourceNotFoundException", o.name, m, rt.Pattern, sc.Account, code, typ)
				case rt.Access == local.Caller && rt.Method == http.MethodGet:
					// A read of the caller's own account (the metrics):
					// answered, without a word of A's instances.
					if o.key == "" && strict {
						break
					}
					if code, b := localRead(t, e, o, path); code != 200 || strings.Contains(b, fill["instance"]) {
						t.Errorf("%s: GET %s: %d, want 200 without A's instance %s:\n%s", o.name, rt.Pattern, code, fill["instance"], b)
					}
				case rt.Access == local.Caller && rt.Pattern != "/_local/calls" && (code != 403 || typ != "AccessDeniedException"):
					t.Errorf("%s: %s %s naming account %s: %d %s, want 403 AccessDeniedException", o.name, m, rt.Pattern, sc.Account, code, typ)
				}
			}
		}
	}

	// The owner's own key reaches the same IDs.
	for _, rt := range routes {
		if rt.Access == local.Server {
			continue
		}
		code, typ := localCall(t, e, owner, rt.Method, fillPattern(rt.Pattern, fill), string(body))
		if code == 404 || code == 403 || (rt.Access == local.Caller && code != 200) {
			t.Errorf("owner: %s %s: %d %s", rt.Method, rt.Pattern, code, typ)
		}
		if rt.Access == local.Caller && rt.Method == http.MethodGet {
			if code, b := localRead(t, e, owner, fillPattern(rt.Pattern, fill)); code != 200 || !strings.Contains(b, fill["instance"]) {
				t.Errorf("owner: GET %s: %d, want 200 naming its instance %s:\n%s", rt.Pattern, code, fill["instance"], b)
			}
		}
	}
	return fill
}

// localCall sends method path as o and returns the status and error type.
func localCall(t *testing.T, e *env, o localCaller, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, e.http.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if o.key != "" {
		signReq(t, req, body, o.key, o.secret, o.region)
	}
	return localOpen(t, req)
}

// localRead GETs path as o and returns the status and the body.
func localRead(t *testing.T, e *env, o localCaller, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", e.http.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if o.key != "" {
		signReq(t, req, "", o.key, o.secret, o.region)
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// localOpen sends req; an event stream is closed once its header arrives.
func localOpen(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		_, _ = io.Copy(io.Discard, resp.Body)
	}
	return resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType")
}

// wildcards lists the {names} of a ServeMux pattern.
func wildcards(pattern string) []string {
	var out []string
	for _, seg := range strings.Split(pattern, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			out = append(out, strings.TrimSuffix(strings.Trim(seg, "{}"), "..."))
		}
	}
	return out
}

func fillPattern(pattern string, fill localFill) string {
	for k, v := range fill {
		pattern = strings.ReplaceAll(pattern, "{"+k+"}", v)
	}
	return pattern
}
