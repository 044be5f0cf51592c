package handler

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/connect-local/connect-local/internal/model"
)

// operationsDoc is the generated list of implemented operations.
const operationsDoc = "../../docs/operations.md"

// familyTitles names the family each handler file holds. A file missing
// here is listed under its file name.
var familyTitles = map[string]string{
	"instances.go":        "Instances",
	"hours.go":            "Hours of operation",
	"queues.go":           "Queues",
	"agentstatuses.go":    "Agent statuses",
	"securityprofiles.go": "Security profiles",
	"tags.go":             "Tags",
	"routingprofiles.go":  "Routing profiles",
	"users.go":            "Users",
	"hierarchy.go":        "User hierarchy",
	"contacts.go":         "Contacts",
	"agents.go":           "Agents (status and current data)",
	"quickconnects.go":    "Quick connects",
	"predefined.go":       "Predefined attributes",
	"proficiencies.go":    "User proficiencies",
	"flows.go":            "Contact flows",
	"instanceattrs.go":    "Instance attributes and approved origins",
	"phonenumbers.go":     "Phone numbers",
	"vocabularies.go":     "Vocabularies",
	"search.go":           "Contact search",
	"resourcesearch.go":   "Resource search",
	"metrics.go":          "Metrics",
	"storageconfigs.go":   "Storage configs",
	"tasktemplates.go":    "Task templates",
	"views.go":            "Views",
	"rules.go":            "Rules (stored only)",
	"contactextras.go":    "Contact recording, references, federation tokens and tag search",
	"contactfacing.go":    "Contact tags, task pauses and entity security profiles",
	"trafficdist.go":      "Traffic distribution groups (stored only: no replication)",
	"integrations.go":     "Integrations, use cases, security keys, authentication profiles (stored only)",
}

// family is one handler file's operations.
type family struct {
	file string
	ops  []string
}

// routeFamilies reads the handler sources: the order in which Operations
// calls the x...Routes(o) functions, and the operations each registers (the
// o.Name assignments to api.Operations fields), by file.
func routeFamilies(t *testing.T) []family {
	t.Helper()
	fset := token.NewFileSet()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fileOf := map[string]string{}  // routes func → file
	opsOf := map[string][]string{} // routes func → operations
	var order []string             // routes funcs, in the order Operations calls them
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Body == nil {
				continue
			}
			if fn.Name.Name == "Operations" {
				ast.Inspect(fn.Body, func(n ast.Node) bool {
					if c, ok := n.(*ast.CallExpr); ok {
						if sel, ok := c.Fun.(*ast.SelectorExpr); ok && strings.HasSuffix(sel.Sel.Name, "Routes") {
							order = append(order, sel.Sel.Name)
						}
					}
					return true
				})
				continue
			}
			if !strings.HasSuffix(fn.Name.Name, "Routes") || fn.Name.Name == "Routes" {
				continue
			}
			fileOf[fn.Name.Name] = p
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				a, ok := n.(*ast.AssignStmt)
				if !ok || len(a.Lhs) != 1 {
					return true
				}
				sel, ok := a.Lhs[0].(*ast.SelectorExpr)
				if !ok {
					t.Errorf("%s: %s assigns something other than an api.Operations field", fset.Position(a.Pos()), fn.Name.Name)
					return true
				}
				name := sel.Sel.Name
				opsOf[fn.Name.Name] = append(opsOf[fn.Name.Name], name)
				return true
			})
		}
	}
	var out []family
	for _, fn := range order {
		file, ok := fileOf[fn]
		if !ok {
			t.Fatalf("Operations calls %s, which no handler file declares", fn)
		}
		ops := slices.Clone(opsOf[fn])
		sort.Strings(ops)
		out = append(out, family{file: file, ops: ops})
	}
	return out
}

// renderOperations writes the markdown for the families against the model.
func renderOperations(m *model.Model, fams []family) []byte {
	var b bytes.Buffer
	implemented := 0
	for _, f := range fams {
		implemented += len(f.ops)
	}
	total := len(m.Operations)
	fmt.Fprintf(&b, "# Implemented operations\n\n")
	fmt.Fprintf(&b, "<!-- Generated from the handler route table and the service model by\n")
	fmt.Fprintf(&b, "     internal/handler/operations_doc_test.go. Do not edit; regenerate with\n")
	fmt.Fprintf(&b, "     UPDATE_DOCS=1 go test ./internal/handler -run TestOperationsDoc -->\n\n")
	fmt.Fprintf(&b, "connect-local implements **%d of the %d operations** in the Amazon Connect\n", implemented, total)
	fmt.Fprintf(&b, "service model (%.0f%%). Every other operation is routed too and answers\n", 100*float64(implemented)/float64(total))
	fmt.Fprintf(&b, "HTTP 501 `NotImplementedException` with a message that names it.\n\n")
	fmt.Fprintf(&b, "Families follow the handler files in `internal/handler/`.\n\n")
	fmt.Fprintf(&b, "| Family | Handler file | Operations |\n|---|---|---:|\n")
	for _, f := range fams {
		fmt.Fprintf(&b, "| [%s](#%s) | `%s` | %d |\n", title(f.file), anchor(title(f.file)), f.file, len(f.ops))
	}
	fmt.Fprintf(&b, "| **Total** | | **%d** |\n", implemented)
	for _, f := range fams {
		fmt.Fprintf(&b, "\n## %s\n\n| Operation | HTTP |\n|---|---|\n", title(f.file))
		for _, name := range f.ops {
			op := m.Operations[name]
			fmt.Fprintf(&b, "| `%s` | `%s %s` |\n", name, op.Method, op.RequestURI)
		}
	}
	return b.Bytes()
}

func title(file string) string {
	if t, ok := familyTitles[file]; ok {
		return t
	}
	return file
}

// anchor is GitHub's heading anchor for s.
func anchor(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	return b.String()
}

// TestOperationsDoc keeps docs/operations.md equal to what the route table
// implements; UPDATE_DOCS=1 rewrites it.
func TestOperationsDoc(t *testing.T) {
	m := model.MustLoad()
	fams := routeFamilies(t)

	// The sources and the live route table must agree, name for name.
	routes := New(nil).Routes()
	seen := map[string]string{}
	for _, f := range fams {
		for _, name := range f.ops {
			if prev, dup := seen[name]; dup {
				t.Errorf("%s is registered in %s and %s", name, prev, f.file)
			}
			seen[name] = f.file
			if _, ok := routes[name]; !ok {
				t.Errorf("%s (%s) is not in the route table", name, f.file)
			}
			if _, ok := m.Operations[name]; !ok {
				t.Errorf("%s (%s) is not an operation of the model", name, f.file)
			}
		}
	}
	for name := range routes {
		if _, ok := seen[name]; !ok {
			t.Errorf("route %s is registered outside every x...Routes function", name)
		}
	}
	if t.Failed() {
		return
	}

	want := renderOperations(m, fams)
	if os.Getenv("UPDATE_DOCS") != "" {
		if err := os.WriteFile(operationsDoc, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(operationsDoc)
	if err != nil {
		t.Fatalf("%v; generate it with UPDATE_DOCS=1 go test ./internal/handler -run TestOperationsDoc", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("docs/operations.md is stale; regenerate it with UPDATE_DOCS=1 go test ./internal/handler -run TestOperationsDoc")
	}
}
