package wire

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/connect-local/connect-local/internal/api"
	"github.com/connect-local/connect-local/internal/model"
	"github.com/connect-local/connect-local/internal/papi"
)

// genValue makes a value of shape s as validate returns it (structures as
// maps of their declared members, numbers as json.Number), with awkward
// strings and numbers, nested up to depth.
func genValue(rng *rand.Rand, s *model.Shape, depth int) any {
	switch s.Type {
	case "structure":
		obj := map[string]any{}
		if depth > 4 {
			return obj
		}
		for _, name := range s.Order {
			if rng.IntN(3) > 0 {
				obj[name] = genValue(rng, s.Members[name].Shape, depth+1)
			}
		}
		return obj
	case "list":
		n := rng.IntN(3)
		if depth > 4 {
			n = 0
		}
		out := make([]any, n)
		for i := range out {
			out[i] = genValue(rng, s.Member, depth+1)
		}
		return out
	case "map":
		out := map[string]any{}
		if depth > 4 {
			return out
		}
		for range rng.IntN(3) {
			out[genString(rng)] = genValue(rng, s.Value, depth+1)
		}
		return out
	case "integer", "long":
		return json.Number([]string{"0", "-1", "7", "2147483647", "-9007199254740993", "42"}[rng.IntN(6)])
	case "double", "float":
		return json.Number([]string{"0", "-0", "1.5", "1e3", "-2.5E-3", "123456789.125", "1"}[rng.IntN(7)])
	case "boolean":
		return rng.IntN(2) == 0
	case "timestamp":
		return []any{json.Number("1700000000"), json.Number("1700000000.123"), "2024-03-01T08:00:00Z", "2024-03-01T08:00:00.5+02:00"}[rng.IntN(4)]
	}
	return genString(rng)
}

func genString(rng *rand.Rand) string {
	return []string{"", "a", "Name", "<b>&amp;</b>", "é ü 日本", "line\nbreak\t\"quoted\"\\", "\u2028\u2029", "emoji 😀", "\x00\x1f", strings.Repeat("x", 300)}[rng.IntN(10)]
}

// Decoding a checked input directly gives exactly what the JSON round trip
// gives, for every operation of both models.
func TestDecodeCheckedMatchesJSON(t *testing.T) {
	connect := model.MustLoad()
	participant, err := model.LoadParticipant()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	direct, total := 0, 0
	for _, m := range []struct {
		model    *model.Model
		newInput func(string) any
	}{{connect, api.NewInput}, {participant, papi.NewInput}} {
		for _, name := range m.model.OperationNames() {
			op := m.model.Operations[name]
			if op.Input == nil {
				continue
			}
			for i := range 20 {
				checked := genValue(rng, op.Input, 0).(map[string]any)
				want, werr := typedInputJSON(name, checked, m.newInput)
				got, gerr := typedInput(name, checked, m.newInput)
				if fmt.Sprint(werr) != fmt.Sprint(gerr) || !reflect.DeepEqual(got, want) {
					b, _ := json.Marshal(checked)
					t.Fatalf("%s #%d %s:\n direct %+v, %v\n json   %+v, %v", name, i, b, got, gerr, want, werr)
				}
				total++
				if decodeChecked(m.newInput(name), checked) {
					direct++
				} else if testing.Verbose() {
					b, _ := json.Marshal(checked)
					t.Logf("%s: through JSON: %.200s", name, b)
				}
			}
		}
	}
	if direct == 0 {
		t.Fatal("no input was decoded directly")
	}
	t.Logf("%d of %d inputs decoded directly", direct, total)
}

// What decodeChecked leaves to encoding/json gives encoding/json's result
// and error.
func TestDecodeCheckedFallsBack(t *testing.T) {
	for _, c := range []struct {
		op      string
		checked map[string]any
	}{
		{"DescribeQueue", map[string]any{"InstanceId": "in\xffvalid", "QueueId": "q"}},
		{"StartTaskContact", map[string]any{"Attributes": map[string]any{"k\xfe": "v"}, "Name": "n"}},
		{"ListQueues", map[string]any{"InstanceId": "i", "MaxResults": json.Number("1.5")}},
		{"ListQueues", map[string]any{"InstanceId": "i", "MaxResults": json.Number("99999999999999999999")}},
		{"ListQueues", map[string]any{"InstanceId": "i", "MaxResults": json.Number("NaN")}},
		{"ListQueues", map[string]any{"InstanceId": "i", "MaxResults": json.Number(" 1")}},
		{"ListQueues", map[string]any{"InstanceId": "i", "maxresults": json.Number("3")}},
		{"ListQueues", map[string]any{"InstanceId": 5}},
		{"StartTaskContact", map[string]any{"ScheduledTime": "tomorrow"}},
	} {
		want, werr := typedInputJSON(c.op, c.checked, api.NewInput)
		got, gerr := typedInput(c.op, c.checked, api.NewInput)
		if fmt.Sprint(werr) != fmt.Sprint(gerr) || !reflect.DeepEqual(got, want) {
			t.Errorf("%s %v:\n direct %+v, %v\n json   %+v, %v", c.op, c.checked, got, gerr, want, werr)
		}
		if decodeChecked(api.NewInput(c.op), c.checked) {
			t.Errorf("%s %v decoded directly", c.op, c.checked)
		}
	}
}

// A StartTaskContact decodes without the JSON round trip's allocations.
func TestDecodeCheckedAllocations(t *testing.T) {
	checked := map[string]any{"InstanceId": "i", "ContactFlowId": "f", "Name": "w", "Attributes": map[string]any{"a": "b"}}
	direct := testing.AllocsPerRun(100, func() { typedInput("StartTaskContact", checked, api.NewInput) })
	viaJSON := testing.AllocsPerRun(100, func() { typedInputJSON("StartTaskContact", checked, api.NewInput) })
	if direct >= viaJSON {
		t.Errorf("direct decoding allocates %.0f times, the JSON round trip %.0f", direct, viaJSON)
	}
}
