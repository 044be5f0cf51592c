package negative

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/handler"
	"github.com/connect-local/connect-local/internal/model"
	"github.com/connect-local/connect-local/internal/server"
	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/storage/storagetest"
)

// TestEveryConstraintThroughACaseVariantKey breaks every constraint of
// every implemented operation again, this time through a differently-cased
// duplicate of the member: the valid member keeps its exact name and a
// copy under another spelling ("firstname", "firstName", or "FirſtName",
// which encoding/json folds to "FirstName") carries the invalid value. The
// copy is an unknown member, so the request must behave exactly as the
// valid request does — same answer, same records written — or be refused
// with nothing written; it must never store the invalid value.
//
// The valid requests name real resources (an instance, its queue, user,
// flows, a contact ...) so that they get past the service's lookups and
// reach storage. Every request runs against the same state: the store
// records what a request writes and then rolls it back (the request
// answers 500), so the valid request and each variant can be compared
// record by record. A required member present only under another spelling
// is missing: 400, nothing written.
func TestEveryConstraintThroughACaseVariantKey(t *testing.T) {
	m := model.MustLoad()
	// A store that keeps contacts (as Bolt does), so that a contact
	// operation writes, and its dry run rolls back in memory too.
	rec := &recorder{Store: storagetest.Durable(storage.NewMemory())}
	srv, err := server.New(server.Options{Store: rec, Clock: clock.NewVirtual(time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC)),
		Logger: slog.New(slog.DiscardHandler)}) // every dry run logs a failed write
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer func() { hs.Close(); srv.Close() }()
	var ops []string
	for name := range handler.New(srv.Service).Routes() {
		ops = append(ops, name)
	}
	sort.Strings(ops)

	// probe sends input with writes rolled back and returns the answer and
	// what it tried to write, with generated ids made comparable.
	probe := func(fx *fixtures, op *model.Operation, input map[string]any) outcome {
		rec.start()
		code, typ, msg, body := sendRaw(t, hs.URL, op, input)
		writes := rec.stop()
		for i, w := range writes {
			writes[i] = fx.normalise(w)
		}
		// Records written from a map come in any order. And a set, not a
		// list: a contact the engine created in a rolled-back request
		// stays in its memory and is written again by the next request's
		// flush, the same (normalised) record in the valid request and
		// the variant alike.
		sort.Strings(writes)
		writes = slices.Compact(writes)
		o := outcome{code: code, typ: typ, msg: msg, writes: strings.Join(writes, "\n")}
		if code == 200 {
			o.body = fx.normalise(body)
		}
		return o
	}

	var compared, refused, reachedStorage, answered200, missing int
	var vacuous []string
	for i, name := range ops {
		op := m.Operations[name]
		if op.Input == nil {
			continue
		}
		root, ok := valid(op.Input, 0)
		if !ok {
			continue
		}
		// An instance per operation: instances share nothing, so what one
		// operation's rolled-back requests leave in the engine's memory
		// (see probe) stays out of the next one's writes.
		fx := setUp(t, hs.URL, fmt.Sprintf("case%d", i))
		doc := fx.substitute(root).(map[string]any)
		t.Run(name, func(t *testing.T) {
			want := probe(fx, op, doc)
			if again := probe(fx, op, doc); !again.same(want) {
				t.Fatalf("the valid request is not repeatable:\n%s\n%s", want, again)
			}
			switch {
			case want.writes != "":
				reachedStorage++
			case want.code == 200:
				answered200++
			default:
				vacuous = append(vacuous, fmt.Sprintf("%s (%d %s)", name, want.code, want.typ))
			}
			for _, mu := range mutations(op.Input, doc) {
				if !mu.node.member || mu.node.loc != "" {
					continue // a label, query or header, or a list element or map value: no member name to spell
				}
				for _, variant := range caseVariants(mu.path[len(mu.path)-1].(string)) {
					root := deepCopy(doc).(map[string]any)
					parent := get(root, mu.path[:len(mu.path)-1]).(map[string]any)
					if mu.remove {
						parent[variant] = parent[mu.path[len(mu.path)-1].(string)]
						del(root, mu.path)
						got := probe(fx, op, root)
						if got.code != 400 || got.typ != "InvalidParameterException" || got.writes != "" || !strings.Contains(got.msg, mu.name) {
							t.Errorf("%s, present only as %q: want 400 naming %s with nothing written, got %s\n%s", mu.what, variant, mu.name, got, dump(root))
						}
						missing++
						continue
					}
					parent[variant] = mu.bad
					got := probe(fx, op, root)
					switch {
					case got.same(want):
						compared++
					case got.code == 400 && got.writes == "":
						refused++
					default:
						t.Errorf("%s through %q: the request neither behaved as the valid one nor was refused\nvalid:   %s\nvariant: %s\n%.600s", mu.what, variant, want, got, dump(root))
					}
				}
			}
		})
	}
	t.Logf("%d operations: %d case-variant requests behaved as the valid one, %d refused, %d missing-only-in-another-case refused; valid requests: %d wrote, %d answered 200 without writing; %d stopped before (%v)",
		len(ops), compared, refused, missing, reachedStorage, answered200, len(vacuous), vacuous)
	// The comparison means something only where the valid request gets
	// through: most operations must write or answer 200. (The generated
	// requests of the Search* family and of phone numbers, vocabularies
	// and storage configs name no real resource or searchable field yet,
	// so they stop early: for them only the answer's status and type are
	// compared. Prompts, hours overrides, bots and flow versions have no
	// fixtures yet either.)
	if reachedStorage < 35 || reachedStorage+answered200 < len(ops)/2 {
		t.Fatalf("too few valid requests got through: %d wrote, %d answered 200, of %d operations", reachedStorage, answered200, len(ops))
	}
}

