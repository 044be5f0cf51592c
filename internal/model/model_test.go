package model

import "testing"

func TestLoadHasEveryOperation(t *testing.T) {
	m := MustLoad()
	if n := len(m.Operations); n < 300 {
		t.Fatalf("model has %d operations, want the full Connect model (~370)", n)
	}
	op := m.Operations["DescribeInstance"]
	if op == nil || op.Method != "GET" || op.RequestURI != "/instance/{InstanceId}" {
		t.Fatalf("DescribeInstance binding = %+v", op)
	}
	if !op.Input.Required["InstanceId"] || op.Input.Members["InstanceId"].Location != "uri" {
		t.Fatalf("InstanceId binding wrong: %+v", op.Input.Members["InstanceId"])
	}
}

func TestEveryPatternCompiles(t *testing.T) {
	m := MustLoad()
	for n, s := range m.Shapes {
		if p := s.CompiledPattern(); p != nil && p.Disabled {
			t.Errorf("shape %s: pattern %q not translated", n, s.Pattern)
		}
	}
}

func TestPatternLookahead(t *testing.T) {
	cases := []struct {
		pat, v string
		want   bool
	}{
		{`^(?!aws:)[a-zA-Z+-=._:/]+$`, "team:blue", true},
		{`^(?!aws:)[a-zA-Z+-=._:/]+$`, "aws:thing", false},
		{`/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$/`, "Passw0rdX", true},
		{`/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$/`, "password1", false},
		{`^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$`, "d-abc", false},
		{`^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$`, "my-alias", true},
	}
	for _, c := range cases {
		if got := CompilePattern(c.pat).MatchString(c.v); got != c.want {
			t.Errorf("%q on %q = %v, want %v", c.pat, c.v, got, c.want)
		}
	}
}
