package engine

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"
)

// The stored contact records of testdata/contacts-805dc9d.jsonl were
// written by main at 805dc9d (every field set, and a bare one). A record
// loads, and writes back the very same bytes: a data dir written by older
// code stays readable, and older code can read what this one writes.
func TestStoredContactRecordRoundTrips(t *testing.T) {
	f, err := os.Open("testdata/contacts-805dc9d.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	base := "arn:aws:connect:us-east-1:111111111111:instance/i-1/contact/"
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		line := bytes.Clone(sc.Bytes())
		var c Contact
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatal(err)
		}
		c.SetARNBase(&base)
		var stored struct{ ARN string }
		if err := json.Unmarshal(line, &stored); err != nil {
			t.Fatal(err)
		}
		if c.ARN() != stored.ARN {
			t.Errorf("%s: ARN %q, the record says %q", c.ID, c.ARN(), stored.ARN)
		}
		got, err := json.Marshal(&c)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, line) {
			t.Errorf("%s: written back as\n%s\nwant\n%s", c.ID, got, line)
		}
		n++
	}
	if n != 2 {
		t.Fatalf("%d records, want 2", n)
	}
}

// The timestamps load as the instants the record names.
func TestStoredContactTimes(t *testing.T) {
	b, err := os.ReadFile("testdata/contacts-805dc9d.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var c Contact
	if err := json.Unmarshal(b[:bytes.IndexByte(b, '\n')], &c); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 2, 9, 30, 15, 123456789, time.UTC)
	for _, x := range []struct {
		name string
		got  time.Time
		want time.Duration
	}{
		{"initiation", c.InitiationTimestamp.Time(), 0},
		{"enqueue", c.EnqueueTimestamp.Time(), 3 * time.Second},
		{"acw end", c.ACWEnd.Time(), 100 * time.Second},
		{"step expiry", c.Criteria.Steps[0].ExpiryTimestamp.Time(), 48 * time.Second},
	} {
		if !x.got.Equal(t0.Add(x.want)) {
			t.Errorf("%s: %v, want %v", x.name, x.got, t0.Add(x.want))
		}
	}
	if !c.ScheduledTimestamp.Time().Equal(t0.Add(time.Second)) || c.ACWStart.Sub(c.ConnectedToAgentTimestamp) != 58*time.Second {
		t.Errorf("scheduled %v, talk %v", c.ScheduledTimestamp, c.ACWStart.Sub(c.ConnectedToAgentTimestamp))
	}
}
