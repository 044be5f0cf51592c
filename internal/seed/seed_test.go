package seed

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/scenario"
	"github.com/connect-local/connect-local/internal/service"
	"github.com/connect-local/connect-local/internal/storage"
)

func open(t *testing.T, st storage.Store) *service.Service {
	t.Helper()
	svc, err := service.New(service.Options{Store: st, Clock: clock.NewVirtual(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// Seeding twice, across a restart over the same store, creates everything
// once and then nothing.
func TestApplyIsIdempotentAcrossRestarts(t *testing.T) {
	sc, err := scenario.Load("../../examples/multi-skill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st := storage.NewMemory()
	first, err := Apply(open(t, st), DefaultScope, sc)
	if err != nil {
		t.Fatal(err)
	}
	// instance, 2 queues, 2 statuses, 2 attributes, 2 profiles, 1 flow + 3
	// generated, 46 users.
	if want := 1 + 2 + 2 + 2 + 2 + 4 + 46; first.Created != want {
		t.Errorf("first seed created %d, want %d", first.Created, want)
	}
	svc := open(t, st)
	again, err := Apply(svc, DefaultScope, sc)
	if err != nil {
		t.Fatal(err)
	}
	if again.Created != 0 || again.InstanceID != first.InstanceID || again.UserID("fr-3") != first.UserID("fr-3") {
		t.Errorf("re-seed created %d (instance %s vs %s)", again.Created, again.InstanceID, first.InstanceID)
	}
	users, err := svc.ListUsers(DefaultScope, again.InstanceID, service.PageRequest{MaxResults: 1000})
	if err != nil || users.Total != 46 {
		t.Fatalf("users: %d, %v", users.Total, err)
	}
	u, err := svc.DescribeUser(DefaultScope, again.InstanceID, again.UserID("fr-1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Proficiencies) != 2 || u.RoutingProfileID != again.ProfileID("Generalist") || !u.PhoneConfig.AutoAccept {
		t.Errorf("fr-1: %+v", u)
	}
	rp, err := svc.DescribeRoutingProfile(DefaultScope, again.InstanceID, again.ProfileID("Generalist"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rp.QueueConfigs) != 3 || rp.QueueConfigs[2].Delay != 60 || len(rp.MediaConcurrencies) != 2 || rp.MediaConcurrencies[1].CrossChannelBehavior != "ROUTE_ANY_CHANNEL" {
		t.Errorf("Generalist: %+v", rp.RoutingProfile)
	}
}

// A partly seeded instance gets only what it lacks.
func TestApplyCreatesWhatIsMissing(t *testing.T) {
	sc, err := scenario.Load("../../examples/single-queue.yaml")
	if err != nil {
		t.Fatal(err)
	}
	svc := open(t, storage.NewMemory())
	first, err := Apply(svc, DefaultScope, sc)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.DeleteUser(DefaultScope, first.InstanceID, first.UserID("agent-5")); err != nil {
		t.Fatal(err)
	}
	again, err := Apply(svc, DefaultScope, sc)
	if err != nil {
		t.Fatal(err)
	}
	if again.Created != 1 || again.UserID("agent-5") == first.UserID("agent-5") {
		t.Errorf("re-seed after a deletion created %d", again.Created)
	}
}

func TestQuotasFitTheSetup(t *testing.T) {
	sc := &scenario.Scenario{Setup: scenario.Setup{Users: []scenario.UserGroup{{Count: 600}, {Count: 1}}}}
	q := Quotas(sc, service.Quotas{})
	if q.UsersPerInstance != 601 || q.QueuesPerInstance != 0 {
		t.Errorf("quotas %+v", q)
	}
	if q := Quotas(&scenario.Scenario{}, service.Quotas{UsersPerInstance: 900}); q.UsersPerInstance != 900 {
		t.Errorf("a quota above the need is kept: %+v", q)
	}
}