// outcome is what one request did.
type outcome struct {
	code   int
	typ    string
	msg    string // an error's message
	body   string // a 200's body
	writes string
}

// same compares everything but an error's message, which may name any one
// of several culprits (a map's first).
func (o outcome) same(p outcome) bool {
	o.msg, p.msg = "", ""
	return o == p
}

func (o outcome) String() string {
	return fmt.Sprintf("%d %s %.200s%.300s writes: %.600s", o.code, o.typ, o.msg, o.body, o.writes)
}

// caseVariants spells a member name three other ways that encoding/json
// would fold onto it: all lower case, the first letter lowered, and with
// one letter swapped for a Unicode character that folds to it (ſ for s,
// the Kelvin sign for k), where the name has one.
func caseVariants(name string) []string {
	out := []string{strings.ToLower(name), lowerFirst(name)}
	for _, swap := range []struct{ from, to string }{{"s", "ſ"}, {"S", "ſ"}, {"k", "\u212a"}, {"K", "\u212a"}} {
		if strings.Contains(name, swap.from) {
			out = append(out, strings.Replace(name, swap.from, swap.to, 1))
			break
		}
	}
	if strings.ToLower(name) == name { // no upper case to lower
		out = []string{strings.ToUpper(name), string(unicode.ToUpper(rune(name[0]))) + name[1:]}
	}
	return slices.Compact(out)
}

// recorder is a Store that, between start and stop, records every Put and
// Delete of every Update that would commit, then rolls the Update back.
type recorder struct {
	storage.Store
	mu     sync.Mutex
	dry    bool
	writes []string
}

var errDryRun = errors.New("negative: dry run, rolled back")

func (r *recorder) start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dry, r.writes = true, nil
}

func (r *recorder) stop() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dry = false
	return r.writes
}

func (r *recorder) Update(fn func(storage.Tx) error) error {
	r.mu.Lock()
	dry := r.dry
	r.mu.Unlock()
	if !dry {
		return r.Store.Update(fn)
	}
	return r.Store.Update(func(tx storage.Tx) error {
		rt := &recTx{Tx: tx}
		if err := fn(rt); err != nil {
			return err
		}
		r.mu.Lock()
		r.writes = append(r.writes, rt.ops...)
		r.mu.Unlock()
		return errDryRun
	})
}

type recTx struct {
	storage.Tx
	ops []string
}

func (t *recTx) Put(bucket, key string, value []byte) error {
	// The record envelope's checksum covers the key, which holds a new id
	// in every run: compare payloads.
	payload := value
	if p, err := storage.OpenRecord(bucket, key, value); err == nil {
		payload = p
	}
	t.ops = append(t.ops, "put "+bucket+" "+key+" "+string(payload))
	return t.Tx.Put(bucket, key, value)
}

func (t *recTx) Delete(bucket, key string) error {
	t.ops = append(t.ops, "delete "+bucket+" "+key)
	return t.Tx.Delete(bucket, key)
}

func (t *recTx) DeletePrefix(bucket, prefix string) error {
	t.ops = append(t.ops, "delete-prefix "+bucket+" "+prefix)
	return t.Tx.DeletePrefix(bucket, prefix)
}

// fixtures are the real resources valid requests name, by member name.
type fixtures struct {
	ids   map[string]any // member name → id (or list of ids)
	known map[string]bool
}

var (
	uuidPattern = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	rolePattern = regexp.MustCompile(`AWSServiceRoleForAmazonConnect_[0-9a-f]+`)
)

// normalise replaces ids generated by the request (not the fixtures') so
// that two runs of one request compare equal.
func (f *fixtures) normalise(s string) string {
	s = rolePattern.ReplaceAllString(s, "AWSServiceRoleForAmazonConnect_<new>")
	return uuidPattern.ReplaceAllStringFunc(s, func(id string) string {
		if f.known[id] {
			return id
		}
		return "<new-id>"
	})
}

