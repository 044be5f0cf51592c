package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Error lists every problem found in a scenario, each with its line and
// field.
type Error struct {
	Problems []Problem
}

// Problem is one thing wrong with a scenario.
type Problem struct {
	File  string
	Line  int    // 0 when unknown
	Field string // e.g. setup.users[2].routing_profile
	Msg   string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteString(":" + strconv.Itoa(p.Line))
	}
	if p.Field != "" {
		b.WriteString(": " + p.Field)
	}
	return b.String() + ": " + p.Msg
}

// MaxProblems is the most problems one Error reports.
const MaxProblems = 30

func (e *Error) Error() string {
	lines := make([]string, 0, len(e.Problems))
	for _, p := range e.Problems {
		lines = append(lines, p.String())
	}
	return strings.Join(lines, "\n")
}

// Load reads a scenario file and the files it refers to (relative paths
// are relative to the scenario's directory).
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	return Parse(data, path, func(p string) ([]byte, error) {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		return os.ReadFile(p)
	})
}

// FilesFrom opens files from a map (a scenario sent with its files).
func FilesFrom(files map[string][]byte) func(string) ([]byte, error) {
	return func(p string) ([]byte, error) {
		if b, ok := files[p]; ok {
			return b, nil
		}
		return nil, fmt.Errorf("file %s was not sent with the scenario", p)
	}
}

// Parse reads a scenario from data; name labels messages and open reads the
// files the scenario refers to.
func Parse(data []byte, name string, open func(string) ([]byte, error)) (*Scenario, error) {
	sc := &Scenario{Name: name, Files: map[string][]byte{}}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(sc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Problems: []Problem{{File: name, Msg: "the file is empty"}}}
		}
		return nil, &Error{Problems: yamlProblems(name, err)}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &Error{Problems: yamlProblems(name, err)}
	}
	v := &validator{sc: sc, root: &root, open: open}
	v.validate()
	if len(v.problems) > 0 {
		return nil, &Error{Problems: v.problems}
	}
	return sc, nil
}

// yamlProblems splits the YAML decoder's message into one problem per line
// ("line N: ...").
func yamlProblems(name string, err error) []Problem {
	var out []Problem
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	for _, l := range strings.Split(msg, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l == "unmarshal errors:" {
			continue
		}
		p := Problem{File: name, Msg: l}
		if rest, ok := strings.CutPrefix(l, "line "); ok {
			if n, after, ok := strings.Cut(rest, ": "); ok {
				if line, err := strconv.Atoi(n); err == nil {
					p.Line, p.Msg = line, after
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// path is a field path: strings are mapping keys, ints sequence indexes.
type path []any

func (p path) String() string {
	var b strings.Builder
	for _, e := range p {
		switch e := e.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", e)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, e)
		}
	}
	return b.String()
}

func (p path) with(e ...any) path {
	return append(append(path(nil), p...), e...)
}

// lineOf finds the line of the deepest node of p present in the document.
func lineOf(root *yaml.Node, p path) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, e := range p {
		var next *yaml.Node
		switch e := e.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == e {
						next = n.Content[i+1]
						line = n.Content[i].Line
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && e < len(n.Content) {
				next = n.Content[e]
				line = next.Line
			}
		}
		if next == nil {
			return line
		}
		n = next
	}
	return line
}
