package engine

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/connect-local/connect-local/internal/routing"
	"pgregory.net/rapid"
)

// passedOver keeps the same agents' views, in the same order, as the
// simple version that looks every agent up by ID and builds every
// unavailable agent's view anew, after every operation of generated days
// (statuses, offers, actions, configuration changes).
func TestPassedOverAgainstSimpleVersion(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDay(t)
		checks := 0
		d.afterOp = func(e *Engine) {
			if !e.configSeen || e.configGen != e.cfg.Generation() || len(e.availDirty) > 0 {
				return // passedOver runs in a pass, after refreshConfig and updateAvail
			}
			for q := range 3 {
				queueID := fmt.Sprintf("q%d", q)
				for i := -1; i < len(d.agents); i++ {
					chosen := ""
					if i >= 0 {
						chosen = fmt.Sprintf("a%d", i)
					}
					var r decisionRec
					e.passedOver(&r, queueID, chosen)
					got := slices.Clone(r.agents)
					for _, ra := range r.kept {
						got = append(got, *ra)
					}
					want, wantProfs := simplePassedOver(e, queueID, chosen)
					if !reflect.DeepEqual(got, want) || !slices.Equal(r.profiles, wantProfs) {
						t.Fatalf("queue %s, chosen %q: passed over\n%+v\nwant\n%+v", queueID, chosen, got, want)
					}
					checks++
				}
			}
		}
		d.run(false)
		if checks == 0 {
			t.Skip("no check")
		}
	})
}

// simplePassedOver is passedOver without its caches.
func simplePassedOver(e *Engine, queueID, chosen string) ([]routing.Agent, []*routing.Profile) {
	const most, look = 20, 64
	var agents []routing.Agent
	var profs []*routing.Profile
	profiles := e.queueProfiles[queueID]
	for _, p := range profiles {
		set := e.availByProfile[p]
		if set == nil {
			continue
		}
		for _, ra := range set.list {
			if len(agents) >= most {
				break
			}
			if ra.ID != chosen {
				agents = append(agents, *ra)
				profs = append(profs, e.cfg.Profile(p).Routing)
			}
		}
	}
	n := 0
	for _, p := range profiles {
		var ids []string
		e.cfg.EachAgent(func(u *Agent) bool {
			if u.ProfileID == p {
				ids = append(ids, u.ID)
			}
			return true
		})
		slices.Sort(ids)
		for _, id := range ids {
			if len(agents) >= most || n >= look {
				return agents, profs
			}
			n++
			if id == chosen || e.avail[id] != nil {
				continue
			}
			u := e.cfg.Agent(id)
			ra := routing.Agent{ID: u.ID, ProfileID: u.ProfileID, Proficiencies: u.Proficiencies, Levels: u.Levels}
			if a := e.agents[id]; a != nil {
				ra.Routable = e.routable(a)
				for _, cn := range a.Connections {
					if cn.Blocks() {
						ra.Blocked = true
					}
					if cn.HoldsSlot() {
						if ra.Load == nil {
							ra.Load = map[string]int{}
						}
						ra.Load[cn.Channel]++
					}
				}
			}
			agents = append(agents, ra)
			profs = append(profs, e.cfg.Profile(p).Routing)
		}
	}
	return agents, profs
}
