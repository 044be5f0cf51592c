package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTestCommand(t *testing.T) {
	dir := filepath.Join("..", "..", "internal", "testcase", "testdata")
	junit := filepath.Join(t.TempDir(), "out.xml")
	cases, _ := filepath.Glob(filepath.Join(dir, "cases", "*.json"))
	var out bytes.Buffer
	err := testCmd(append([]string{"--flows", filepath.Join(dir, "flows"), "--junit", junit}, cases...), &out)
	if !errors.Is(err, errTestsFailed) {
		t.Fatalf("err %v, want the failure of menu-timeout\n%s", err, out.String())
	}
	for _, want := range []string{"PASS Welcome and sales queue", "FAIL Silence ends the call", "FAILED       Bye", "4 test cases, 1 failed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	x, err := os.ReadFile(junit)
	if err != nil || !strings.Contains(string(x), `<testsuites tests="12" failures="1" errors="0">`) {
		t.Errorf("junit %s %v", x, err)
	}
	// Only passing cases: exit 0.
	out.Reset()
	if err := testCmd([]string{"--flows", filepath.Join(dir, "flows"), filepath.Join(dir, "cases", "closed.json")}, &out); err != nil {
		t.Errorf("passing case: %v\n%s", err, out.String())
	}
	// No flows directory: a usage error.
	if err := testCmd([]string{filepath.Join(dir, "cases", "closed.json")}, &out); err == nil || errors.Is(err, errTestsFailed) {
		t.Errorf("no --flows: %v", err)
	}
}
