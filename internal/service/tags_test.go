package service

import (
	"github.com/connect-local/connect-local/internal/instance"
	"maps"
	"strings"
	"testing"

	"github.com/connect-local/connect-local/internal/storage"
)

// TestTagKindsReachEveryType tags a record of every type in tagKinds,
// including those no API creates yet (users, hierarchy groups), and checks
// the tags survive a reload from the store.
func TestTagKindsReachEveryType(t *testing.T) {
	store := storage.NewMemory()
	s, st := newTestService(t, store)
	arn := func(kind, id string) string { return testScope.ARN("instance/" + st.ID + "/" + kind + "/" + id) }
	u := &User{ID: "u1", Username: "jane"}
	u.ARN = arn("agent", u.ID)
	g := &HierarchyGroup{ID: "g1", Name: "Floor", Level: 1}
	g.ARN = arn("agent-group", g.ID)
	q := &QuickConnect{ID: "q1", Name: "Desk", Type: "PHONE_NUMBER", PhoneNumber: "+12065550100"}
	q.ARN = arn("transfer-destination", q.ID)
	st.Mu.Lock()
	err := s.commit(st, func(tx storage.Tx) error {
		if err := putJSON(tx, bucketUsers, childKey(st.ID, u.ID), u); err != nil {
			return err
		}
		if err := putJSON(tx, bucketQuick, childKey(st.ID, q.ID), q); err != nil {
			return err
		}
		return putJSON(tx, bucketGroups, childKey(st.ID, g.ID), g)
	}, func() {
		st.Users[u.ID], st.Groups[g.ID], st.Quick[q.ID] = u, g, q
	})
	st.Mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	// Task templates, vocabularies, views and rules are
	// internal/provisioning's: made through its API.
	if _, err := s.CreateTaskTemplate(testScope, st.ID, TaskTemplate{Name: "Refund", Status: "ACTIVE"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateVocabulary(testScope, st.ID, Vocabulary{Name: "Words", LanguageCode: "en-US", Content: "Phrase\tIPA\tSoundsLike\tDisplayAs\nhello\t\t\t\n"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateView(testScope, st.ID, View{Name: "Page", Status: "SAVED"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRule(testScope, st.ID, Rule{Name: "Rule", Actions: []byte("[]")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateTestCase(testScope, st.ID, TestCaseInput{Name: ptr("tc"), Status: ptr(TestCaseSaved), Content: ptr("{}")}); err != nil {
		t.Fatal(err)
	}
	const module = `{"Version":"2019-10-30","StartAction":"ret","Actions":[{"Identifier":"ret","Type":"EndFlowModuleExecution","Parameters":{},"Transitions":{}}]}`
	if _, err := s.CreateContactFlowModule(testScope, st.ID, "m", "", module, "", nil); err != nil {
		t.Fatal(err)
	}
	ia, err := s.CreateIntegrationAssociation(testScope, st.ID, IntegrationAssociation{IntegrationARN: "arn:aws:cases:us-east-1:111111111111:domain/d", Type: "CASES_DOMAIN"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUseCase(testScope, st.ID, ia.ID, "RULES_EVALUATION", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePrompt(testScope, st.ID, PromptInput{Name: ptr("p"), S3URI: ptr("s3://b/k.wav")}); err != nil {
		t.Fatal(err)
	}
	arns, err := s.TaggableARNs(testScope, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range arns {
		p, _ := parseARN(a)
		seen[kindOfResource(p.Resource)] = true
		if err := s.TagResource(testScope, a, map[string]string{"k": a}); err != nil {
			t.Fatalf("TagResource(%s): %v", a, err)
		}
	}
	for k := range instance.TagKinds() {
		if !seen[k] {
			t.Errorf("no %s resource was tagged", k)
		}
	}
	reloaded, err := New(Options{Store: store, Clock: s.clock})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arns {
		got, err := reloaded.ListTagsForResource(testScope, a)
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(got, map[string]string{"k": a}) {
			t.Fatalf("%s after reload: tags = %v", a, got)
		}
	}
}

// kindOfResource is the type segment of instance/{i}/{type}/{id}.
func kindOfResource(res string) string {
	if segs := strings.Split(res, "/"); len(segs) == 4 {
		return segs[2]
	}
	return "instance"
}

// The reserved prefix is refused even when the wire layer is bypassed.
func TestReservedTagKeys(t *testing.T) {
	s, st := newTestService(t, nil)
	if err := s.TagResource(testScope, st.ARN, map[string]string{"aws:x": "y"}); KindOf(err) != KindInvalidParameter {
		t.Fatalf("TagResource aws:x: %v", err)
	}
	if err := s.UntagResource(testScope, st.ARN, []string{"aws:x"}); KindOf(err) != KindInvalidParameter {
		t.Fatalf("UntagResource aws:x: %v", err)
	}
}
