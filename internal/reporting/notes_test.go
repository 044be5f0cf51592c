package reporting

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/instance"
	"github.com/connect-local/connect-local/internal/metrics"
)

// An agent's events reach the history through its note with the profile
// the user has when each event happens, as SetAgent by ID records them:
// across a configuration change of the user, a load of the instance, and
// a new agent state for the same user.
func TestAgentNotesFollowProfileChangesAndLoads(t *testing.T) {
	t0 := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	st := instance.NewState(instance.Instance{ID: "i1"})
	st.Eng = engine.New(engine.Options{InstanceID: "i1"})
	st.Users = map[string]*instance.User{"u1": {ID: "u1", RoutingProfileID: "p1"}}
	st.Statuses = map[string]*instance.AgentStatus{"on": {ID: "on", Type: "ROUTABLE"}, "off": {ID: "off", Type: "OFFLINE"}}
	want := metrics.NewHistory(0)
	a := &engine.AgentState{UserID: "u1"}
	status := func(min int, statusID string) {
		a.StatusID = statusID
		at := t0.Add(time.Duration(min) * time.Minute)
		Observe(st, engine.Event{Time: at, Type: engine.EvAgentStatus, AgentID: "u1", Agent: a})
		class := metrics.ClassIdle
		if statusID == "off" {
			class = metrics.ClassOffline
		}
		profile := ""
		if u := st.Users["u1"]; u != nil {
			profile = u.RoutingProfileID
		}
		want.SetAgent(at, "u1", profile, class)
	}
	status(0, "on")
	status(7, "on")
	// The user moves to p2 in a configuration commit.
	st.Users["u1"] = &instance.User{ID: "u1", RoutingProfileID: "p2"}
	st.ConfigGen++
	status(12, "on")
	status(20, "off")
	// A load replaces the user without moving the generation.
	st.Users["u1"] = &instance.User{ID: "u1", RoutingProfileID: "p3"}
	NoteLoaded(st)
	status(26, "on")
	// A new agent state for the user (a reload of the engine).
	a = &engine.AgentState{UserID: "u1"}
	status(33, "off")
	if got, w := records(of(st).hist), records(want); got != w {
		t.Fatalf("records:\n got %s\nwant %s", got, w)
	}
	if !strings.Contains(records(want), "p3") {
		t.Fatal("the sample never recorded the last profile")
	}
}

// records spells out a history's changes in key order.
func records(h *metrics.History) string {
	var out []string
	for _, r := range h.Changes() {
		out = append(out, r.Key+" "+string(r.Value))
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}
