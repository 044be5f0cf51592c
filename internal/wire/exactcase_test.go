package wire

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/model"
)

// decodeVia sends body to op (path is its URI with labels filled in) and
// returns the status, the body answered and the input the handler got.
func decodeVia(t *testing.T, op, method, path, body string) (int, string, any) {
	t.Helper()
	var got any
	s := serverWith(op, func(_ context.Context, in any) (any, error) {
		got = in
		return nil, nil
	})
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(method, path, strings.NewReader(body)))
	return w.Code, w.Body.String(), got
}

// TestMemberNamesAreExactCase: a member spelled in another case is an
// unknown member and is ignored, as AWS does; it must never reach the
// handler in place of the validated member (encoding/json matches struct
// fields case-insensitively, and Unicode-folds "ſ" to "s").
func TestMemberNamesAreExactCase(t *testing.T) {
	long := strings.Repeat("x", 20000)
	user := func(identity string) string {
		return `{"Username":"jane","SecurityProfileIds":["sp"],"RoutingProfileId":"rp","PhoneConfig":{"PhoneType":"SOFT_PHONE"},"IdentityInfo":` + identity + `}`
	}
	phone := func(cfg string) string { return `{"PhoneConfig":` + cfg + `}` }
	hours := func(start string) string {
		return `{"Name":"h","TimeZone":"UTC","Config":[{"Day":"MONDAY","StartTime":` + start + `,"EndTime":{"Hours":17,"Minutes":0}}]}`
	}
	profile := func(queueConfig, media string) string {
		return `{"Name":"p","Description":"d","DefaultOutboundQueueId":"q","MediaConcurrencies":[` + media + `],"QueueConfigs":[` + queueConfig + `]}`
	}
	const (
		createUser  = "CreateUser PUT /users/i"
		phoneConfig = "UpdateUserPhoneConfig POST /users/i/u/phone-config"
		createHours = "CreateHoursOfOperation PUT /hours-of-operations/i"
		createRP    = "CreateRoutingProfile PUT /routing-profiles/i"
	)
	for _, tc := range []struct {
		name, op, body, want string
	}{
		{"IdentityInfo firstname", createUser, user(`{"FirstName":"ok","firstname":"` + long + `"}`), user(`{"FirstName":"ok"}`)},
		{"IdentityInfo firstName", createUser, user(`{"FirstName":"ok","firstName":"` + long + `"}`), user(`{"FirstName":"ok"}`)},
		{"IdentityInfo FIRSTNAME", createUser, user(`{"FirstName":"ok","FIRSTNAME":"` + long + `"}`), user(`{"FirstName":"ok"}`)},
		{"IdentityInfo Unicode fold", createUser, user(`{"FirstName":"ok","FirſtName":"` + long + `"}`), user(`{"FirstName":"ok"}`)},
		{"IdentityInfo firstname alone", createUser, user(`{"firstname":"` + long + `","LastName":"Doe"}`), user(`{"LastName":"Doe"}`)},
		{"top-level username", createUser, strings.Replace(user(`{}`), `{`, `{"username":"`+long+`",`, 1), user(`{}`)},
		{"AfterContactWorkTimeLimit camelCase", phoneConfig, phone(`{"PhoneType":"SOFT_PHONE","AfterContactWorkTimeLimit":0,"afterContactWorkTimeLimit":-5}`), phone(`{"PhoneType":"SOFT_PHONE","AfterContactWorkTimeLimit":0}`)},
		{"AfterContactWorkTimeLimit lower alone", phoneConfig, phone(`{"PhoneType":"SOFT_PHONE","aftercontactworktimelimit":-5}`), phone(`{"PhoneType":"SOFT_PHONE"}`)},
		{"AfterContactWorkTimeLimit upper", phoneConfig, phone(`{"AFTERCONTACTWORKTIMELIMIT":-5,"PhoneType":"SOFT_PHONE","AfterContactWorkTimeLimit":30}`), phone(`{"PhoneType":"SOFT_PHONE","AfterContactWorkTimeLimit":30}`)},
		{"hours lower", createHours, hours(`{"Hours":9,"Minutes":0,"hours":99,"minutes":-7}`), hours(`{"Hours":9,"Minutes":0}`)},
		{"hours upper first", createHours, hours(`{"HOURS":99,"MINUTES":-7,"Hours":9,"Minutes":0}`), hours(`{"Hours":9,"Minutes":0}`)},
		{"nested list of structures", createRP,
			profile(`{"QueueReference":{"QueueId":"q","Channel":"VOICE","channel":"NOPE","queueid":"`+long+`"},"Priority":1,"priority":0,"Delay":0,"delay":-1}`, `{"Channel":"VOICE","Concurrency":1,"concurrency":99,"channel":"X"}`),
			profile(`{"QueueReference":{"QueueId":"q","Channel":"VOICE"},"Priority":1,"Delay":0}`, `{"Channel":"VOICE","Concurrency":1}`)},
		{"case-changed list member", createRP,
			`{"Name":"p","Description":"d","DefaultOutboundQueueId":"q","MediaConcurrencies":[{"Channel":"VOICE","Concurrency":1}],"queueconfigs":[{"QueueReference":{"QueueId":"q","Channel":"NOPE"},"Priority":0,"Delay":-1}]}`,
			`{"Name":"p","Description":"d","DefaultOutboundQueueId":"q","MediaConcurrencies":[{"Channel":"VOICE","Concurrency":1}]}`},
		// Map keys are data: "a" and "A" are two tags, both kept.
		{"map keys keep their case", createHours, strings.Replace(hours(`{"Hours":9,"Minutes":0}`), `{`, `{"Tags":{"a":"1","A":"2"},`, 1), strings.Replace(hours(`{"Hours":9,"Minutes":0}`), `{`, `{"Tags":{"A":"2","a":"1"},`, 1)},
		// A duplicate exact key: the last one is validated and the last one is stored.
		{"duplicate exact key, valid last", createUser, user(`{"FirstName":"` + long + `","FirstName":"ok"}`), user(`{"FirstName":"ok"}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name, route, _ := strings.Cut(tc.op, " ")
			method, path, _ := strings.Cut(route, " ")
			code, msg, got := decodeVia(t, name, method, path, tc.body)
			if code != 200 {
				t.Fatalf("%d %s", code, msg)
			}
			code, msg, want := decodeVia(t, name, method, path, tc.want)
			if code != 200 {
				t.Fatalf("the exact-case request: %d %s", code, msg)
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(want)
				t.Fatalf("handler got\n%.300s\nwant (the exact-case members only)\n%.300s", g, w)
			}
		})
	}
	// The plainest statement of the bug: the first name stored is "ok".
	_, _, in := decodeVia(t, "CreateUser", "PUT", "/users/i", user(`{"FirstName":"ok","firstname":"`+long+`"}`))
	if got := api.Val(in.(*api.CreateUserRequest).IdentityInfo.FirstName); got != "ok" {
		t.Fatalf("FirstName = %.40q..., want \"ok\"", got)
	}
}

// TestExactCaseRejections: what is ignored cannot satisfy a constraint
// either — a required member present only in another case is missing — and
// of duplicate exact keys the last one is validated, as it is stored.
func TestExactCaseRejections(t *testing.T) {
	long := strings.Repeat("x", 300)
	for _, tc := range []struct {
		name, op, method, path, body, want string
	}{
		{"required only in lower case", "CreateHoursOfOperation", "PUT", "/hours-of-operations/i",
			`{"Name":"h","TimeZone":"UTC","Config":[{"Day":"MONDAY","StartTime":{"hours":9,"Minutes":0},"EndTime":{"Hours":17,"Minutes":0}}]}`,
			"Value null at 'config.1.member.startTime.hours' failed to satisfy constraint: Member must not be null"},
		{"required only in camel case in a list element", "CreateRoutingProfile", "PUT", "/routing-profiles/i",
			`{"Name":"p","Description":"d","DefaultOutboundQueueId":"q","MediaConcurrencies":[{"channel":"VOICE","Concurrency":1}]}`,
			"Value null at 'mediaConcurrencies.1.member.channel' failed to satisfy constraint: Member must not be null"},
		{"duplicate exact key, invalid last", "UpdateUserIdentityInfo", "POST", "/users/i/u/identity-info",
			`{"IdentityInfo":{"FirstName":"ok","FirstName":"` + long + `"}}`,
			"at 'identityInfo.firstName' failed to satisfy constraint: Member must have length less than or equal to 255"},
		{"duplicate exact key in a list element, invalid last", "CreateHoursOfOperation", "PUT", "/hours-of-operations/i",
			`{"Name":"h","TimeZone":"UTC","Config":[{"Day":"MONDAY","StartTime":{"Hours":9,"Minutes":0,"Minutes":-7},"EndTime":{"Hours":17,"Minutes":0}}]}`,
			"Value '-7' at 'config.1.member.startTime.minutes' failed to satisfy constraint: Member must have value greater than or equal to 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, msg, got := decodeVia(t, tc.op, tc.method, tc.path, tc.body)
			if code != 400 || !strings.Contains(msg, tc.want) || got != nil {
				t.Fatalf("%d %s (handler reached: %v), want 400 with %q", code, msg, got != nil, tc.want)
			}
		})
	}
}

// TestBodyWireNamesAreMemberNames holds the model and the generated api
// types to what validate relies on: a body member's wire name is its member
// name (no locationName), and the api type decodes it through a json tag
// spelled exactly so, for every structure every operation's input reaches.
func TestBodyWireNamesAreMemberNames(t *testing.T) {
	m := model.MustLoad()
	seen := map[string]bool{}
	var walk func(s *model.Shape, typ reflect.Type, top bool)
	walk = func(s *model.Shape, typ reflect.Type, top bool) {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		switch s.Type {
		case "list":
			walk(s.Member, typ.Elem(), false)
		case "map":
			walk(s.Value, typ.Elem(), false)
		case "structure":
			if seen[s.Name] {
				return
			}
			seen[s.Name] = true
			tags := map[string]reflect.Type{}
			for i := range typ.NumField() {
				f := typ.Field(i)
				tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				tags[tag] = f.Type
			}
			for _, name := range s.Order {
				mem := s.Members[name]
				if mem.Location == "" && mem.WireName() != name {
					t.Errorf("%s.%s: body member with wire name %q", s.Name, name, mem.WireName())
				}
				if !top && mem.Location != "" {
					t.Errorf("%s.%s: nested member bound to %s", s.Name, name, mem.Location)
				}
				ft, ok := tags[name]
				if !ok {
					t.Errorf("%s (%s): no field tagged json:%q", s.Name, typ, name)
					continue
				}
				walk(mem.Shape, ft, false)
			}
			if len(tags) != len(s.Order) {
				t.Errorf("%s (%s): %d fields for %d members", s.Name, typ, len(tags), len(s.Order))
			}
		}
	}
	for _, name := range m.OperationNames() {
		if op := m.Operations[name]; op.Input != nil {
			walk(op.Input, reflect.TypeOf(api.NewInput(name)), true)
		}
	}
	if len(seen) < 100 {
		t.Fatalf("walked only %d structures", len(seen))
	}
}
