package invoke

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/connect-local/connect-local/internal/clock"
)

// MaxAnswer bounds the bytes read from a function or bot (Lambda's
// synchronous response limit is 6 MB).
const MaxAnswer = 6 << 20

// Options configure a Client.
type Options struct {
	// Endpoint is the service's base URL ("" disables the client: every
	// call fails with ErrNoEndpoint).
	Endpoint string
	// Credentials sign requests (default: the key "test"/"test").
	Credentials aws.Credentials
	// Wall dates signatures (the wall clock, not a virtual one).
	Wall clock.Clock
	// HTTP is the transport (default: a client without its own timeout;
	// each call has one).
	HTTP *http.Client
}

// Client calls one service.
type Client struct {
	opts   Options
	signer *v4.Signer
}

// ErrNoEndpoint: the client has no endpoint configured.
var ErrNoEndpoint = errors.New("no endpoint is configured")

// New makes a client.
func New(opts Options) *Client {
	if opts.Credentials.AccessKeyID == "" {
		opts.Credentials = aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}
	}
	if opts.Wall == nil {
		opts.Wall = clock.Real{}
	}
	if opts.HTTP == nil {
		opts.HTTP = &http.Client{}
	}
	opts.Endpoint = strings.TrimRight(opts.Endpoint, "/")
	return &Client{opts: opts, signer: v4.NewSigner()}
}

// Configured reports whether the client has an endpoint.
func (c *Client) Configured() bool { return c != nil && c.opts.Endpoint != "" }

// do sends a signed POST and returns the answer's body and headers.
func (c *Client) do(ctx context.Context, service, region, path string, body []byte, header http.Header, timeout time.Duration) ([]byte, http.Header, error) {
	if !c.Configured() {
		return nil, nil, ErrNoEndpoint
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.opts.Endpoint+path, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	req.Header.Set("X-Amz-Content-Sha256", hash)
	if err := c.signer.SignHTTP(ctx, c.opts.Credentials, req, hash, service, region, c.opts.Wall.Now()); err != nil {
		return nil, nil, err
	}
	resp, err := c.opts.HTTP.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, nil, fmt.Errorf("no answer within %v", timeout)
		}
		return nil, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswer+1))
	if err != nil {
		return nil, nil, err
	}
	if len(out) > MaxAnswer {
		return nil, nil, fmt.Errorf("the answer is larger than %d bytes", MaxAnswer)
	}
	if resp.StatusCode/100 != 2 {
		return nil, nil, fmt.Errorf("%s answered %d %s: %s", service, resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), clip(out))
	}
	return out, resp.Header, nil
}

// Invoke calls a Lambda function synchronously (Invoke, RequestResponse)
// and returns its answer. A function error (X-Amz-Function-Error) is an
// error, as Connect takes the block's Error branch for it.
func (c *Client) Invoke(ctx context.Context, functionARN string, payload []byte, timeout time.Duration) ([]byte, error) {
	region := arnRegion(functionARN)
	path := "/2015-03-31/functions/" + url.PathEscape(functionARN) + "/invocations"
	h := http.Header{"X-Amz-Invocation-Type": {"RequestResponse"}}
	out, hdr, err := c.do(ctx, "lambda", region, path, payload, h, timeout)
	if err != nil {
		return nil, err
	}
	if fe := hdr.Get("X-Amz-Function-Error"); fe != "" {
		return nil, fmt.Errorf("the function failed (%s): %s", fe, clip(out))
	}
	return out, nil
}

// LexAnswer is what RecognizeText answered, as $.Lex holds it.
type LexAnswer struct {
	IntentName        string
	Slots             map[string]string
	SessionAttributes map[string]string
	Sentiment         string
	Messages          []string
}

// Recognize sends the customer's text to a Lex V2 bot alias
// (arn:aws:lex:REGION:ACCOUNT:bot-alias/BOT/ALIAS) in locale (e.g. en_US)
// for session sessionID.
func (c *Client) Recognize(ctx context.Context, aliasARN, locale, sessionID, text string, attrs map[string]string, timeout time.Duration) (*LexAnswer, error) {
	botID, aliasID, ok := parseAliasARN(aliasARN)
	if !ok {
		return nil, fmt.Errorf("%q is not a Lex V2 bot alias ARN", aliasARN)
	}
	if locale == "" {
		locale = "en_US"
	}
	body, _ := json.Marshal(map[string]any{"text": text, "sessionState": map[string]any{"sessionAttributes": attrs}})
	path := fmt.Sprintf("/bots/%s/botAliases/%s/botLocales/%s/sessions/%s/text",
		url.PathEscape(botID), url.PathEscape(aliasID), url.PathEscape(locale), url.PathEscape(sessionID))
	out, _, err := c.do(ctx, "lex", arnRegion(aliasARN), path, body, nil, timeout)
	if err != nil {
		return nil, err
	}
	var r struct {
		SessionState struct {
			Intent struct {
				Name  string                     `json:"name"`
				Slots map[string]json.RawMessage `json:"slots"`
			} `json:"intent"`
			SessionAttributes map[string]string `json:"sessionAttributes"`
		} `json:"sessionState"`
		Interpretations []struct {
			SentimentResponse *struct {
				Sentiment string `json:"sentiment"`
			} `json:"sentimentResponse"`
		} `json:"interpretations"`
		Messages []struct {
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return nil, fmt.Errorf("the bot's answer is not RecognizeText JSON: %v", err)
	}
	a := &LexAnswer{IntentName: r.SessionState.Intent.Name, Slots: map[string]string{}, SessionAttributes: r.SessionState.SessionAttributes}
	for name, raw := range r.SessionState.Intent.Slots {
		var s struct {
			Value struct {
				InterpretedValue string `json:"interpretedValue"`
				OriginalValue    string `json:"originalValue"`
			} `json:"value"`
		}
		if json.Unmarshal(raw, &s) == nil && (s.Value.InterpretedValue != "" || s.Value.OriginalValue != "") {
			a.Slots[name] = s.Value.InterpretedValue
			if a.Slots[name] == "" {
				a.Slots[name] = s.Value.OriginalValue
			}
		}
	}
	if len(r.Interpretations) > 0 && r.Interpretations[0].SentimentResponse != nil {
		a.Sentiment = r.Interpretations[0].SentimentResponse.Sentiment
	}
	for _, m := range r.Messages {
		a.Messages = append(a.Messages, m.Content)
	}
	return a, nil
}

// arnRegion is an ARN's region, us-east-1 for anything else.
func arnRegion(arn string) string {
	if p := strings.Split(arn, ":"); len(p) > 4 && p[0] == "arn" && p[3] != "" {
		return p[3]
	}
	return "us-east-1"
}

func parseAliasARN(arn string) (bot, alias string, ok bool) {
	p := strings.SplitN(arn, ":", 6)
	if len(p) != 6 || p[2] != "lex" {
		return "", "", false
	}
	rest, found := strings.CutPrefix(p[5], "bot-alias/")
	if !found {
		return "", "", false
	}
	bot, alias, ok = strings.Cut(rest, "/")
	return bot, alias, ok && bot != "" && alias != ""
}

func clip(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
