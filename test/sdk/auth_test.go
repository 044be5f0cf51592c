package sdk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/server"
	"github.com/connect-local/connect-local/internal/sigv4"
)

// strictCreds: two keys act for account 111111111111, one for
// 222222222222. The key named like the first account acts for the second:
// in strict mode the credentials file decides, not the key's digits.
const strictCreds = `{"credentials": [
  {"accessKeyId": "AKIDALICE", "secretAccessKey": "alice-secret", "accountId": "111111111111"},
  {"accessKeyId": "AKIDALICE2", "secretAccessKey": "alice2-secret", "accountId": "111111111111"},
  {"accessKeyId": "AKIDBOB", "secretAccessKey": "bob-secret", "accountId": "222222222222"},
  {"accessKeyId": "111111111111", "secretAccessKey": "sneaky-secret", "accountId": "222222222222"}
]}`

func newStrictEnv(t *testing.T) *env {
	t.Helper()
	creds, err := sigv4.ParseCredentials(strings.NewReader(strictCreds))
	if err != nil {
		t.Fatal(err)
	}
	// The signature's time is checked against the wall clock, while the
	// server itself runs on the virtual clock at T0 (2023).
	return newEnvWith(t, server.Options{Memory: true, Auth: sigv4.New(creds, clock.Real{})})
}

func (e *env) signedClient(key, secret, region string) *connect.Client {
	return connect.New(connect.Options{
		Region:           region,
		BaseEndpoint:     aws.String(e.http.URL),
		Credentials:      credentials.NewStaticCredentialsProvider(key, secret, ""),
		RetryMaxAttempts: 1,
	})
}

func TestStrictAuthRefusesBadCredentials(t *testing.T) {
	e := newStrictEnv(t)
	for _, tc := range []struct {
		name string
		c    *connect.Client
		code string
	}{
		{"unknown key", e.signedClient("AKIDMALLORY", "alice-secret", "us-east-1"), "UnrecognizedClientException"},
		{"wrong secret", e.signedClient("AKIDALICE", "bob-secret", "us-east-1"), "InvalidSignatureException"},
		{"another key's secret", e.signedClient("AKIDALICE2", "alice-secret", "us-east-1"), "InvalidSignatureException"},
		{"unsigned", connect.New(connect.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.http.URL), Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1}), "MissingAuthenticationTokenException"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.c.ListInstances(ctx(), &connect.ListInstancesInput{})
			wantAPIError(t, err, tc.code, 403)
			_, err = tc.c.CreateInstance(ctx(), &connect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeConnectManaged,
				InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true), InstanceAlias: aws.String("nope")})
			wantAPIError(t, err, tc.code, 403)
		})
	}
	// Nothing those requests tried was created.
	for _, c := range []*connect.Client{e.signedClient("AKIDALICE", "alice-secret", "us-east-1"), e.signedClient("AKIDBOB", "bob-secret", "us-east-1")} {
		l, err := c.ListInstances(ctx(), &connect.ListInstancesInput{})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.InstanceSummaryList) != 0 {
			t.Fatalf("refused requests created %d instances", len(l.InstanceSummaryList))
		}
	}
}

// rawSigned sends a request signed with the SDK's signer at a chosen time.
func rawSigned(t *testing.T, e *env, method, path, body, key, secret string, at time.Time) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(method, e.http.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	signAt(t, req, body, key, secret, "us-east-1", at)
	return send(t, req)
}

// signReq signs req (whose body is body) with the SDK's signer as key in
// region, at the wall clock's time.
func signReq(t *testing.T, req *http.Request, body, key, secret, region string) {
	t.Helper()
	signAt(t, req, body, key, secret, region, clock.Real{}.Now())
}

func signAt(t *testing.T, req *http.Request, body, key, secret, region string, at time.Time) {
	t.Helper()
	h := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}, req, hex.EncodeToString(h[:]), "connect", region, at); err != nil {
		t.Fatal(err)
	}
}

func send(t *testing.T, req *http.Request) (int, string, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), string(b)
}

