package reporting

import (
	"math/rand/v2"
	"testing"

	"github.com/connect-local/connect-local/internal/engine"
	"github.com/connect-local/connect-local/internal/metrics"
)

// classify must answer as metrics.Classify over the same connections,
// whatever their number, states and order.
func TestClassifyIsMetricsClassify(t *testing.T) {
	states := []string{engine.ConnConnecting, engine.ConnConnected, engine.ConnOnHold, engine.ConnEnded,
		engine.ConnMissed, engine.ConnRejected, engine.ConnError, ""}
	types := []string{"ROUTABLE", "OFFLINE", "CUSTOM", ""}
	r := rand.New(rand.NewPCG(7, 9))
	for range 5000 {
		typ := types[r.IntN(len(types))]
		conns := map[string]*engine.Connection{}
		var list []metrics.Conn
		for i := range r.IntN(5) {
			cn := &engine.Connection{ContactID: string(rune('a' + i)), Channel: "CHAT", State: states[r.IntN(len(states))]}
			conns[cn.ContactID] = cn
			list = append(list, metrics.Conn{Channel: cn.Channel, State: cn.State})
		}
		if got, want := classify(typ, conns), metrics.Classify(typ, list); got != want {
			t.Fatalf("%s %v: classify %v, Classify %v", typ, list, got, want)
		}
	}
}
