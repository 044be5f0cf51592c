package testcase

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/connect-local/connect-local/internal/flow"
	"github.com/connect-local/connect-local/internal/invoke"
)

// FileWorld is the world of `connect-local test`: flows read from a
// directory of exported flow files (NAME.json, one flow each, named by
// NAME), every queue existing with room, every hours open, every metric 0,
// and Lambda and Lex reached through optional clients
// (docs/testing.md#connect-local-test).
type FileWorld struct {
	Flows  map[string]*flow.Flow
	Lambda *invoke.Client
	Lex    *invoke.Client
}

// LoadFlows reads every *.json file of dir as a flow. Modules are flows
// too: InvokeFlowModule names one by its file name.
func LoadFlows(dir string) (map[string]*flow.Flow, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no flow files (*.json) in %s", dir)
	}
	sort.Strings(names)
	out := map[string]*flow.Flow{}
	var problems []string
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		f, err := flow.Parse(string(b))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", n, err))
			continue
		}
		out[strings.TrimSuffix(filepath.Base(n), ".json")] = f
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return out, nil
}

func lastSegment(s string) string {
	if i := strings.LastIndexAny(s, "/:"); i >= 0 {
		return s[i+1:]
	}
	return s
}

// Queue: every queue exists, named by its ID.
func (w *FileWorld) Queue(q flow.QueueRef) flow.QueueInfo {
	id := lastSegment(q.ID)
	return flow.QueueInfo{ID: id, Exists: id != "", ARN: q.ID, Name: id}
}

// Flow finds a flow by file name, or by an ID or ARN ending in it.
func (w *FileWorld) Flow(id string, module bool) (*flow.Flow, string, error) {
	if f := w.Flows[id]; f != nil {
		return f, id, nil
	}
	if f := w.Flows[lastSegment(id)]; f != nil {
		return f, lastSegment(id), nil
	}
	return nil, "", fmt.Errorf("no flow file %s.json", lastSegment(id))
}

// InHours: every hours is open.
func (w *FileWorld) InHours(hours, queueID string, now time.Time) (bool, error) { return true, nil }

// Metric: every metric is 0.
func (w *FileWorld) Metric(queueID, metric string) (float64, error) { return 0, nil }

// InvokeLambda invokes the function through the Lambda client.
func (w *FileWorld) InvokeLambda(arn string, payload []byte, timeout time.Duration) ([]byte, error) {
	if !w.Lambda.Configured() {
		return nil, invoke.ErrNoEndpoint
	}
	return w.Lambda.Invoke(context.Background(), arn, payload, timeout)
}

// Recognize sends text to the bot through the Lex client.
func (w *FileWorld) Recognize(alias, locale, session, text string, attrs map[string]string) (*flow.LexResult, error) {
	return LexThrough(w.Lex, alias, locale, session, text, attrs)
}

// LexThrough calls a bot through c and converts its answer.
func LexThrough(c *invoke.Client, alias, locale, session, text string, attrs map[string]string) (*flow.LexResult, error) {
	if !c.Configured() {
		return nil, invoke.ErrNoEndpoint
	}
	a, err := c.Recognize(context.Background(), alias, locale, session, text, attrs, 10*time.Second)
	if err != nil {
		return nil, err
	}
	return &flow.LexResult{IntentName: a.IntentName, Slots: a.Slots, SessionAttributes: a.SessionAttributes, Sentiment: a.Sentiment}, nil
}
