package main

import (
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/outbox"
	"github.com/connect-local/connect-local/internal/service"
)

// streamOptions checks the stream endpoints and builds what the service
// streams with; nil when no endpoint is set. Credentials are KEY:SECRET,
// else the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and
// AWS_SESSION_TOKEN) of the environment, else test:test, which the
// emulators accept.
func streamOptions(eps outbox.Endpoints, creds string) (*service.StreamOptions, error) {
	for flag, ep := range map[string]string{"--kinesis-endpoint": eps.Kinesis, "--firehose-endpoint": eps.Firehose, "--eventbridge-endpoint": eps.EventBridge} {
		if ep == "" {
			continue
		}
		u, err := url.Parse(ep)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%s %q: want an http:// or https:// URL", flag, ep)
		}
	}
	if eps == (outbox.Endpoints{}) {
		return nil, nil
	}
	c := aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test", Source: "connect-local"}
	if creds != "" {
		k, s, ok := strings.Cut(creds, ":")
		if !ok || k == "" || s == "" {
			return nil, fmt.Errorf("--stream-credentials: want KEY:SECRET")
		}
		c.AccessKeyID, c.SecretAccessKey = k, s
	} else if k, s := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"); k != "" && s != "" {
		c.AccessKeyID, c.SecretAccessKey, c.SessionToken = k, s, os.Getenv("AWS_SESSION_TOKEN")
	}
	// Retries run on the wall clock whatever --clock says: a virtual
	// clock may stand still, deliveries must not (docs/events.md#delivery).
	return &service.StreamOptions{Endpoints: eps, Wall: clock.Real{},
		Sender: &outbox.HTTPSender{Endpoints: eps, Credentials: c, Wall: clock.Real{}}}, nil
}

// logStreams says at start where records go, and what is not sent.
func logStreams(logger *slog.Logger, o *service.StreamOptions) {
	if o == nil {
		logger.Info("streaming: no --kinesis-endpoint, --firehose-endpoint or --eventbridge-endpoint; no contact record, agent event or contact event is sent")
		return
	}
	eps := o.Endpoints
	for _, k := range []struct{ what, flag, ep string }{
		{"contact records and agent events on Kinesis streams", "--kinesis-endpoint", eps.Kinesis},
		{"contact records and agent events on Firehose", "--firehose-endpoint", eps.Firehose},
		{"contact events on EventBridge", "--eventbridge-endpoint", eps.EventBridge},
	} {
		if k.ep == "" {
			logger.Info("streaming: no "+k.flag+"; nothing is sent", "what", k.what)
		} else {
			logger.Info("streaming", "what", k.what, "endpoint", k.ep)
		}
	}
}