func TestStrictAuthClockSkewAndPresignedURLs(t *testing.T) {
	e := newStrictEnv(t)
	wall := clock.Real{}.Now()
	if code, typ, body := rawSigned(t, e, "GET", "/instance", "", "AKIDALICE", "alice-secret", wall.Add(-4*time.Minute)); code != 200 {
		t.Fatalf("4 minutes of skew: %d %s %s", code, typ, body)
	}
	for _, skew := range []time.Duration{-6 * time.Minute, 6 * time.Minute} {
		code, typ, body := rawSigned(t, e, "GET", "/instance", "", "AKIDALICE", "alice-secret", wall.Add(skew))
		if code != 403 || typ != "InvalidSignatureException" || !strings.Contains(body, "Signature") {
			t.Fatalf("skew %s: %d %s %s", skew, code, typ, body)
		}
	}

	alice := e.signedClient("AKIDALICE", "alice-secret", "us-east-1")
	id := newInstance(t, alice, "presigned")
	presign := func(key, secret string) *http.Request {
		req, _ := http.NewRequest("GET", e.http.URL+"/instance?maxResults=10", nil)
		q := req.URL.Query()
		q.Set("X-Amz-Expires", "300")
		req.URL.RawQuery = q.Encode()
		u, hdr, err := v4.NewSigner().PresignHTTP(context.Background(), aws.Credentials{AccessKeyID: key, SecretAccessKey: secret},
			req, hex.EncodeToString(func() []byte { h := sha256.Sum256(nil); return h[:] }()), "connect", "us-east-1", clock.Real{}.Now())
		if err != nil {
			t.Fatal(err)
		}
		out, _ := http.NewRequest("GET", u, nil)
		for k, v := range hdr {
			if k != "Host" {
				out.Header[k] = v
			}
		}
		return out
	}
	code, typ, body := send(t, presign("AKIDALICE2", "alice2-secret"))
	if code != 200 || !strings.Contains(body, id) {
		t.Fatalf("presigned ListInstances by the account's other key: %d %s %s", code, typ, body)
	}
	code, typ, body = send(t, presign("AKIDBOB", "bob-secret"))
	if code != 200 || strings.Contains(body, id) {
		t.Fatalf("presigned ListInstances by another account: %d %s %s", code, typ, body)
	}
	if code, typ, _ := send(t, presign("AKIDALICE", "bob-secret")); code != 403 || typ != "InvalidSignatureException" {
		t.Fatalf("presigned with a wrong secret: %d %s", code, typ)
	}
}

// scope is one caller of the isolation suite: a client and the account
// and region it acts in.
type scope struct {
	name            string
	c               *connect.Client
	account, region string
}

// TestIsolationInBothModes: no read or write crosses accounts, regions or
// instances, whether accounts come from access key digits (permissive) or
// from verified credentials (strict); ARNs naming another account, region
// or instance are unknown resources.
func TestIsolationInBothModes(t *testing.T) {
	t.Run("permissive", func(t *testing.T) {
		e := newEnv(t)
		isolation(t, scope{"owner", e.clientFor("111111111111", "us-east-1"), "111111111111", "us-east-1"}, []scope{
			{"other account", e.clientFor("222222222222", "us-east-1"), "222222222222", "us-east-1"},
			{"other region", e.clientFor("111111111111", "eu-west-2"), "111111111111", "eu-west-2"},
		})
	})
	t.Run("strict", func(t *testing.T) {
		e := newStrictEnv(t)
		owner := scope{"owner", e.signedClient("AKIDALICE", "alice-secret", "us-east-1"), "111111111111", "us-east-1"}
		isolation(t, owner, []scope{
			{"other account", e.signedClient("AKIDBOB", "bob-secret", "us-east-1"), "222222222222", "us-east-1"},
			{"key named like the owner's account", e.signedClient("111111111111", "sneaky-secret", "us-east-1"), "222222222222", "us-east-1"},
			{"other region", e.signedClient("AKIDALICE", "alice-secret", "eu-west-2"), "111111111111", "eu-west-2"},
		})
		// The account's second key shares its resources.
		l, err := e.signedClient("AKIDALICE2", "alice2-secret", "us-east-1").ListInstances(ctx(), &connect.ListInstancesInput{})
		if err != nil || len(l.InstanceSummaryList) != 2 {
			t.Fatalf("same account, other key: %v, %d instances (want 2)", err, len(l.InstanceSummaryList))
		}
		// /_local/ needs a signature in strict mode (health excepted), and
		// keeps a caller to its own instances.
		if code, _, _ := send(t, mustReq(t, "GET", e.http.URL+"/_local/health")); code != 200 {
			t.Fatalf("health: %d", code)
		}
		if code, typ, _ := send(t, mustReq(t, "GET", e.http.URL+"/_local/clock")); code != 403 || typ != "MissingAuthenticationTokenException" {
			t.Fatalf("unsigned /_local/clock: %d %s", code, typ)
		}
		mine := newInstance(t, owner.c, "local-api")
		if code, typ, body := rawSigned(t, e, "GET", "/_local/instances/"+mine+"/engine", "", "AKIDALICE2", "alice2-secret", clock.Real{}.Now()); code != 200 {
			t.Fatalf("owner's engine: %d %s %s", code, typ, body)
		}
		if code, typ, _ := rawSigned(t, e, "GET", "/_local/instances/"+mine+"/engine", "", "AKIDBOB", "bob-secret", clock.Real{}.Now()); code != 404 || typ != "ResourceNotFoundException" {
			t.Fatalf("other account's engine: %d %s", code, typ)
		}
		if code, typ, _ := rawSigned(t, e, "PUT", "/_local/instances/"+mine+"/ring-timeout", `{"Seconds": 5}`, "AKIDBOB", "bob-secret", clock.Real{}.Now()); code != 404 || typ != "ResourceNotFoundException" {
			t.Fatalf("other account's ring timeout: %d %s", code, typ)
		}
	})
}

