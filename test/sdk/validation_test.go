package sdk

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/aws/smithy-go/middleware"
)

// noClientValidation removes the SDK's own required-member check so that
// the server's validation is what answers.
func noClientValidation(o *connect.Options) {
	o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
		_, err := s.Initialize.Remove("OperationInputValidation")
		return err
	})
}

func TestModelValidationThroughSDK(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "validation")
	hid := newHours(t, c, iid, "Office")
	qid := newQueue(t, c, iid, hid, "Keep")

	cases := []struct {
		name     string
		call     func() error
		contains []string
	}{
		{"name too long", func() error {
			_, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String(strings.Repeat("x", 128)), HoursOfOperationId: &hid})
			return err
		}, []string{"'name'", "length less than or equal to 127"}},
		{"negative max contacts", func() error {
			_, err := c.UpdateQueueMaxContacts(ctx(), &connect.UpdateQueueMaxContactsInput{InstanceId: &iid, QueueId: &qid, MaxContacts: aws.Int32(-1)})
			return err
		}, []string{"'maxContacts'", "greater than or equal to 0"}},
		{"bad enum", func() error {
			_, err := c.UpdateQueueStatus(ctx(), &connect.UpdateQueueStatusInput{InstanceId: &iid, QueueId: &qid, Status: types.QueueStatus("PAUSED")})
			return err
		}, []string{"'status'", "enum value set"}},
		{"max results over model bound", func() error {
			_, err := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &iid, MaxResults: aws.Int32(1001)})
			return err
		}, []string{"'maxResults'", "less than or equal to 1000"}},
		{"tag key pattern", func() error {
			_, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String("T"), HoursOfOperationId: &hid, Tags: map[string]string{"aws:reserved": "x"}})
			return err
		}, []string{"tags", "regular expression pattern"}},
		{"two violations counted", func() error {
			_, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String(""), Description: aws.String(strings.Repeat("d", 300)), HoursOfOperationId: &hid})
			return err
		}, []string{"2 validation errors detected", "'name'", "'description'"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			msg := wantAPIError(t, tc.call(), "InvalidParameterException", 400)
			for _, s := range tc.contains {
				if !strings.Contains(msg, s) {
					t.Errorf("message %q lacks %q", msg, s)
				}
			}
		})
	}
	// Nothing stored changed.
	d, err := c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: &qid})
	if err != nil || *d.Queue.Name != "Keep" || d.Queue.MaxContacts != nil || d.Queue.Status != types.QueueStatusEnabled {
		t.Fatalf("queue changed by rejected requests: %+v %v", d.Queue, err)
	}
	ql, _ := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &iid})
	if len(ql.QueueSummaryList) != 2 {
		t.Fatalf("rejected creates stored queues: %d", len(ql.QueueSummaryList))
	}
}

func TestRequiredMemberCheckedByServer(t *testing.T) {
	e := newEnv(t)
	iid := newInstance(t, e.client, "required")
	c := connect.New(connect.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.http.URL), RetryMaxAttempts: 1}, noClientValidation)
	_, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String("NoHours")})
	msg := wantAPIError(t, err, "InvalidParameterException", 400)
	if !strings.Contains(msg, "Value null at 'hoursOfOperationId' failed to satisfy constraint: Member must not be null") {
		t.Fatalf("message = %q", msg)
	}
}

func rawRequest(t *testing.T, method, url, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestMalformedBodiesAnswer400(t *testing.T) {
	e := newEnv(t)
	iid := newInstance(t, e.client, "malformed")
	url := e.http.URL + "/queues/" + iid
	for _, body := range []string{`{"Name": "x", `, `[1,2]`, `"str"`, `{"Name": 12, "HoursOfOperationId": "h"}`,
		`{"Name":"x","HoursOfOperationId":"h","MaxContacts":1.5}`, `{"Name":"x","HoursOfOperationId":"h","MaxContacts":99999999999}`,
		`{"Name":"x","HoursOfOperationId":"h"} trailing`, `{"Name":"x","HoursOfOperationId":"h","Tags":{"k":{"nested":1}}}`} {
		resp, got := rawRequest(t, "PUT", url, body)
		if resp.StatusCode != 400 || resp.Header.Get("X-Amzn-ErrorType") == "" || !strings.HasPrefix(got, `{"Message":`) {
			t.Errorf("body %s: %d %s %s", body, resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), got)
		}
	}
	ql, _ := e.client.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &iid})
	if len(ql.QueueSummaryList) != 1 {
		t.Fatalf("malformed requests stored queues: %d", len(ql.QueueSummaryList))
	}
}

func TestQueryStringDecoding(t *testing.T) {
	e := newEnv(t)
	// Unsigned requests land in the default account and region.
	iid := newInstance(t, e.clientFor("000000000000", "us-east-1"), "query")
	resp, body := rawRequest(t, "GET", e.http.URL+"/queues-summary/"+iid+"?maxResults=abc", "")
	if resp.StatusCode != 400 || !strings.Contains(body, "maxResults") {
		t.Fatalf("non-numeric maxResults: %d %s", resp.StatusCode, body)
	}
	resp, body = rawRequest(t, "GET", e.http.URL+"/queues-summary/"+iid+"?queueTypes=STANDARD&queueTypes=AGENT&maxResults=2", "")
	if resp.StatusCode != 200 || !strings.Contains(body, "BasicQueue") {
		t.Fatalf("list query: %d %s", resp.StatusCode, body)
	}
	resp, body = rawRequest(t, "GET", e.http.URL+"/queues-summary/"+iid+"?queueTypes=BOGUS", "")
	if resp.StatusCode != 400 || !strings.Contains(body, "enum") {
		t.Fatalf("bad enum in query list: %d %s", resp.StatusCode, body)
	}
}
