package simulation

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/scenario"
)

func TestSampleMeans(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	d := func(s float64) scenario.Duration { return scenario.Duration(seconds(s)) }
	for _, c := range []struct {
		dist     scenario.Dist
		mean, sd float64
	}{
		{scenario.Dist{Kind: scenario.DistFixed, Value: d(90)}, 90, 0},
		{scenario.Dist{Kind: scenario.DistExponential, Mean: d(240)}, 240, 240},
		{scenario.Dist{Kind: scenario.DistLognormal, Mean: d(300), SD: d(120)}, 300, 120},
		{scenario.Dist{Kind: scenario.DistEmpirical, Values: []scenario.Duration{d(60), d(120), d(300)}}, 160, math.Sqrt((100*100 + 40*40 + 140*140) / 3.0)},
	} {
		const n = 200_000
		var sum, ss float64
		for i := 0; i < n; i++ {
			x := sample(&c.dist, r).Seconds()
			sum += x
			ss += x * x
		}
		mean := sum / n
		sd := math.Sqrt(ss/n - mean*mean)
		if math.Abs(mean-c.mean) > 0.01*c.mean || math.Abs(sd-c.sd) > 0.02*c.mean {
			t.Errorf("%s: mean %.1f sd %.1f, want %.1f and %.1f", c.dist.Kind, mean, sd, c.mean, c.sd)
		}
	}
}

// A piecewise schedule gives each period its own count, and the daily
// schedule wraps: before its first change the last rate applies.
func TestPoissonSchedule(t *testing.T) {
	ct := &scenario.ContactType{Arrivals: scenario.Arrivals{Schedule: []scenario.RateChange{
		{From: scenario.TimeOfDay(6 * time.Hour), PerHour: 600},
		{From: scenario.TimeOfDay(18 * time.Hour), PerHour: 60},
	}}}
	a := newArrivals(ct, rand.New(rand.NewPCG(3, 4)))
	days := 20
	var night, day int
	for {
		off, ok := a.next(time.Duration(days) * 24 * time.Hour)
		if !ok {
			break
		}
		if h := off % (24 * time.Hour); h >= 6*time.Hour && h < 18*time.Hour {
			day++
		} else {
			night++
		}
	}
	wantDay, wantNight := float64(days*12*600), float64(days*12*60)
	if math.Abs(float64(day)-wantDay) > 4*math.Sqrt(wantDay) || math.Abs(float64(night)-wantNight) > 4*math.Sqrt(wantNight) {
		t.Errorf("day %d (want %.0f), night %d (want %.0f)", day, wantDay, night, wantNight)
	}
}

func TestTraceArrivals(t *testing.T) {
	sc, err := scenario.Parse([]byte(`
instance: {alias: x}
workload:
  duration: 1h
  contact_types:
    - {name: c, queue: BasicQueue, arrivals: {trace: t.txt}, handle_time: 1m}
`), "t.yaml", scenario.FilesFrom(map[string][]byte{"t.txt": []byte("10\n20\n3599\n3600\n7200\n")}))
	if err != nil {
		t.Fatal(err)
	}
	a := newArrivals(&sc.Workload.ContactTypes[0], nil)
	var got []time.Duration
	for {
		off, ok := a.next(time.Hour)
		if !ok {
			break
		}
		got = append(got, off)
	}
	if len(got) != 3 || got[2] != 3599*time.Second {
		t.Errorf("trace arrivals within the hour: %v", got)
	}
}
