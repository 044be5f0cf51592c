// Package repo checks facts about the repository itself that no other test
// covers: the README's layout and documentation tables stay true as
// packages and pages are added.
package repo

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

const root = "../.."

// tableRows returns the first cell (a backticked path) of every row of the
// README table that follows the heading.
func tableRows(t *testing.T, readme, heading string) []string {
	t.Helper()
	_, rest, ok := strings.Cut(readme, "\n"+heading+"\n")
	if !ok {
		t.Fatalf("README has no %q section", heading)
	}
	if i := strings.Index(rest, "\n## "); i >= 0 {
		rest = rest[:i]
	}
	cell := regexp.MustCompile("^\\| `([^`]+)`")
	var out []string
	for _, line := range strings.Split(rest, "\n") {
		if m := cell.FindStringSubmatch(line); m != nil {
			for _, p := range strings.Split(m[1], "`, `") {
				out = append(out, p)
			}
		}
	}
	return out
}

func readme(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every package directory two levels deep (cmd/x, internal/x, test/x,
// bench/x) is in the layout table once, and every path the table names
// exists.
func TestReadmeLayoutTable(t *testing.T) {
	rows := tableRows(t, readme(t), "## Layout")
	seen := map[string]bool{}
	for _, p := range rows {
		if seen[p] {
			t.Errorf("layout table lists %s twice", p)
		}
		seen[p] = true
		if _, err := os.Stat(filepath.Join(root, p)); err != nil {
			t.Errorf("layout table lists %s, which does not exist", p)
		}
	}
	for _, top := range []string{"cmd", "internal", "test", "bench"} {
		ents, err := os.ReadDir(filepath.Join(root, top))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if !e.IsDir() || e.Name() == "testdata" {
				continue
			}
			p := top + "/" + e.Name()
			if !seen[p] {
				t.Errorf("layout table does not list %s", p)
			}
		}
	}
}

// Every page in docs/ is in the documentation table, and every page the
// table names exists.
func TestReadmeDocsTable(t *testing.T) {
	rows := tableRows(t, readme(t), "## Documentation")
	seen := map[string]bool{}
	for _, p := range rows {
		seen[p] = true
		if _, err := os.Stat(filepath.Join(root, p)); err != nil {
			t.Errorf("documentation table lists %s, which does not exist", p)
		}
	}
	pages, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	var missing []string
	for _, p := range pages {
		rel := "docs/" + filepath.Base(p)
		if !seen[rel] {
			missing = append(missing, rel)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("documentation table does not list %s", m)
	}
}