// dropped are optional members whose generated value the service refuses
// (a NextToken it never issued, a feature connect-local does not support,
// a contact that does not exist) and that would stop the valid request
// before storage.
var dropped = map[string]bool{"NextToken": true, "ManualAssignmentQueueConfigs": true, "ManualAssignmentQueueReferences": true,
	"RelatedContactId": true, "PreviousContactId": true, "ResetOrderNumber": true, "QueueTimeAdjustmentSeconds": true,
	"AdditionalTimeRange": true, "ParentGroupId": true}

// substitute puts the fixtures' ids into a generated valid request.
func (f *fixtures) substitute(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if dropped[k] {
				delete(x, k)
				continue
			}
			if id, ok := f.ids[k]; ok {
				if _, list := e.([]any); list {
					x[k] = []any{id}
				} else {
					x[k] = id
				}
				continue
			}
			x[k] = f.substitute(e)
		}
	case []any:
		for i, e := range x {
			x[i] = f.substitute(e)
		}
	}
	return v
}

// setUp creates an instance and one of each resource the operations name.
func setUp(t *testing.T, base, alias string) *fixtures {
	t.Helper()
	call := func(method, path string, body any) map[string]any {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = strings.NewReader(string(b))
		}
		req, _ := http.NewRequest(method, base+path, rd)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || json.Unmarshal(b, &out) != nil {
			t.Fatalf("set-up %s %s: %d %s", method, path, resp.StatusCode, b)
		}
		return out
	}
	first := func(out map[string]any, list, field, name string) string {
		for _, e := range out[list].([]any) {
			if s := e.(map[string]any); name == "" || s["Name"] == name {
				return s[field].(string)
			}
		}
		t.Fatalf("set-up: no %q in %s", name, list)
		return ""
	}
	inst := call("PUT", "/instance", map[string]any{"IdentityManagementType": "CONNECT_MANAGED", "InboundCallsEnabled": true, "OutboundCallsEnabled": true, "InstanceAlias": alias})["Id"].(string)
	i := url.PathEscape(inst)
	hours := first(call("GET", "/hours-of-operations-summary/"+i, nil), "HoursOfOperationSummaryList", "Id", "")
	sp := first(call("GET", "/security-profiles-summary/"+i, nil), "SecurityProfileSummaryList", "Id", "Agent")
	status := first(call("GET", "/agent-status/"+i, nil), "AgentStatusSummaryList", "Id", "")
	flows := call("GET", "/contact-flows-summary/"+i, nil)
	flow := first(flows, "ContactFlowSummaryList", "Id", "")
	q := call("PUT", "/queues/"+i, map[string]any{"Name": "fixture-queue", "HoursOfOperationId": hours})
	queue, queueArn := q["QueueId"].(string), q["QueueArn"].(string)
	rp := call("PUT", "/routing-profiles/"+i, map[string]any{"Name": "fixture-profile", "Description": "d", "DefaultOutboundQueueId": queue,
		"MediaConcurrencies": []any{map[string]any{"Channel": "VOICE", "Concurrency": 1}, map[string]any{"Channel": "TASK", "Concurrency": 1}, map[string]any{"Channel": "CHAT", "Concurrency": 1}},
		"QueueConfigs":       []any{map[string]any{"QueueReference": map[string]any{"QueueId": queue, "Channel": "VOICE"}, "Priority": 1, "Delay": 0}}})["RoutingProfileId"].(string)
	call("POST", "/user-hierarchy-structure/"+i, map[string]any{"HierarchyStructure": map[string]any{"LevelOne": map[string]any{"Name": "L1"}, "LevelTwo": map[string]any{"Name": "L2"}}})
	group := call("PUT", "/user-hierarchy-groups/"+i, map[string]any{"Name": "fixture-group"})["HierarchyGroupId"].(string)
	user := call("PUT", "/users/"+i, map[string]any{"Username": "fixture-user", "Password": "Passw0rd!x", "SecurityProfileIds": []any{sp}, "RoutingProfileId": rp,
		"PhoneConfig": map[string]any{"PhoneType": "SOFT_PHONE"}, "IdentityInfo": map[string]any{"FirstName": "Fix", "LastName": "Ture"}})["UserId"].(string)
	qc := call("PUT", "/quick-connects/"+i, map[string]any{"Name": "fixture-qc", "QuickConnectConfig": map[string]any{"QuickConnectType": "QUEUE", "QueueConfig": map[string]any{"QueueId": queue, "ContactFlowId": flow}}})["QuickConnectId"].(string)
	call("PUT", "/predefined-attributes/"+i, map[string]any{"Name": "fixture-attr", "Values": map[string]any{"StringList": []any{"a"}}})
	contact := call("PUT", "/contact/task", map[string]any{"InstanceId": inst, "ContactFlowId": flow, "Name": "fixture-task"})["ContactId"].(string)
	tmpl := call("PUT", "/instance/"+i+"/task/template", map[string]any{"Name": "fixture-template", "Fields": []any{map[string]any{"Id": map[string]any{"Name": "f"}, "Type": "TEXT"}}})["Id"].(string)
	view := call("PUT", "/views/"+i, map[string]any{"Name": "fixture-view", "Status": "PUBLISHED", "Content": map[string]any{"Template": "{}"}})["View"].(map[string]any)["Id"].(string)
	rule := call("POST", "/rules/"+i, map[string]any{"Name": "fixture-rule", "Function": "{}", "PublishStatus": "DRAFT",
		"TriggerEventSource": map[string]any{"EventSourceName": "OnPostCallAnalysisAvailable"}, "Actions": []any{map[string]any{"ActionType": "GENERATE_EVENTBRIDGE_EVENT", "EventBridgeAction": map[string]any{"Name": "e"}}}})["RuleId"].(string)
	tc := call("PUT", "/test-cases/"+i, map[string]any{"Name": "fixture-test", "EntryPoint": map[string]any{"Type": "CHAT",
		"ChatEntryPointParameters": map[string]any{"FlowId": flow}},
		"Content": `{"Version":"2025-06-21","Observations":[{"Identifier":"end","Event":{"Type":"TestCompleted"}}]}`})["TestCaseId"].(string)
	exec := call("PUT", "/test-cases/"+i+"/"+tc+"/start-execution", map[string]any{})["TestCaseExecutionId"].(string)
	for n := 0; call("GET", "/test-cases/"+i+"/"+tc+"/"+exec+"/summary", nil)["Status"] == "IN_PROGRESS"; n++ {
		if n == 500 {
			t.Fatal("set-up: the fixture's test case execution never ended")
		}
		time.Sleep(10 * time.Millisecond) // it runs on its own goroutine; its write must not land in a probe
	}
	module := call("PUT", "/contact-flow-modules/"+i, map[string]any{"Name": "fixture-module",
		"Content": `{"Version":"2019-10-30","StartAction":"end","Actions":[{"Identifier":"end","Type":"EndFlowModuleExecution","Parameters":{},"Transitions":{}}]}`})["Id"].(string)
	tdg := call("PUT", "/traffic-distribution-group", map[string]any{"InstanceId": inst, "Name": "fixture-tdg"})["Id"].(string)
	ia := call("PUT", "/instance/"+i+"/integration-associations", map[string]any{"IntegrationType": "CASES_DOMAIN",
		"IntegrationArn": "arn:aws:cases:us-east-1:111111111111:domain/fixture"})["IntegrationAssociationId"].(string)
	useCase := call("PUT", "/instance/"+i+"/integration-associations/"+ia+"/use-cases", map[string]any{"UseCaseType": "CONNECT_CAMPAIGNS"})["UseCaseId"].(string)
	authProfile := first(call("GET", "/authentication-profiles-summary/"+i, nil), "AuthenticationProfileSummaryList", "Id", "")
	userArn := first(call("GET", "/users-summary/"+i, nil), "UserSummaryList", "Arn", "")
	f := &fixtures{ids: map[string]any{
		"TrafficDistributionGroupId": tdg, "IntegrationAssociationId": ia, "UseCaseId": useCase, "AuthenticationProfileId": authProfile,
		"EntityArn": userArn, "EntityType": "USER",
		"TaskTemplateId": tmpl, "ViewId": view, "RuleId": rule,
		"InstanceId": inst, "HoursOfOperationId": hours, "QueueId": queue, "DefaultOutboundQueueId": queue, "QueueIds": queue,
		"RoutingProfileId": rp, "SecurityProfileId": sp, "SecurityProfileIds": sp, "UserId": user, "AgentStatusId": status,
		"ContactFlowId": flow, "HierarchyGroupId": group, "QuickConnectId": qc, "QuickConnectIds": qc,
		"ContactId": contact, "InitialContactId": contact, "resourceArn": queueArn,
		"TestCaseId": tc, "TestCaseExecutionId": exec, "ContactFlowModuleId": module,
		"TimeZone": "UTC", "AttributeName": "fixture-attr", "AttributeValue": "a",
		"Permissions": "BasicAgentAccess", "AllowedAccessControlHierarchyGroupId": group,
	}, known: map[string]bool{}}
	for _, id := range []string{inst, hours, sp, status, flow, queue, rp, group, user, qc, contact, tmpl, view, rule, tc, exec, module, tdg, ia, useCase, authProfile, userArn} {
		f.known[id] = true
	}
	return f
}
