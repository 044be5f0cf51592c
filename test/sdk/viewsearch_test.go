package sdk

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// TestSearchViews: the shared Search* criteria over views — nested
// And/Or, StringCondition, ViewStatusCondition and ViewTypeCondition, an
// attribute (tag) filter and paging with ApproximateTotalCount.
func TestSearchViews(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "viewsearch")
	mk := func(name, desc string, status types.ViewStatus, tags map[string]string) string {
		t.Helper()
		v, err := c.CreateView(ctx(), &connect.CreateViewInput{InstanceId: &iid, Name: aws.String(name), Description: aws.String(desc),
			Status: status, Content: &types.ViewInputContent{Template: aws.String(`{}`)}, Tags: tags})
		if err != nil {
			t.Fatal(err)
		}
		return *v.View.Id
	}
	refund := mk("refund-form", "billing refunds", types.ViewStatusPublished, map[string]string{"team": "billing"})
	invoice := mk("invoice-form", "billing invoices", types.ViewStatusSaved, map[string]string{"team": "billing"})
	address := mk("address-change", "customer details", types.ViewStatusPublished, map[string]string{"team": "care"})
	draft := mk("refund-draft", "work in progress", types.ViewStatusSaved, nil)

	search := func(in *connect.SearchViewsInput) ([]string, *connect.SearchViewsOutput) {
		t.Helper()
		in.InstanceId = &iid
		out, err := c.SearchViews(ctx(), in)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, v := range out.Views {
			ids = append(ids, *v.Id)
		}
		slices.Sort(ids)
		return ids, out
	}
	want := func(what string, got []string, ids ...string) {
		t.Helper()
		slices.Sort(ids)
		if !slices.Equal(got, ids) {
			t.Fatalf("%s: got %v, want %v", what, got, ids)
		}
	}
	str := func(field, value string, cmp types.StringComparisonType) *types.ViewSearchCriteria {
		return &types.ViewSearchCriteria{StringCondition: &types.StringCondition{FieldName: aws.String(field), Value: aws.String(value), ComparisonType: cmp}}
	}

	all, out := search(&connect.SearchViewsInput{})
	want("no criteria", all, refund, invoice, address, draft)
	if *out.ApproximateTotalCount != 4 || out.Views[0].Type != types.ViewTypeCustomerManaged || out.Views[0].Content == nil {
		t.Fatalf("search all = %+v", out)
	}

	// (name STARTS_WITH refund OR description CONTAINS invoices) AND PUBLISHED.
	got, _ := search(&connect.SearchViewsInput{SearchCriteria: &types.ViewSearchCriteria{AndConditions: []types.ViewSearchCriteria{
		{OrConditions: []types.ViewSearchCriteria{*str("name", "REFUND", types.StringComparisonTypeStartsWith), *str("description", "invoices", types.StringComparisonTypeContains)}},
		{ViewStatusCondition: types.ViewStatusPublished},
	}}})
	want("nested and/or", got, refund)
	got, _ = search(&connect.SearchViewsInput{SearchCriteria: &types.ViewSearchCriteria{ViewStatusCondition: types.ViewStatusSaved}})
	want("SAVED", got, invoice, draft)

	// Every view is customer-managed.
	got, _ = search(&connect.SearchViewsInput{SearchCriteria: &types.ViewSearchCriteria{ViewTypeCondition: types.ViewTypeCustomerManaged}})
	want("CUSTOMER_MANAGED", got, refund, invoice, address, draft)
	got, out = search(&connect.SearchViewsInput{SearchCriteria: &types.ViewSearchCriteria{ViewTypeCondition: types.ViewTypeAwsManaged}})
	if len(got) != 0 || *out.ApproximateTotalCount != 0 {
		t.Fatalf("AWS_MANAGED = %+v", out)
	}

	// The attribute filter: team=billing, and with a criteria.
	tag := &types.ViewSearchFilter{AttributeFilter: &types.ControlPlaneAttributeFilter{TagCondition: &types.TagCondition{TagKey: aws.String("team"), TagValue: aws.String("billing")}}}
	got, _ = search(&connect.SearchViewsInput{SearchFilter: tag})
	want("tag team=billing", got, refund, invoice)
	got, _ = search(&connect.SearchViewsInput{SearchFilter: tag, SearchCriteria: str("name", "invoice-form", types.StringComparisonTypeExact)})
	want("tag and name", got, invoice)
	got, _ = search(&connect.SearchViewsInput{SearchFilter: &types.ViewSearchFilter{AttributeFilter: &types.ControlPlaneAttributeFilter{
		OrConditions: []types.CommonAttributeAndCondition{{TagConditions: []types.TagCondition{{TagKey: aws.String("team"), TagValue: aws.String("care")}}}}}}})
	want("or tag team=care", got, address)

	// Paging: two at a time, every view once, the total on every page.
	var paged []string
	var token *string
	for pages := 0; ; pages++ {
		out, err := c.SearchViews(ctx(), &connect.SearchViewsInput{InstanceId: &iid, MaxResults: aws.Int32(2), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Views) > 2 || *out.ApproximateTotalCount != 4 || pages > 2 {
			t.Fatalf("page %d = %+v", pages, out)
		}
		for _, v := range out.Views {
			paged = append(paged, *v.Id)
		}
		if token = out.NextToken; token == nil {
			break
		}
	}
	slices.Sort(paged)
	want("paged", paged, refund, invoice, address, draft)

	// A token belongs to its search; an unknown field is refused.
	first, err := c.SearchViews(ctx(), &connect.SearchViewsInput{InstanceId: &iid, MaxResults: aws.Int32(1)})
	if err != nil || first.NextToken == nil {
		t.Fatalf("first page %+v %v", first, err)
	}
	_, err = c.SearchViews(ctx(), &connect.SearchViewsInput{InstanceId: &iid, MaxResults: aws.Int32(1), NextToken: first.NextToken,
		SearchCriteria: &types.ViewSearchCriteria{ViewStatusCondition: types.ViewStatusSaved}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.SearchViews(ctx(), &connect.SearchViewsInput{InstanceId: &iid, SearchCriteria: str("template", "x", types.StringComparisonTypeExact)})
	wantAPIError(t, err, "InvalidParameterException", 400)
}
