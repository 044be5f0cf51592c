package main

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// tinyModel has one operation of each kind: with input and output, input
// only, output only, and neither.
func tinyModel() map[string]any {
	str := map[string]any{"shape": "String"}
	return map[string]any{
		"operations": map[string]any{
			"Both":       map[string]any{"input": map[string]any{"shape": "BothRequest"}, "output": map[string]any{"shape": "BothResponse"}},
			"InputOnly":  map[string]any{"input": map[string]any{"shape": "InputOnlyRequest"}},
			"OutputOnly": map[string]any{"output": map[string]any{"shape": "OutputOnlyResponse"}},
			"Neither":    map[string]any{},
		},
		"shapes": map[string]any{
			"String":             map[string]any{"type": "string"},
			"BothRequest":        map[string]any{"type": "structure", "members": map[string]any{"Id": str}},
			"BothResponse":       map[string]any{"type": "structure", "members": map[string]any{"Name": str}},
			"InputOnlyRequest":   map[string]any{"type": "structure", "members": map[string]any{}},
			"OutputOnlyResponse": map[string]any{"type": "structure", "members": map[string]any{}},
		},
	}
}

// TestGenOperationsCompiles type-checks the generated types and registry of
// the tiny model and checks each field's function type.
func TestGenOperationsCompiles(t *testing.T) {
	m := tinyModel()
	typesSrc, err := gen{pkg: "api"}.types(m)
	if err != nil {
		t.Fatal(err)
	}
	opsSrc, err := gen{pkg: "api"}.operations(m)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for name, src := range map[string][]byte{"types_gen.go": typesSrc, "operations_gen.go": opsSrc} {
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, src)
		}
		files = append(files, f)
	}
	// types_gen.go refers to Time, which the hand-written api package adds.
	extra, err := parser.ParseFile(fset, "time.go", "package api\ntype Time struct{}\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, extra)
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("api", fset, files, nil)
	if err != nil {
		t.Fatalf("generated code does not compile: %v\n%s", err, opsSrc)
	}
	st := pkg.Scope().Lookup("Operations").Type().Underlying().(*types.Struct)
	want := map[string]string{
		"Both":       "func(context.Context, *api.BothRequest) (*api.BothResponse, error)",
		"InputOnly":  "func(context.Context, *api.InputOnlyRequest) error",
		"OutputOnly": "func(context.Context) (*api.OutputOnlyResponse, error)",
		"Neither":    "func(context.Context) error",
	}
	if st.NumFields() != len(want) {
		t.Fatalf("Operations has %d fields, want %d", st.NumFields(), len(want))
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if got := types.TypeString(f.Type(), nil); got != want[f.Name()] {
			t.Errorf("Operations.%s is %s, want %s", f.Name(), got, want[f.Name()])
		}
	}
	for _, n := range []string{"Both", "InputOnly", "OutputOnly", "Neither"} {
		if !strings.Contains(string(opsSrc), `m["`+n+`"]`) {
			t.Errorf("ByName does not list %s", n)
		}
	}
}

// TestGenOperationsRefusesSharedInput: two operations with one request
// shape would make a wrong registration compile, so generation fails.
func TestGenOperationsRefusesSharedInput(t *testing.T) {
	m := tinyModel()
	m["operations"].(map[string]any)["Other"] = map[string]any{"input": map[string]any{"shape": "BothRequest"}}
	if _, err := (gen{pkg: "api"}).operations(m); err == nil || !strings.Contains(err.Error(), "share the input shape") {
		t.Fatalf("err = %v, want a shared-input error", err)
	}
}
