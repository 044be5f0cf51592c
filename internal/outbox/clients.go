package outbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/connect-local/connect-local/internal/clock"
)

// Sender sends a batch of records of one kind to their target. It returns
// one error per record (nil: acknowledged), or an error for the whole
// batch (nothing acknowledged).
type Sender interface {
	Send(ctx context.Context, kind string, recs []*Record) ([]error, error)
}

// maxBatch is how many records one request may carry: PutRecords and
// PutRecordBatch take 500, PutEvents 10.
func maxBatch(kind string) int {
	if kind == EventBridge {
		return 10
	}
	return 500
}

// Endpoints are the URLs of the services records go to; an empty one
// means records of that kind are not produced.
type Endpoints struct {
	Kinesis, Firehose, EventBridge string
}

// For returns the endpoint of a kind.
func (e Endpoints) For(kind string) string {
	switch kind {
	case Kinesis:
		return e.Kinesis
	case Firehose:
		return e.Firehose
	case EventBridge:
		return e.EventBridge
	}
	return ""
}

// HTTPSender speaks the AWS JSON 1.1 protocol of the three services,
// signing every request with SigV4 (the AWS SDK for Go v2's signer, as
// internal/sigv4 verifies).
type HTTPSender struct {
	Endpoints   Endpoints
	Credentials aws.Credentials
	// Wall signs requests; it must be a wall clock (signatures are
	// checked against real time whatever the server's clock says).
	Wall   clock.Clock
	Client *http.Client
}

// wireError is an AWS JSON error body.
type wireError struct {
	Type     string `json:"__type"`
	Message  string `json:"message"`
	Message2 string `json:"Message"`
}

func (s *HTTPSender) Send(ctx context.Context, kind string, recs []*Record) ([]error, error) {
	var target, service string
	var body any
	switch kind {
	case Kinesis:
		target, service = "Kinesis_20131202.PutRecords", "kinesis"
		type entry struct {
			Data         []byte `json:"Data"`
			PartitionKey string `json:"PartitionKey"`
		}
		req := struct {
			StreamName string  `json:"StreamName"`
			Records    []entry `json:"Records"`
		}{StreamName: arnName(recs[0].Target)}
		for _, r := range recs {
			req.Records = append(req.Records, entry{Data: r.Data, PartitionKey: r.PartitionKey})
		}
		body = req
	case Firehose:
		target, service = "Firehose_20150804.PutRecordBatch", "firehose"
		type entry struct {
			Data []byte `json:"Data"`
		}
		req := struct {
			DeliveryStreamName string  `json:"DeliveryStreamName"`
			Records            []entry `json:"Records"`
		}{DeliveryStreamName: arnName(recs[0].Target)}
		for _, r := range recs {
			// One JSON document a line, so the delivered objects split.
			req.Records = append(req.Records, entry{Data: append(append([]byte{}, r.Data...), '\n')})
		}
		body = req
	case EventBridge:
		target, service = "AWSEvents.PutEvents", "events"
		type entry struct {
			Source       string   `json:"Source"`
			DetailType   string   `json:"DetailType"`
			Detail       string   `json:"Detail"`
			Resources    []string `json:"Resources,omitempty"`
			Time         float64  `json:"Time,omitempty"`
			EventBusName string   `json:"EventBusName"`
		}
		req := struct {
			Entries []entry `json:"Entries"`
		}{}
		for _, r := range recs {
			e := entry{Source: r.Source, DetailType: r.DetailType, Detail: string(r.Data), Resources: r.Resources, EventBusName: r.Target}
			if !r.Time.IsZero() {
				e.Time = float64(r.Time.UnixMilli()) / 1000
			}
			req.Entries = append(req.Entries, e)
		}
		body = req
	default:
		return nil, fmt.Errorf("unknown destination kind %q", kind)
	}
	ep := s.Endpoints.For(kind)
	if ep == "" {
		return nil, fmt.Errorf("no %s endpoint configured", kind)
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(ep, "/")+"/", bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", target)
	sum := sha256.Sum256(payload)
	hash := hex.EncodeToString(sum[:])
	req.Header.Set("X-Amz-Content-Sha256", hash)
	if err := v4.NewSigner().SignHTTP(ctx, s.Credentials, req, hash, service, recs[0].Region, s.Wall.Now()); err != nil {
		return nil, err
	}
	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	rb, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var we wireError
		_ = json.Unmarshal(rb, &we)
		msg := we.Message
		if msg == "" {
			msg = we.Message2
		}
		if we.Type == "" {
			return nil, fmt.Errorf("%s: HTTP %d: %.200s", target, resp.StatusCode, rb)
		}
		return nil, fmt.Errorf("%s: HTTP %d %s: %s", target, resp.StatusCode, we.Type, msg)
	}
	type result struct {
		ErrorCode    string `json:"ErrorCode"`
		ErrorMessage string `json:"ErrorMessage"`
	}
	var out struct {
		Records          []result `json:"Records"`
		RequestResponses []result `json:"RequestResponses"`
		Entries          []result `json:"Entries"`
	}
	if err := json.Unmarshal(rb, &out); err != nil {
		return nil, fmt.Errorf("%s: unreadable answer: %w", target, err)
	}
	results := out.Records
	if kind == Firehose {
		results = out.RequestResponses
	} else if kind == EventBridge {
		results = out.Entries
	}
	if len(results) != len(recs) {
		return nil, fmt.Errorf("%s: %d results for %d records", target, len(results), len(recs))
	}
	errs := make([]error, len(recs))
	for i, r := range results {
		if r.ErrorCode != "" {
			errs[i] = fmt.Errorf("%s: %s: %s", target, r.ErrorCode, r.ErrorMessage)
		}
	}
	return errs, nil
}

// arnName is the name at the end of a stream ARN
// (arn:aws:kinesis:us-east-1:123456789012:stream/name), or s itself.
func arnName(s string) string {
	if i := strings.LastIndex(s, "/"); i >= 0 && strings.HasPrefix(s, "arn:") {
		return s[i+1:]
	}
	return s
}

// ARNRegion is the region of an ARN ("" when s is not one).
func ARNRegion(s string) string {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}
