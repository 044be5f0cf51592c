package flowres

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/connect-local/connect-local/internal/instance"
)

// What a contact runs (docs/flows.md#versions-and-aliases): a flow or
// module reference is an ID or ARN, optionally qualified after a ':' in
// its resource part. No qualifier or ":$SAVED" names the current
// content; ":N" names version N; for a module, any other qualifier names
// an alias (by name or ID), which runs the version the alias names.

// splitQualifier splits a reference into the ID or ARN and the qualifier
// after the last ':' of its resource part ("" when there is none).
func splitQualifier(ref string) (base, qual string) {
	start := 0
	if strings.HasPrefix(ref, "arn:") {
		// arn:partition:service:region:account:resource
		n := 0
		for i := 0; i < len(ref) && n < 5; i++ {
			if ref[i] == ':' {
				n++
				start = i + 1
			}
		}
		if n < 5 {
			return ref, ""
		}
	}
	i := strings.LastIndexByte(ref[start:], ':')
	if i < 0 {
		return ref, ""
	}
	return ref[:start+i], ref[start+i+1:]
}

// versionNumber reads a version qualifier (a positive integer).
func versionNumber(q string) (int64, bool) {
	n, err := strconv.ParseInt(q, 10, 64)
	return n, err == nil && n >= 1 && q[0] != '+'
}

// runnableFlow finds the flow a reference names and the content it runs;
// version is 0 for the current content. The caller holds st.Mu.
func runnableFlow(sc instance.Scope, st *instance.State, ref string) (f *instance.ContactFlow, content string, version int64, err error) {
	base, q := splitQualifier(ref)
	if q == "" || q == "$SAVED" {
		f, err := flows.Of(sc, st, ref)
		if err != nil {
			return nil, "", 0, err
		}
		return f, f.Content, 0, nil
	}
	f, err = flows.Of(sc, st, base)
	if err != nil {
		return nil, "", 0, err
	}
	n, ok := versionNumber(q)
	v := of(st).versions[versionKey("flow", f.ID, n)]
	if !ok || v == nil {
		return nil, "", 0, instance.NotFound("Flow version not found: %s", ref)
	}
	return f, v.Content, n, nil
}

// RunnableFlow is the flow a reference (ID or ARN, with ":$SAVED" or a
// version ":N") names and the content a contact runs: a version's content
// for a version, else the flow's current content. The caller holds st.Mu.
func RunnableFlow(sc instance.Scope, st *instance.State, ref string) (f *instance.ContactFlow, content string, version int64, err error) {
	return runnableFlow(sc, st, ref)
}

// FlowRef checks that a reference names a flow (or a version of one) of
// st and answers it as the contact keeps it: the flow's ID, with ":N"
// for a version. The caller holds st.Mu.
func FlowRef(sc instance.Scope, st *instance.State, ref string) (string, error) {
	f, _, n, err := runnableFlow(sc, st, ref)
	if err != nil {
		return "", err
	}
	if n > 0 {
		return fmt.Sprintf("%s:%d", f.ID, n), nil
	}
	return f.ID, nil
}

// moduleContent is the content an InvokeFlowModule runs for a module
// reference, and the module's ID. An archived module does not run.
func (s *FlowRes) moduleContent(st *instance.State, ref string) (content, id string, err error) {
	base, q := splitQualifier(ref)
	if q == "$SAVED" {
		q = ""
	}
	m, err := s.moduleOf(st.Scope, st, base)
	if err != nil {
		return "", "", err
	}
	if m.State == instance.FlowArchived {
		return "", "", instance.InvalidRequest("Flow module %s is archived.", m.Name)
	}
	if q == "" {
		return m.Content, m.ID, nil
	}
	n, ok := versionNumber(q)
	if !ok {
		for _, a := range of(st).aliases {
			if a.ModuleID == m.ID && (a.ID == q || a.Name == q) {
				n, ok = a.Version, true
				break
			}
		}
		if !ok {
			return "", "", instance.NotFound("Flow module alias not found: %s", ref)
		}
	}
	v := of(st).versions[versionKey("module", m.ID, n)]
	if v == nil {
		return "", "", instance.NotFound("Flow module version not found: %s", ref)
	}
	return v.Content, m.ID, nil
}
