package service

import (
	"slices"
	"testing"
)

func vals(v ...string) PredefinedAttributeInput { return PredefinedAttributeInput{Values: v} }

func TestPredefinedAttributeRules(t *testing.T) {
	s, vc := newAttrService(t, nil, Quotas{PredefinedAttributesPerInstance: 3, ValuesPerPredefinedAttribute: 4})
	iid := newAttrInstance(t, s)
	if err := s.CreatePredefinedAttribute(testScope, iid, "Language", vals("English", "French")); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.CreatePredefinedAttribute(testScope, iid, "language", vals("x")), KindDuplicate)
	wantKind(t, s.CreatePredefinedAttribute(testScope, iid, "Dup", vals("a", "a")), KindInvalidParameter)
	wantKind(t, s.CreatePredefinedAttribute(testScope, iid, "Many", vals("a", "b", "c", "d", "e")), KindInvalidParameter)
	wantKind(t, s.CreatePredefinedAttribute(testScope, iid, "None", vals()), KindInvalidParameter)
	wantKind(t, s.CreatePredefinedAttribute(testScope, iid, "Nil", PredefinedAttributeInput{}), KindInvalidParameter)
	wantKind(t, s.CreatePredefinedAttribute(testScope, iid, "connect:Mine", vals("a")), KindInvalidParameter)
	wantKind(t, s.CreatePredefinedAttribute(testScope, iid, "Bad", vals("aws:x")), KindInvalidParameter)
	// Case-sensitive value duplicates only (docs/predefined-attributes.md#operations).
	if err := s.CreatePredefinedAttribute(testScope, iid, "Case", vals("a", "A")); err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePredefinedAttribute(testScope, iid, "Third", vals("a")); err != nil {
		t.Fatal(err)
	}
	// connect:Language does not count towards the quota.
	wantKind(t, s.CreatePredefinedAttribute(testScope, iid, "Fourth", vals("a")), KindLimitExceeded)

	vc.Advance(60e9)
	if err := s.UpdatePredefinedAttribute(testScope, iid, "Language", vals("English", "German")); err != nil {
		t.Fatal(err)
	}
	a, err := s.DescribePredefinedAttribute(testScope, iid, "Language")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Values, []string{"English", "German"}) || !a.LastModifiedTime.Equal(vc.Now()) || a.LastModifiedRegion != "us-east-1" {
		t.Fatalf("after update: %+v", a)
	}
	wantKind(t, s.UpdatePredefinedAttribute(testScope, iid, "Missing", vals("a")), KindNotFound)
	_, err = s.DescribePredefinedAttribute(testScope, iid, "language")
	wantKind(t, err, KindNotFound) // lookups are exact
	wantKind(t, s.DeletePredefinedAttribute(testScope, iid, SystemLanguageAttribute), KindInvalidRequest)
	if err := s.DeletePredefinedAttribute(testScope, iid, "Third"); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.DeletePredefinedAttribute(testScope, iid, "Third"), KindNotFound)
}

func TestSystemLanguageAttribute(t *testing.T) {
	s, _ := newAttrService(t, nil, Quotas{})
	iid := newAttrInstance(t, s)
	a, err := s.DescribePredefinedAttribute(testScope, iid, SystemLanguageAttribute)
	if err != nil {
		t.Fatal(err)
	}
	if !a.System || !slices.Contains(a.Values, "connect:English") || !a.LastModifiedTime.Equal(attrT0) {
		t.Fatalf("connect:Language = %+v", a)
	}
	page, err := s.ListPredefinedAttributes(testScope, iid, PageRequest{})
	if err != nil || len(page.Items) != 0 {
		t.Fatalf("List shows %d attributes (err %v); want none", len(page.Items), err)
	}
	// Values added to connect:Language keep the built-in ones.
	if err := s.UpdatePredefinedAttribute(testScope, iid, SystemLanguageAttribute, vals("Klingon")); err != nil {
		t.Fatal(err)
	}
	a, _ = s.DescribePredefinedAttribute(testScope, iid, SystemLanguageAttribute)
	if len(a.Values) != len(SystemLanguageValues)+1 || a.Values[len(a.Values)-1] != "Klingon" {
		t.Fatalf("values = %v", a.Values)
	}
	wantKind(t, s.UpdatePredefinedAttribute(testScope, iid, SystemLanguageAttribute, vals("connect:Elvish")), KindInvalidParameter)
}

func TestSearchCriteria(t *testing.T) {
	s, _ := newAttrService(t, nil, Quotas{})
	iid := newAttrInstance(t, s)
	for _, n := range []string{"Technology", "Tech Support", "Language", "Region/EU", "Billing"} {
		if err := s.CreatePredefinedAttribute(testScope, iid, n, vals("v")); err != nil {
			t.Fatal(err)
		}
	}
	str := func(field, cmp, v string) AttributeSearchCriteria {
		return AttributeSearchCriteria{String: &StringMatch{FieldName: field, ComparisonType: cmp, Value: v}}
	}
	for _, tc := range []struct {
		name string
		c    *AttributeSearchCriteria
		want []string
	}{
		{"nil matches all", nil, []string{"Billing", "Language", "Region/EU", "Tech Support", "Technology"}},
		{"exact ignores case", &AttributeSearchCriteria{String: &StringMatch{FieldName: "NAME", Value: "technology", ComparisonType: "EXACT"}}, []string{"Technology"}},
		{"starts with", ptr(str("name", "STARTS_WITH", "tech")), []string{"Tech Support", "Technology"}},
		{"contains", ptr(str("name", "CONTAINS", "/e")), []string{"Region/EU"}},
		{"description matches nothing", ptr(str("description", "CONTAINS", "")), nil},
		{"or", &AttributeSearchCriteria{Or: []AttributeSearchCriteria{str("name", "EXACT", "billing"), str("name", "CONTAINS", "uag")}}, []string{"Billing", "Language"}},
		{"and of or", &AttributeSearchCriteria{And: []AttributeSearchCriteria{
			{Or: []AttributeSearchCriteria{str("name", "STARTS_WITH", "tech"), str("name", "STARTS_WITH", "bill")}},
			{Or: []AttributeSearchCriteria{str("name", "CONTAINS", "port"), str("name", "CONTAINS", "ing")}},
		}}, []string{"Billing", "Tech Support"}},
		{"string and list together are ANDed", &AttributeSearchCriteria{String: ptr(StringMatch{FieldName: "name", Value: "t", ComparisonType: "CONTAINS"}),
			Or: []AttributeSearchCriteria{str("name", "STARTS_WITH", "T")}}, []string{"Tech Support", "Technology"}},
	} {
		page, err := s.SearchPredefinedAttributes(testScope, iid, tc.c, PageRequest{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []string
		for _, a := range page.Items {
			got = append(got, a.Name)
		}
		if !slices.Equal(got, tc.want) || page.Total != len(tc.want) {
			t.Errorf("%s: got %v (total %d), want %v", tc.name, got, page.Total, tc.want)
		}
	}
	_, err := s.SearchPredefinedAttributes(testScope, iid, ptr(str("values", "EXACT", "x")), PageRequest{})
	wantKind(t, err, KindInvalidParameter)
	_, err = s.SearchPredefinedAttributes(testScope, iid, &AttributeSearchCriteria{And: []AttributeSearchCriteria{str("name", "", "x")}}, PageRequest{})
	wantKind(t, err, KindInvalidParameter)
}

func ptr[T any](v T) *T { return &v }
