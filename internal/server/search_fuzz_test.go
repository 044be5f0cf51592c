package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/service"
)

// FuzzSearchContacts sends arbitrary SearchContacts bodies through the whole
// server (decoder, validator, handler, search index) over an instance with
// contacts: nothing may panic or answer 5xx, and every answer is JSON.
func FuzzSearchContacts(f *testing.F) {
	for _, seed := range []string{
		`{"TimeRange":{"Type":"INITIATION_TIMESTAMP","StartTime":1703120000,"EndTime":1703200000}}`,
		`{"TimeRange":{"Type":"CONNECTED_TO_AGENT_TIMESTAMP","StartTime":1703120000,"EndTime":1703200000},"SearchCriteria":{"Channels":["TASK"],"QueueIds":["q"]},"Sort":{"FieldName":"INITIATION_TIMESTAMP","Order":"DESCENDING"},"MaxResults":2}`,
		`{"TimeRange":{"Type":"DISCONNECT_TIMESTAMP","StartTime":1703120000,"EndTime":1703200000},"SearchCriteria":{"SearchableContactAttributes":{"MatchType":"MATCH_ANY","Criteria":[{"Key":"tier","Values":["gold"]}]},"ContactAnalysis":{"Transcript":{"MatchType":"MATCH_ALL","Criteria":[{"ParticipantRole":"CUSTOMER","SearchText":["refund please"],"MatchType":"MATCH_EXACT"}]}}}}`,
		`{"TimeRange":{"Type":"SCHEDULED_TIMESTAMP","StartTime":1703200000,"EndTime":1703120000}}`,
		`{"NextToken":"abc","TimeRange":{"Type":"INITIATION_TIMESTAMP","StartTime":0,"EndTime":1}}`,
	} {
		f.Add(seed)
	}
	vc := clock.NewVirtual(time.Date(2023, 12, 21, 9, 0, 0, 0, time.UTC))
	srv, err := New(Options{Memory: true, Clock: vc})
	if err != nil {
		f.Fatal(err)
	}
	sc := service.Scope{Account: "000000000000", Region: "us-east-1"}
	in, err := srv.Service.CreateInstance(sc, service.CreateInstanceInput{IdentityManagementType: "CONNECT_MANAGED"})
	if err != nil {
		f.Fatal(err)
	}
	flows, err := srv.Service.ListContactFlows(sc, in.ID, nil, service.PageRequest{})
	if err != nil {
		f.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		if _, err := srv.Service.StartContact(sc, in.ID, service.StartContactInput{Channel: []string{"VOICE", "CHAT", "TASK"}[i%3],
			InitiationMethod: "API", FlowID: flows.Items[i%len(flows.Items)].ID, Name: "c", Attributes: map[string]string{"tier": "gold"}}); err != nil {
			f.Fatal(err)
		}
		vc.Advance(time.Minute)
	}
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, body string) {
		var m map[string]any
		if json.Unmarshal([]byte(body), &m) == nil {
			m["InstanceId"] = in.ID
			b, _ := json.Marshal(m)
			body = string(b)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "http://localhost/search-contacts", strings.NewReader(body)))
		if w.Code >= 500 || !json.Valid(w.Body.Bytes()) {
			t.Fatalf("%s: %d %s", body, w.Code, w.Body)
		}
	})
}
