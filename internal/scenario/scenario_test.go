package scenario

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/flow"
)

func TestExamplesParse(t *testing.T) {
	for _, f := range []string{"../../examples/single-queue.yaml", "../../examples/multi-skill.yaml"} {
		sc, err := Load(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if sc.Workload == nil || len(sc.Workload.ContactTypes) == 0 {
			t.Fatalf("%s: no workload", f)
		}
	}
	sc, err := Load("../../examples/multi-skill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(sc.Files); got != 2 {
		t.Errorf("files read: %d, want 2 (flow and trace)", got)
	}
	vip := sc.Workload.ContactTypes[4]
	if n := len(vip.TraceOffsets()); n != 11 || vip.TraceOffsets()[0] != 8*time.Hour+5*time.Minute {
		t.Errorf("trace: %v", vip.TraceOffsets())
	}
	if sc.Workload.ContactTypes[2].ACW.Kind != DistFixed || sc.Workload.ContactTypes[4].HandleTime.Value.D() != 10*time.Minute {
		t.Errorf("a bare duration is a fixed distribution")
	}
	name, content, ok := sc.Workload.ContactTypes[0].GeneratedFlow()
	if !ok || name == "" {
		t.Fatal("english-voice has routing steps: it needs a generated flow")
	}
	f, err := flow.Parse(content)
	if err != nil {
		t.Fatal(err)
	}
	res := flow.Run(f, flow.RunInput{QueueID: "q"})
	if len(res.RoutingCriteria) != 2 || res.QueueID != "q" {
		t.Errorf("generated flow: %+v", res)
	}
	if _, _, ok := sc.Workload.ContactTypes[2].GeneratedFlow(); ok {
		t.Error("english-chat has no steps and no priority: it needs no flow")
	}
	if g := sc.Setup.Users[0]; g.Name(7) != "en-7" || !*g.AutoAccept {
		t.Errorf("user template: %q auto=%v", g.Name(7), *g.AutoAccept)
	}
}

func TestDefaults(t *testing.T) {
	sc := parse(t, `
instance: {alias: x}
workload:
  contact_types:
    - {name: c, queue: BasicQueue, arrivals: {per_hour: 10}, handle_time: 3m}
`)
	w := sc.Workload
	if w.Duration.D() != 24*time.Hour || w.Interval.D() != 15*time.Minute || w.ServiceLevel.D() != 20*time.Second || w.Seed != 1 || !w.Start.Equal(DefaultStart) {
		t.Errorf("defaults: %+v", w)
	}
	if w.ContactTypes[0].Channel != "VOICE" {
		t.Errorf("channel default")
	}
}

func TestProblemsNameLineAndField(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"unknown field", "instance: {alias: x}\nsetup:\n  queues:\n    - name: a\n      colour: red\n", "t.yaml:5: field colour not found"},
		{"alias", "setup: {}\n", "t.yaml:1: instance.alias: an instance alias is required"},
		{"bad profile ref", `
instance: {alias: x}
setup:
  users:
    - username: a
      routing_profile: Nope
`, "t.yaml:6: setup.users[0].routing_profile: no routing profile named \"Nope\""},
		{"count needs template", `
instance: {alias: x}
setup:
  users:
    - {username: a, count: 3}
`, "t.yaml:5: setup.users[0].username: with count 3 the username must contain {n}"},
		{"proficiency value", `
instance: {alias: x}
setup:
  predefined_attributes: [{name: Language, values: [English]}]
  users:
    - username: a
      proficiencies:
        - {attribute: Language, value: Klingon, level: 3}
`, "t.yaml:8: setup.users[0].proficiencies[0].value: \"Klingon\" is not a value of Language"},
		{"bad duration", `
instance: {alias: x}
workload:
  contact_types:
    - {name: c, queue: BasicQueue, arrivals: {per_hour: 1}, handle_time: soon}
`, "t.yaml:5: \"soon\" is not a duration"},
		{"bad dist", `
instance: {alias: x}
workload:
  contact_types:
    - name: c
      queue: BasicQueue
      arrivals: {per_hour: 1}
      handle_time: {dist: gamma, mean: 3m}
`, "t.yaml:8: workload.contact_types[0].handle_time.dist: \"gamma\""},
		{"dist unknown key", `
instance: {alias: x}
workload:
  contact_types:
    - name: c
      queue: BasicQueue
      arrivals: {per_hour: 1}
      handle_time:
        dist: exponential
        average: 3m
`, "t.yaml:10: field average not found in a distribution"},
		{"arrivals", `
instance: {alias: x}
workload:
  contact_types:
    - {name: c, queue: BasicQueue, arrivals: {}, handle_time: 3m}
`, "workload.contact_types[0].arrivals: give exactly one of per_hour, schedule"},
		{"unserved queue", `
instance: {alias: x}
setup:
  queues: [{name: Sales}]
workload:
  contact_types:
    - {name: c, queue: Sales, arrivals: {per_hour: 1}, handle_time: 3m}
`, "t.yaml:7: workload.contact_types[0].queue: no routing profile serves queue \"Sales\" on VOICE"},
		{"bad routing step", `
instance: {alias: x}
workload:
  contact_types:
    - name: c
      queue: BasicQueue
      arrivals: {per_hour: 1}
      handle_time: 3m
      routing_steps:
        - Expression: {AttributeCondition: {Name: Language, Value: English, ProficiencyLevel: 9, ComparisonOperator: NumberGreaterOrEqualTo}}
`, "t.yaml:9: workload.contact_types[0].routing_steps:"},
		{"flow content", `
instance: {alias: x}
setup:
  flows:
    - name: f
      content: '{"Version":"2019-10-30","StartAction":"nope","Actions":[]}'
`, "t.yaml:6: setup.flows[0].content: StartAction \"nope\" names no action"},
		{"missing flow file", `
instance: {alias: x}
setup:
  flows:
    - {name: f, file: nowhere.json}
`, "t.yaml:5: setup.flows[0].file: file nowhere.json was not sent"},
		{"schedule order", `
instance: {alias: x}
workload:
  contact_types:
    - name: c
      queue: BasicQueue
      handle_time: 3m
      arrivals:
        schedule:
          - {from: "08:00", per_hour: 1}
          - {from: "07:00", per_hour: 1}
`, "t.yaml:11: workload.contact_types[0].arrivals.schedule[1].from: times must increase"},
		{"duplicate queue", "instance: {alias: x}\nsetup:\n  queues: [{name: A}, {name: a}]\n", "t.yaml:3: setup.queues[1].name: \"a\" is declared more than once"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.yaml), "t.yaml", FilesFrom(nil))
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("want *Error, got %v", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("got:\n%v\nwant a line containing:\n%s", err, c.want)
			}
		})
	}
}

func TestTraceAndFlowMapping(t *testing.T) {
	files := map[string][]byte{"a.txt": []byte("# comment\n90\n00:01:00\n2m30s\n")}
	sc, err := Parse([]byte(`
instance: {alias: x}
setup:
  flows:
    - name: mapped
      content:
        Version: "2019-10-30"
        StartAction: end
        Actions:
          - {Identifier: end, Type: EndFlowExecution, Parameters: {}, Transitions: {}}
workload:
  contact_types:
    - {name: c, queue: BasicQueue, arrivals: {trace: a.txt}, handle_time: 3m}
`), "t.yaml", FilesFrom(files))
	if err != nil {
		t.Fatal(err)
	}
	got := sc.Workload.ContactTypes[0].TraceOffsets()
	want := []time.Duration{time.Minute, 90 * time.Second, 150 * time.Second}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("trace %v, want %v", got, want)
	}
	if err := flow.Validate(string(sc.Setup.Flows[0].Content)); err != nil {
		t.Errorf("mapping content: %v", err)
	}
}

func parse(t *testing.T, y string) *Scenario {
	t.Helper()
	sc, err := Parse([]byte(y), "t.yaml", FilesFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