func mustReq(t *testing.T, method, url string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func isolation(t *testing.T, owner scope, others []scope) {
	t.Helper()
	c := owner.c
	iid := newInstance(t, c, "iso-a")
	sibling := newInstance(t, c, "iso-b")
	q := listQueue(t, c, iid)
	siblingQ := listQueue(t, c, sibling)
	arnOf := func(s scope, res string) string { return "arn:aws:connect:" + s.region + ":" + s.account + ":" + res }
	instARN := arnOf(owner, "instance/"+iid)
	queueARN := arnOf(owner, "instance/"+iid+"/queue/"+q)
	if _, err := c.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: &queueARN, Tags: map[string]string{"owner": "me"}}); err != nil {
		t.Fatal(err)
	}

	// Within one account: a queue is reached only through its own
	// instance, by ID or by ARN.
	_, err := c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &sibling, QueueId: &q})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &sibling, QueueId: &queueARN})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.UpdateQueueName(ctx(), &connect.UpdateQueueNameInput{InstanceId: &iid, QueueId: &siblingQ, Name: aws.String("crossed")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	// An ARN naming another account or region, with the owner's own IDs,
	// is unknown even to the owner.
	for _, o := range others {
		spoofed := arnOf(o, "instance/"+iid)
		_, err = c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &spoofed})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		spoofedQ := arnOf(o, "instance/"+iid+"/queue/"+q)
		_, err = c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: &spoofedQ})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.ListTagsForResource(ctx(), &connect.ListTagsForResourceInput{ResourceArn: &spoofedQ})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}

	for i, o := range others {
		t.Run(o.name, func(t *testing.T) {
			oc := o.c
			theirs := newInstance(t, oc, fmt.Sprintf("theirs-%d", i))
			l, err := oc.ListInstances(ctx(), &connect.ListInstancesInput{})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range l.InstanceSummaryList {
				if *s.Id == iid || *s.Id == sibling {
					t.Fatalf("%s lists the owner's instance", o.name)
				}
			}
			// Reads, by ID and by the owner's ARNs.
			for _, id := range []string{iid, instARN} {
				_, err = oc.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: aws.String(id)})
				wantAPIError(t, err, "ResourceNotFoundException", 404)
				_, err = oc.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: aws.String(id)})
				wantAPIError(t, err, "ResourceNotFoundException", 404)
			}
			_, err = oc.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: &q})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
			_, err = oc.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &theirs, QueueId: &queueARN})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
			_, err = oc.ListTagsForResource(ctx(), &connect.ListTagsForResourceInput{ResourceArn: &queueARN})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
			// Writes.
			hours := "00000000-0000-0000-0000-000000000000"
			_, err = oc.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String("intruder"), HoursOfOperationId: &hours})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
			_, err = oc.UpdateQueueName(ctx(), &connect.UpdateQueueNameInput{InstanceId: &iid, QueueId: &q, Name: aws.String("pwned")})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
			_, err = oc.UpdateQueueName(ctx(), &connect.UpdateQueueNameInput{InstanceId: &theirs, QueueId: &queueARN, Name: aws.String("pwned")})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
			_, err = oc.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: &queueARN, Tags: map[string]string{"owner": "them"}})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
			_, err = oc.UntagResource(ctx(), &connect.UntagResourceInput{ResourceArn: &instARN, TagKeys: []string{"owner"}})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
			_, err = oc.DeleteQueue(ctx(), &connect.DeleteQueueInput{InstanceId: &iid, QueueId: &q})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
			_, err = oc.DeleteInstance(ctx(), &connect.DeleteInstanceInput{InstanceId: &instARN})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
			_, err = oc.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &iid, Name: aws.String("t"),
				ContactFlowId: aws.String("00000000-0000-0000-0000-000000000000")})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
		})
	}

	// The owner's state is as it was.
	d, err := c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: &q})
	if err != nil {
		t.Fatal(err)
	}
	if *d.Queue.Name != "BasicQueue" || d.Queue.Tags["owner"] != "me" {
		t.Fatalf("owner's queue changed: name %q tags %v", *d.Queue.Name, d.Queue.Tags)
	}
	l, err := c.ListInstances(ctx(), &connect.ListInstancesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.InstanceSummaryList) != 2 {
		t.Fatalf("owner has %d instances, want 2", len(l.InstanceSummaryList))
	}
	qs, err := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &iid, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs.QueueSummaryList) != 1 {
		t.Fatalf("owner's instance has %d standard queues, want 1", len(qs.QueueSummaryList))
	}
}
