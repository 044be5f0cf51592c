package service

import (
	"fmt"
	"slices"
	"testing"

	"github.com/connect-local/connect-local/internal/storage"
)

func prof(name, value string, level float64) Proficiency {
	return Proficiency{AttributeName: name, AttributeValue: value, Level: level}
}

func agents(t *testing.T, s *Service, iid, name, value string, min float64) []string {
	t.Helper()
	ids, err := s.AgentsWithProficiency(testScope, iid, name, value, min)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestProficiencyRules(t *testing.T) {
	s, vc := newAttrService(t, nil, Quotas{ProficienciesPerUser: 3})
	iid := newAttrInstance(t, s)
	if err := s.CreatePredefinedAttribute(testScope, iid, "Technology", vals("AWS S3", "AWS DynamoDB", "AWS EC2", "AWS Kinesis")); err != nil {
		t.Fatal(err)
	}
	u := seedUser(t, s, iid, "agent1")

	// Parameter errors come first and store nothing.
	wantKind(t, s.AssociateUserProficiencies(testScope, iid, u, nil), KindInvalidParameter)
	wantKind(t, s.AssociateUserProficiencies(testScope, iid, u, []Proficiency{prof("Technology", "AWS S3", 2.5)}), KindInvalidParameter)
	wantKind(t, s.AssociateUserProficiencies(testScope, iid, u, []Proficiency{prof("Technology", "AWS S3", 1), prof("Technology", "AWS S3", 2)}), KindInvalidParameter)
	// Unknown attribute or value: InvalidRequest, and the valid items are not applied either.
	wantKind(t, s.AssociateUserProficiencies(testScope, iid, u, []Proficiency{prof("Technology", "AWS S3", 1), prof("Technology", "GCP", 1)}), KindInvalidRequest)
	wantKind(t, s.AssociateUserProficiencies(testScope, iid, u, []Proficiency{prof("Tech", "AWS S3", 1)}), KindInvalidRequest)
	wantKind(t, s.AssociateUserProficiencies(testScope, iid, "no-such-user", []Proficiency{prof("Technology", "AWS S3", 1)}), KindNotFound)
	if page, mod, _ := s.ListUserProficiencies(testScope, iid, u, PageRequest{}); len(page.Items) != 0 || !mod.LastModifiedTime.IsZero() {
		t.Fatalf("a failed request stored %v", page.Items)
	}

	vc.Advance(5e9)
	if err := s.AssociateUserProficiencies(testScope, iid, u, []Proficiency{prof("Technology", "AWS S3", 2), prof(SystemLanguageAttribute, "connect:English", 5)}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.AssociateUserProficiencies(testScope, iid, u, []Proficiency{prof("Technology", "AWS S3", 3)}), KindInvalidRequest) // already held
	// Quota 3: holding 2, adding 2 is too many, and nothing is added.
	wantKind(t, s.AssociateUserProficiencies(testScope, iid, u, []Proficiency{prof("Technology", "AWS EC2", 1), prof("Technology", "AWS Kinesis", 1)}), KindInvalidRequest)
	page, mod, err := s.ListUserProficiencies(testScope, iid, u, PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Proficiency{prof("Technology", "AWS S3", 2), prof(SystemLanguageAttribute, "connect:English", 5)}
	if !slices.Equal(page.Items, want) || !mod.LastModifiedTime.Equal(vc.Now()) || mod.LastModifiedRegion != "us-east-1" {
		t.Fatalf("List = %v %+v", page.Items, mod)
	}

	wantKind(t, s.UpdateUserProficiencies(testScope, iid, u, []Proficiency{prof("Technology", "AWS S3", 4), prof("Technology", "AWS EC2", 4)}), KindInvalidRequest)
	wantKind(t, s.UpdateUserProficiencies(testScope, iid, u, []Proficiency{prof("Technology", "AWS S3", 4.5)}), KindInvalidParameter)
	if err := s.UpdateUserProficiencies(testScope, iid, u, []Proficiency{prof("Technology", "AWS S3", 4)}); err != nil {
		t.Fatal(err)
	}
	if got := agents(t, s, iid, "Technology", "AWS S3", 4); !slices.Equal(got, []string{u}) {
		t.Fatalf("after update, agents >= 4 = %v", got)
	}

	// Values in use cannot be removed, attributes in use cannot be deleted.
	wantKind(t, s.UpdatePredefinedAttribute(testScope, iid, "Technology", vals("AWS EC2")), KindInvalidRequest)
	if err := s.UpdatePredefinedAttribute(testScope, iid, "Technology", vals("AWS S3", "AWS EC2")); err != nil {
		t.Fatal(err)
	}
	err = s.DeletePredefinedAttribute(testScope, iid, "Technology")
	wantKind(t, err, KindInUse)
	if e := err.(*Error); e.ResourceType != "USER" || e.ResourceID == "" {
		t.Fatalf("ResourceInUse members = %q %q", e.ResourceType, e.ResourceID)
	}

	wantKind(t, s.DisassociateUserProficiencies(testScope, iid, u, []Proficiency{prof("Technology", "AWS S3", 0), prof("Technology", "AWS EC2", 0)}), KindInvalidRequest)
	if got := agents(t, s, iid, "Technology", "AWS S3", 1); len(got) != 1 {
		t.Fatalf("failed disassociate changed the index: %v", got)
	}
	if err := s.DisassociateUserProficiencies(testScope, iid, u, []Proficiency{prof("Technology", "AWS S3", 0)}); err != nil {
		t.Fatal(err)
	}
	if got := agents(t, s, iid, "Technology", "AWS S3", 1); len(got) != 0 {
		t.Fatalf("after disassociate: %v", got)
	}
	if err := s.DeletePredefinedAttribute(testScope, iid, "Technology"); err != nil {
		t.Fatal(err)
	}
}

func TestAgentsWithProficiency(t *testing.T) {
	store := storage.NewMemory()
	s, _ := newAttrService(t, store, Quotas{})
	iid := newAttrInstance(t, s)
	other := newAttrInstance(t, s)
	if err := s.CreatePredefinedAttribute(testScope, iid, "Technology", vals("AWS DynamoDB", "AWS EC2")); err != nil {
		t.Fatal(err)
	}
	levels := []float64{3, 5, 1, 4, 5, 2}
	ids := make([]string, len(levels))
	for i, l := range levels {
		ids[i] = seedUser(t, s, iid, fmt.Sprintf("agent%d", i))
		if err := s.AssociateUserProficiencies(testScope, iid, ids[i], []Proficiency{prof("Technology", "AWS DynamoDB", l)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AssociateUserProficiencies(testScope, iid, ids[0], []Proficiency{prof("Technology", "AWS EC2", 5)}); err != nil {
		t.Fatal(err)
	}
	// Highest level first, then by ID.
	five := []string{ids[1], ids[4]}
	slices.Sort(five)
	want := append(five, ids[3], ids[0])
	check := func(s *Service) {
		t.Helper()
		if got := agents(t, s, iid, "Technology", "AWS DynamoDB", 3); !slices.Equal(got, want) {
			t.Fatalf("agents >= 3 = %v, want %v", got, want)
		}
		if got := agents(t, s, iid, "Technology", "AWS DynamoDB", 1); len(got) != 6 {
			t.Fatalf("agents >= 1: %d, want 6", len(got))
		}
		if got := agents(t, s, iid, "Technology", "AWS EC2", 4.5); !slices.Equal(got, []string{ids[0]}) {
			t.Fatalf("EC2 >= 4.5 = %v", got)
		}
		for _, q := range [][3]string{{"Technology", "AWS S3"}, {"Nope", "x"}, {"technology", "AWS DynamoDB"}} {
			if got := agents(t, s, iid, q[0], q[1], 1); len(got) != 0 {
				t.Fatalf("%v matched %v", q, got)
			}
		}
		if got := agents(t, s, other, "Technology", "AWS DynamoDB", 1); len(got) != 0 {
			t.Fatalf("other instance sees %v", got)
		}
	}
	check(s)

	// The index is rebuilt on load.
	s2, _ := newAttrService(t, store, Quotas{})
	check(s2)

	// A deleted user leaves the index.
	if err := s2.DeleteUser(testScope, iid, ids[3]); err != nil {
		t.Fatal(err)
	}
	if got := agents(t, s2, iid, "Technology", "AWS DynamoDB", 3); slices.Contains(got, ids[3]) || len(got) != 3 {
		t.Fatalf("after user delete: %v", got)
	}

	// A deleted instance takes everything with it.
	if err := s2.DeleteInstance(testScope, iid); err != nil {
		t.Fatal(err)
	}
	_, err := s2.AgentsWithProficiency(testScope, iid, "Technology", "AWS DynamoDB", 1)
	wantKind(t, err, KindNotFound)
	_, err = s2.AgentsWithProficiency(Scope{Account: "222222222222", Region: "us-east-1"}, other, "Technology", "AWS DynamoDB", 1)
	wantKind(t, err, KindNotFound)
}
