package invoke

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
)

func TestInvoke(t *testing.T) {
	var gotPath, gotAuth, gotType string
	var gotBody map[string]any
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotAuth, gotType = r.URL.EscapedPath(), r.Header.Get("Authorization"), r.Header.Get("X-Amz-Invocation-Type")
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &gotBody)
		switch {
		case strings.Contains(gotPath, "broken"):
			w.Header().Set("X-Amz-Function-Error", "Unhandled")
			_, _ = w.Write([]byte(`{"errorMessage":"boom"}`))
		case strings.Contains(gotPath, "missing"):
			w.Header().Set("X-Amzn-ErrorType", "ResourceNotFoundException")
			w.WriteHeader(404)
		case strings.Contains(gotPath, "slow"):
			<-block
		default:
			_, _ = w.Write([]byte(`{"tier":"gold"}`))
		}
	}))
	defer srv.Close()
	defer close(block)
	c := New(Options{Endpoint: srv.URL, Wall: clock.NewVirtual(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))})
	arn := "arn:aws:lambda:us-west-2:111111111111:function:lookup"
	out, err := c.Invoke(context.Background(), arn, []byte(`{"Name":"ContactFlowEvent"}`), time.Second)
	if err != nil || string(out) != `{"tier":"gold"}` {
		t.Fatalf("Invoke = %s, %v", out, err)
	}
	if gotPath != "/2015-03-31/functions/arn:aws:lambda:us-west-2:111111111111:function:lookup/invocations" {
		t.Errorf("path %s", gotPath)
	}
	if !strings.Contains(gotAuth, "Credential=test/20260102/us-west-2/lambda/aws4_request") || gotType != "RequestResponse" || gotBody["Name"] != "ContactFlowEvent" {
		t.Errorf("auth %q type %q body %v", gotAuth, gotType, gotBody)
	}
	for _, fn := range []string{"broken", "missing"} {
		if _, err := c.Invoke(context.Background(), "arn:aws:lambda:us-east-1:1:function:"+fn, []byte(`{}`), time.Second); err == nil {
			t.Errorf("%s: no error", fn)
		}
	}
	if _, err := c.Invoke(context.Background(), "arn:aws:lambda:us-east-1:1:function:slow", []byte(`{}`), 50*time.Millisecond); err == nil || !strings.Contains(err.Error(), "no answer within") {
		t.Errorf("timeout: %v", err)
	}
	if _, err := New(Options{}).Invoke(context.Background(), arn, nil, time.Second); err != ErrNoEndpoint {
		t.Errorf("no endpoint: %v", err)
	}
}

func TestRecognize(t *testing.T) {
	var gotPath string
	var gotBody struct {
		Text         string
		SessionState struct{ SessionAttributes map[string]string }
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath = r.URL.Path
		_ = json.NewDecoder(r.Body).Decode(&gotBody)
		_, _ = w.Write([]byte(`{"sessionState":{"intent":{"name":"CheckBalance","slots":{"account":{"value":{"originalValue":"one two","interpretedValue":"12"}},"empty":null}},
			"sessionAttributes":{"k":"v"}},"interpretations":[{"sentimentResponse":{"sentiment":"POSITIVE"}}],"messages":[{"content":"Sure."}]}`))
	}))
	defer srv.Close()
	c := New(Options{Endpoint: srv.URL})
	a, err := c.Recognize(context.Background(), "arn:aws:lex:eu-west-1:111111111111:bot-alias/BOT1/ALIAS1", "en_GB", "c-1", "balance please", map[string]string{"a": "b"}, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if gotPath != "/bots/BOT1/botAliases/ALIAS1/botLocales/en_GB/sessions/c-1/text" || gotBody.Text != "balance please" || gotBody.SessionState.SessionAttributes["a"] != "b" {
		t.Errorf("request %s %+v", gotPath, gotBody)
	}
	if a.IntentName != "CheckBalance" || a.Slots["account"] != "12" || len(a.Slots) != 1 || a.SessionAttributes["k"] != "v" || a.Sentiment != "POSITIVE" || a.Messages[0] != "Sure." {
		t.Errorf("answer %+v", a)
	}
	if _, err := c.Recognize(context.Background(), "arn:aws:lex:eu-west-1:1:bot/BOT1", "", "c", "x", nil, time.Second); err == nil {
		t.Error("accepted a bot ARN that is not an alias")
	}
}
