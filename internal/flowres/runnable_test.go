package flowres

import "testing"

func TestSplitQualifier(t *testing.T) {
	for ref, want := range map[string][2]string{
		"f":        {"f", ""},
		"f:3":      {"f", "3"},
		"f:$SAVED": {"f", "$SAVED"},
		"arn:aws:connect:us-east-1:111111111111:instance/i/contact-flow/f":     {"arn:aws:connect:us-east-1:111111111111:instance/i/contact-flow/f", ""},
		"arn:aws:connect:us-east-1:111111111111:instance/i/contact-flow/f:12":  {"arn:aws:connect:us-east-1:111111111111:instance/i/contact-flow/f", "12"},
		"arn:aws:connect:us-east-1:111111111111:instance/i/flow-module/m:prod": {"arn:aws:connect:us-east-1:111111111111:instance/i/flow-module/m", "prod"},
		"arn:aws:connect:us-east-1": {"arn:aws:connect:us-east-1", ""},
	} {
		if b, q := splitQualifier(ref); b != want[0] || q != want[1] {
			t.Errorf("splitQualifier(%q) = %q, %q; want %q, %q", ref, b, q, want[0], want[1])
		}
	}
	for q, ok := range map[string]bool{"1": true, "42": true, "0": false, "-1": false, "+1": false, "x": false, "": false} {
		if _, got := versionNumber(q); got != ok {
			t.Errorf("versionNumber(%q) ok = %v, want %v", q, got, ok)
		}
	}
}
