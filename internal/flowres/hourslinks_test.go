package flowres

import (
	"sort"
	"strings"
	"testing"

	"github.com/connect-local/connect-local/internal/instance"
)

// linkedState is an instance whose hours are linked child→parents as
// given, each hours with the overrides named, all applying on 2024-01-01.
func linkedState(links map[string][]string, overrides map[string][]string) *instance.State {
	st := instance.NewState(instance.Instance{ID: "i"})
	for child, parents := range links {
		for _, p := range parents {
			l := &hoursLink{Child: child, Parent: p}
			of(st).links[l.key()] = l
		}
	}
	for hours, names := range overrides {
		for _, n := range names {
			o := ov("2024-01-01", "2024-01-01", nil, "MONDAY")
			o.ID, o.HoursID, o.Name = hours+"/"+n, hours, n
			of(st).overrides[o.ID] = o
		}
	}
	return st
}

func TestInheritedOverrides(t *testing.T) {
	for _, tc := range []struct {
		name      string
		links     map[string][]string
		overrides map[string][]string
		want      string // names of the child's applying overrides, sorted
	}{
		{"none", nil, map[string][]string{"p": {"holiday"}}, ""},
		{"from the parent", map[string][]string{"c": {"p"}}, map[string][]string{"p": {"holiday"}}, "holiday"},
		{"own wins", map[string][]string{"c": {"p"}}, map[string][]string{"p": {"holiday"}, "c": {"own"}}, "own"},
		{"parents together", map[string][]string{"c": {"p", "q"}}, map[string][]string{"p": {"a"}, "q": {"b"}}, "a,b"},
		{"through a parent with none", map[string][]string{"c": {"p"}, "p": {"g"}}, map[string][]string{"g": {"g1"}}, "g1"},
		{"nearest wins", map[string][]string{"c": {"p"}, "p": {"g"}}, map[string][]string{"g": {"g1"}, "p": {"p1"}}, "p1"},
		{"diamond once", map[string][]string{"c": {"p", "q"}, "p": {"g"}, "q": {"g"}}, map[string][]string{"g": {"g1"}}, "g1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := linkedState(tc.links, tc.overrides)
			var names []string
			for _, o := range applyingOverrides(st, "c", day("2024-01-01"), map[string]bool{}) {
				names = append(names, o.Name)
			}
			sort.Strings(names)
			if got := strings.Join(names, ","); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			if got := applyingOverrides(st, "c", day("2024-01-02"), map[string]bool{}); len(got) != 0 {
				t.Fatalf("another date: %d overrides", len(got))
			}
		})
	}
}

func TestReaches(t *testing.T) {
	st := linkedState(map[string][]string{"c": {"p"}, "p": {"g"}}, nil)
	for _, tc := range []struct {
		from, to string
		want     bool
	}{{"c", "g", true}, {"c", "p", true}, {"g", "c", false}, {"p", "c", false}, {"c", "c", true}} {
		if got := reaches(st, tc.from, tc.to); got != tc.want {
			t.Errorf("reaches(%s, %s) = %v", tc.from, tc.to, got)
		}
	}
}

// WithParents names each hours' parents, by ID, skipping none and
// leaving hours without parents with none (a stale Parents is cleared).
func TestHoursWithParents(t *testing.T) {
	st := linkedState(map[string][]string{"c": {"q", "p"}, "p": {"g"}}, nil)
	for _, id := range []string{"c", "p", "q", "g"} {
		st.Hours[id] = &instance.HoursOfOperation{ID: id, ARN: "arn/" + id, Name: "N" + id}
	}
	got := WithParents(st, []instance.HoursOfOperation{*st.Hours["c"], *st.Hours["p"],
		{ID: "g", Parents: []instance.HoursRef{{ID: "stale"}}}})
	names := func(rs []instance.HoursRef) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID+"="+r.Name+"@"+r.ARN)
		}
		return strings.Join(out, ",")
	}
	for i, want := range []string{"p=Np@arn/p,q=Nq@arn/q", "g=Ng@arn/g", ""} {
		if s := names(got[i].Parents); s != want {
			t.Errorf("parents of %s: %q, want %q", got[i].ID, s, want)
		}
	}
	if st.Hours["c"].Parents != nil {
		t.Fatal("the stored hours changed")
	}
}
