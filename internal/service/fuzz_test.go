package service

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzSearchPredefinedAttributes evaluates arbitrary criteria trees
// (docs/predefined-attributes.md#search-criteria) over a fixed set of attributes and pages through every
// result. Nothing may panic; the only error is InvalidParameter; the pages
// hold each match once, only matches, and add up to the reported total.
// Seeds live in testdata/fuzz/FuzzSearchPredefinedAttributes; run with
// scripts/fuzz. (SearchContacts' criteria get their target with the search
// package.)
func FuzzSearchPredefinedAttributes(f *testing.F) {
	f.Add(`{"and":[{"string":{"fieldName":"name","value":"lang","comparisonType":"STARTS_WITH"}}]}`, 2)
	s, _ := newAttrService(f, nil, Quotas{})
	iid := newAttrInstance(f, s)
	names := []string{"Language", "language2", "Skill", "SkillLevel", "Tier", "région", "a/b", "Z"}
	for _, n := range names {
		if err := s.CreatePredefinedAttribute(testScope, iid, n, PredefinedAttributeInput{Values: []string{"v"}}); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, doc string, maxResults int) {
		var crit *AttributeSearchCriteria
		if doc != "" && json.Unmarshal([]byte(doc), &crit) != nil {
			return
		}
		if maxResults < 1 || maxResults > 100 {
			maxResults = 1 + (maxResults%100+100)%100
		}
		seen := map[string]bool{}
		token, total := "", -1
		for pages := 0; ; pages++ {
			if pages > len(names)+1 {
				t.Fatalf("more pages than attributes")
			}
			page, err := s.SearchPredefinedAttributes(testScope, iid, crit, PageRequest{MaxResults: maxResults, NextToken: token})
			if err != nil {
				if KindOf(err) != KindInvalidParameter {
					t.Fatalf("error of kind %d: %v", KindOf(err), err)
				}
				return
			}
			if total >= 0 && page.Total != total {
				t.Fatalf("total changed between pages: %d then %d", total, page.Total)
			}
			total = page.Total
			if len(page.Items) > maxResults {
				t.Fatalf("%d items on a page of %d", len(page.Items), maxResults)
			}
			for i := range page.Items {
				a := &page.Items[i]
				if seen[a.Name] {
					t.Fatalf("%s on two pages", a.Name)
				}
				seen[a.Name] = true
				if !crit.Matches(a) {
					t.Fatalf("%s returned but does not match", a.Name)
				}
				if strings.HasPrefix(a.Name, "connect:") {
					t.Fatalf("system attribute %s returned", a.Name)
				}
			}
			if page.NextToken == "" {
				break
			}
			token = page.NextToken
		}
		if len(seen) != total {
			t.Fatalf("pages hold %d attributes, total says %d", len(seen), total)
		}
	})
}
