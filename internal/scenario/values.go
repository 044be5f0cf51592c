package scenario

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Duration is a length of time written as a Go duration (90s, 4m30s, 1h)
// or a bare number of seconds.
type Duration time.Duration

// D is the duration as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := parseDuration(n)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

func parseDuration(n *yaml.Node) (time.Duration, error) {
	if n.Kind != yaml.ScalarNode {
		return 0, fmt.Errorf("line %d: want a duration such as 90s, 4m30s or 1h", n.Line)
	}
	if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
		return time.Duration(f * float64(time.Second)), nil
	}
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return 0, fmt.Errorf("line %d: %q is not a duration (want e.g. 90s, 4m30s, 1h, or seconds)", n.Line, n.Value)
	}
	return v, nil
}

// TimeOfDay is an offset from the start of the run written HH:MM or
// HH:MM:SS; hours may pass 24 for a run longer than a day.
type TimeOfDay time.Duration

// D is the offset as a time.Duration.
func (t TimeOfDay) D() time.Duration { return time.Duration(t) }

func (t TimeOfDay) String() string {
	d := time.Duration(t)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	if s != 0 {
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%02d:%02d", h, m)
}

func (t *TimeOfDay) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseTimeOfDay(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		return fmt.Errorf("line %d: %q is not a time of day (want HH:MM or HH:MM:SS)", n.Line, n.Value)
	}
	*t = v
	return nil
}

func (t TimeOfDay) MarshalYAML() (any, error) { return t.String(), nil }

// ParseTimeOfDay reads HH:MM or HH:MM:SS.
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("bad time of day %q", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || len(p) > 3 || (i > 0 && (v > 59 || len(p) != 2)) {
			return 0, fmt.Errorf("bad time of day %q", s)
		}
		n[i] = v
	}
	return TimeOfDay(time.Duration(n[0])*time.Hour + time.Duration(n[1])*time.Minute + time.Duration(n[2])*time.Second), nil
}

// FlowContent is flow-language JSON, written as a string (usually a YAML
// block scalar) or as a YAML mapping, which is turned into JSON.
type FlowContent string

func (c *FlowContent) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*c = FlowContent(n.Value)
		return nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("line %d: flow content cannot be turned into JSON: %v", n.Line, err)
	}
	*c = FlowContent(b)
	return nil
}

func (d *Dist) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		v, err := parseDuration(n)
		if err != nil {
			return err
		}
		*d = Dist{Kind: DistFixed, Value: Duration(v)}
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: want a distribution such as {dist: exponential, mean: 4m} or a duration", n.Line)
	}
	// Node.Decode is not strict about unknown fields: check them here.
	for i := 0; i < len(n.Content); i += 2 {
		switch k := n.Content[i].Value; k {
		case "dist", "value", "mean", "sd", "values":
		default:
			return fmt.Errorf("line %d: field %s not found in a distribution (want dist, value, mean, sd, values)", n.Content[i].Line, k)
		}
	}
	type plain Dist
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*d = Dist(p)
	return nil
}

// MeanDuration is the distribution's mean.
func (d Dist) MeanDuration() time.Duration {
	switch d.Kind {
	case DistFixed:
		return d.Value.D()
	case DistEmpirical:
		if len(d.Values) == 0 {
			return 0
		}
		var sum time.Duration
		for _, v := range d.Values {
			sum += v.D()
		}
		return sum / time.Duration(len(d.Values))
	}
	return d.Mean.D()
}
