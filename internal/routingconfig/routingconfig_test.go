package routingconfig

import (
	"fmt"
	"slices"
	"testing"

	"github.com/connect-local/connect-local/internal/instance"
)

func TestReorderStatuses(t *testing.T) {
	ptr := func(v int64) *int64 { return &v }
	cases := []struct {
		name  string
		start []int64 // display orders of s0..s3; 0 means none
		move  int     // which status moves
		to    *int64  // nil takes it out of the order
		want  []int64
	}{
		{"to front", []int64{1, 2, 3, 4}, 3, ptr(1), []int64{2, 3, 4, 1}},
		{"to back", []int64{1, 2, 3, 4}, 0, ptr(4), []int64{4, 1, 2, 3}},
		{"past the end", []int64{1, 2, 3, 4}, 1, ptr(50), []int64{1, 4, 2, 3}},
		{"same place", []int64{1, 2, 3, 4}, 2, ptr(3), []int64{1, 2, 3, 4}},
		{"out of the order", []int64{1, 2, 3, 4}, 1, nil, []int64{1, 0, 2, 3}},
		{"into the order", []int64{1, 0, 2, 3}, 1, ptr(2), []int64{1, 2, 3, 4}},
		{"gaps close", []int64{1, 5, 9, 0}, 3, ptr(2), []int64{1, 3, 4, 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := &instance.State{Data: instance.Data{Statuses: map[string]*instance.AgentStatus{}}}
			for i, o := range tc.start {
				a := &instance.AgentStatus{ID: fmt.Sprintf("s%d", i)}
				if o != 0 {
					a.DisplayOrder = ptr(o)
				}
				st.Statuses[a.ID] = a
			}
			self := *st.Statuses[fmt.Sprintf("s%d", tc.move)]
			for _, c := range reorderStatuses(st, &self, tc.to) {
				st.Statuses[c.ID] = c
			}
			for i, w := range tc.want {
				got := st.Statuses[fmt.Sprintf("s%d", i)].DisplayOrder
				if (w == 0) != (got == nil) || (got != nil && *got != w) {
					t.Fatalf("s%d: DisplayOrder = %v, want %d", i, got, w)
				}
			}
		})
	}
}

func TestAttrTextPattern(t *testing.T) {
	for _, tc := range []struct {
		v  string
		ok bool
	}{
		{"Technology", true},
		{"AWS DynamoDB", true},
		{"a/b:c=d+e-f@g'h_i.j", true},
		{"Français", true},
		{"数字1", true},
		{"semi;colon<>?", true}, // '+-@' is a range in the documented class
		{"connect:Language", false},
		{"aws:thing", false},
		{"Connect:ok", true}, // the prefix check is case-sensitive, like the pattern
		{"bang!", false},
		{"tab\there", false},
		{"", false},
	} {
		if got := checkAttrText("name", tc.v) == nil; got != tc.ok {
			t.Errorf("checkAttrText(%q) ok = %v, want %v", tc.v, got, tc.ok)
		}
	}
}

func TestProficiencyIndexOrder(t *testing.T) {
	x := proficiencyIndex{}
	for i, l := range []float64{2, 5, 3, 5, 1} {
		x.add(fmt.Sprint("u", i), instance.Proficiency{AttributeName: "A", AttributeValue: "v", Level: l})
	}
	var got []string
	for _, h := range x["A"]["v"] {
		got = append(got, fmt.Sprint(h.UserID, "=", h.Level))
	}
	if want := []string{"u1=5", "u3=5", "u2=3", "u0=2", "u4=1"}; !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
	for i := range 5 {
		x.remove(fmt.Sprint("u", i), instance.Proficiency{AttributeName: "A", AttributeValue: "v"})
	}
	if len(x) != 0 {
		t.Fatalf("empty index keeps %v", x)
	}
}
