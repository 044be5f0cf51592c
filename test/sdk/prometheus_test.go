package sdk

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape GETs /_local/metrics signed as account (12 digits) and parses it
// with Prometheus' own text parser.
func scrape(t *testing.T, e *env, account string) map[string]*dto.MetricFamily {
	t.Helper()
	req, _ := http.NewRequest("GET", e.http.URL+"/_local/metrics", nil)
	signReq(t, req, "", account, "secret", "us-east-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /_local/metrics: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return fams
}

// sample finds the sample of family name whose labels include want; nil if none.
func sample(fams map[string]*dto.MetricFamily, name string, want map[string]string) *dto.Metric {
	f := fams[name]
	if f == nil {
		return nil
	}
next:
	for _, m := range f.Metric {
		have := map[string]string{}
		for _, l := range m.Label {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if have[k] != v {
				continue next
			}
		}
		return m
	}
	return nil
}

// TestPrometheusMetrics: after real traffic, /_local/metrics counts the
// requests by operation and status, times them, times the store's
// transactions, and shows the caller's waiting contacts and agents by
// state — and another account's scrape shows none of them.
func TestPrometheusMetrics(t *testing.T) {
	c := newCenter(t, "prom")
	jane, bob := c.agent("jane", false, 0), c.agent("bob", false, 0)
	c.setAvailable(jane)
	cid := c.task("ringing", c.basicFlow)
	if got := c.agentContacts(jane); got[cid] != "CONNECTING" {
		t.Fatalf("jane's contacts %v, want %s ringing", got, cid)
	}
	_ = bob // offline
	for range 3 {
		_, err := c.c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &c.iid, QueueId: aws.String("00000000-0000-0000-0000-000000000000")})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	c.advance(time.Second)

	fams := scrape(t, c.e, "111111111111")
	counter := func(op, status string) float64 {
		m := sample(fams, "connect_local_requests_total", map[string]string{"operation": op, "status": status})
		if m == nil {
			return 0
		}
		return m.GetCounter().GetValue()
	}
	if got := counter("CreateUser", "200"); got != 2 {
		t.Errorf("requests_total{CreateUser,200} = %v, want 2", got)
	}
	if got := counter("DescribeQueue", "404"); got != 3 {
		t.Errorf("requests_total{DescribeQueue,404} = %v, want 3", got)
	}
	if h := sample(fams, "connect_local_request_duration_seconds", map[string]string{"operation": "StartTaskContact"}); h == nil || h.GetHistogram().GetSampleCount() != 1 {
		t.Errorf("request_duration_seconds{StartTaskContact} = %v, want one observation", h)
	}
	if h := sample(fams, "connect_local_store_transaction_seconds", map[string]string{"outcome": "committed"}); h == nil || h.GetHistogram().GetSampleCount() == 0 {
		t.Errorf("store_transaction_seconds{committed} = %v, want observations", h)
	}
	if h := sample(fams, "connect_local_store_transaction_writes", nil); h == nil || h.GetHistogram().GetSampleSum() < 2 {
		t.Errorf("store_transaction_writes = %v, want at least the two users written", h)
	}
	if m := sample(fams, "connect_local_contacts_waiting", map[string]string{"instance": c.iid, "queue": c.basicQueue}); m == nil || m.GetGauge().GetValue() != 1 {
		t.Errorf("contacts_waiting{%s} = %v, want the ringing task", c.basicQueue, m)
	}
	for state, want := range map[string]float64{"on_contact": 1, "offline": 1, "available": 0, "after_contact_work": 0, "non_productive": 0} {
		if m := sample(fams, "connect_local_agents", map[string]string{"instance": c.iid, "state": state}); m == nil || m.GetGauge().GetValue() != want {
			t.Errorf("agents{%s} = %v, want %v", state, m, want)
		}
	}

	// Accepted, then ended by the customer: jane moves to ACW and the
	// queue empties.
	c.act(jane, cid, "accept")
	if code := c.local("POST", "/_local/instances/"+c.iid+"/contacts/"+cid+"/end-customer", "", nil); code != 200 {
		t.Fatalf("end-customer: %d", code)
	}
	fams = scrape(t, c.e, "111111111111")
	if m := sample(fams, "connect_local_agents", map[string]string{"instance": c.iid, "state": "after_contact_work"}); m == nil || m.GetGauge().GetValue() != 1 {
		t.Errorf("agents{after_contact_work} = %v, want jane", m)
	}
	if m := sample(fams, "connect_local_contacts_waiting", map[string]string{"instance": c.iid}); m != nil {
		t.Errorf("contacts_waiting after the contact left the queue: %v", m)
	}

	// Another account sees the server's counters but none of A's gauges.
	other := scrape(t, c.e, "222222222222")
	if other["connect_local_requests_total"] == nil {
		t.Error("another account sees no request counters")
	}
	if len(other["connect_local_agents"].GetMetric()) != 0 || len(other["connect_local_contacts_waiting"].GetMetric()) != 0 {
		t.Errorf("another account sees gauges: %v %v", other["connect_local_agents"], other["connect_local_contacts_waiting"])
	}
}
