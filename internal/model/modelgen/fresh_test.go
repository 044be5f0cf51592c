package main

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// TestGeneratedFilesFresh regenerates from the committed model and compares
// with the committed files: the model reads back unchanged (so go generate
// is idempotent) and nobody edited a *_gen.go file or changed the generator
// without regenerating.
func TestGeneratedFilesFresh(t *testing.T) {
	raw, err := os.ReadFile("../connect.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	model, err := trimModel(m)
	if err != nil {
		t.Fatal(err)
	}
	typesSrc, err := genTypes(m)
	if err != nil {
		t.Fatal(err)
	}
	opsSrc, err := genOperations(m)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string][]byte{
		"../connect.json":             model,
		"../../api/types_gen.go":      typesSrc,
		"../../api/operations_gen.go": opsSrc,
	} {
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what modelgen generates; run go generate ./internal/model", path)
		}
	}
}
