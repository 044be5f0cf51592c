package main

import (
	"strings"
	"testing"
	"time"
)

// --clock-start sets where a virtual clock starts; it is refused, with a
// message naming both flags, on a real clock, and so is a time that is not
// RFC 3339. Its env twin is read the same way.
func TestClockStart(t *testing.T) {
	clk, err := newClock("virtual", "2024-03-04T07:30:00+01:00")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 3, 4, 6, 30, 0, 0, time.UTC); clk.Mode() != "virtual" || !clk.Now().Equal(want) {
		t.Fatalf("virtual clock from --clock-start: %s %v, want %v", clk.Mode(), clk.Now(), want)
	}
	if clk, err := newClock("virtual", ""); err != nil || clk.Now().Nanosecond() != 0 || clk.Now().Year() < 2025 {
		t.Fatalf("default virtual clock: %v %v", clk, err)
	}
	for _, c := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"--clock-start", "2024-01-01T00:00:00Z"}, "", "--clock-start \"2024-01-01T00:00:00Z\" needs --clock virtual"},
		{[]string{"--clock", "real"}, "2024-01-01T00:00:00Z", "needs --clock virtual"},
		{[]string{"--clock", "virtual", "--clock-start", "2024-01-01 08:00"}, "", "want an RFC 3339 time"},
		{[]string{"--clock", "virtual"}, "tomorrow", "--clock-start \"tomorrow\": want an RFC 3339 time"},
	} {
		t.Run(strings.Join(c.args, " ")+" "+c.env, func(t *testing.T) {
			if c.env != "" {
				t.Setenv("CONNECT_LOCAL_CLOCK_START", c.env)
			}
			err := serve(append(c.args, "--memory", "--addr", "127.0.0.1:0"))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("serve %v: %v, want an error containing %q", c.args, err, c.want)
			}
		})
	}
}
