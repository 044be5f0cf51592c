package sdk

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/server"
	"github.com/connect-local/connect-local/internal/service"
)

// createAttr creates a predefined attribute through c.
func createAttr(t *testing.T, c *connect.Client, instanceID, name string, values ...string) {
	t.Helper()
	_, err := c.CreatePredefinedAttribute(ctx(), &connect.CreatePredefinedAttributeInput{
		InstanceId: &instanceID, Name: &name, Values: &types.PredefinedAttributeValuesMemberStringList{Value: values},
	})
	if err != nil {
		t.Fatalf("CreatePredefinedAttribute %s: %v", name, err)
	}
}

func describeAttr(t *testing.T, c *connect.Client, instanceID, name string) *types.PredefinedAttribute {
	t.Helper()
	out, err := c.DescribePredefinedAttribute(ctx(), &connect.DescribePredefinedAttributeInput{InstanceId: &instanceID, Name: &name})
	if err != nil {
		t.Fatalf("DescribePredefinedAttribute %s: %v", name, err)
	}
	return out.PredefinedAttribute
}

func stringList(t *testing.T, v types.PredefinedAttributeValues) []string {
	t.Helper()
	sl, ok := v.(*types.PredefinedAttributeValuesMemberStringList)
	if !ok {
		t.Fatalf("Values is %T, want StringList", v)
	}
	return sl.Value
}

func TestPredefinedAttributeLifecycle(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "attrs")
	_, err := c.CreatePredefinedAttribute(ctx(), &connect.CreatePredefinedAttributeInput{
		InstanceId:             &id,
		Name:                   aws.String("Technology"),
		Values:                 &types.PredefinedAttributeValuesMemberStringList{Value: []string{"AWS Kinesis", "AWS DynamoDB"}},
		Purposes:               []string{"routing"},
		AttributeConfiguration: &types.InputPredefinedAttributeConfiguration{EnableValueValidationOnAssociation: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	a := describeAttr(t, c, id, "Technology")
	if *a.Name != "Technology" || !slices.Equal(stringList(t, a.Values), []string{"AWS Kinesis", "AWS DynamoDB"}) ||
		!slices.Equal(a.Purposes, []string{"routing"}) || !a.AttributeConfiguration.EnableValueValidationOnAssociation ||
		a.AttributeConfiguration.IsReadOnly || !a.LastModifiedTime.Equal(T0) || *a.LastModifiedRegion != "us-east-1" {
		t.Fatalf("Describe = %+v", a)
	}

	e.clock.Advance(time.Minute)
	_, err = c.UpdatePredefinedAttribute(ctx(), &connect.UpdatePredefinedAttributeInput{
		InstanceId: &id, Name: aws.String("Technology"),
		Values:   &types.PredefinedAttributeValuesMemberStringList{Value: []string{"AWS EC2"}},
		Purposes: []string{"routing", "reporting"},
	})
	if err != nil {
		t.Fatal(err)
	}
	a = describeAttr(t, c, id, "Technology")
	if !slices.Equal(stringList(t, a.Values), []string{"AWS EC2"}) || len(a.Purposes) != 2 ||
		!a.AttributeConfiguration.EnableValueValidationOnAssociation || !a.LastModifiedTime.Equal(T0.Add(time.Minute)) {
		t.Fatalf("after update = %+v", a)
	}

	l, err := c.ListPredefinedAttributes(ctx(), &connect.ListPredefinedAttributesInput{InstanceId: &id})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.PredefinedAttributeSummaryList) != 1 || *l.PredefinedAttributeSummaryList[0].Name != "Technology" ||
		!l.PredefinedAttributeSummaryList[0].LastModifiedTime.Equal(T0.Add(time.Minute)) || *l.PredefinedAttributeSummaryList[0].LastModifiedRegion != "us-east-1" || l.NextToken != nil {
		t.Fatalf("List = %+v", l.PredefinedAttributeSummaryList)
	}

	if _, err := c.DeletePredefinedAttribute(ctx(), &connect.DeletePredefinedAttributeInput{InstanceId: &id, Name: aws.String("Technology")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribePredefinedAttribute(ctx(), &connect.DescribePredefinedAttributeInput{InstanceId: &id, Name: aws.String("Technology")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DeletePredefinedAttribute(ctx(), &connect.DeletePredefinedAttributeInput{InstanceId: &id, Name: aws.String("Technology")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

// Names travel in the URL path: spaces, "/", ":" and non-ASCII letters must
// round-trip.
func TestPredefinedAttributeNamesInPath(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "paths")
	for _, name := range []string{"Region/EU West: 1", "a b", "x:y", "Français", "50+1=@home's?;<>"} {
		createAttr(t, c, id, name, "v1")
		if a := describeAttr(t, c, id, name); *a.Name != name {
			t.Fatalf("Describe(%q) returned %q", name, *a.Name)
		}
		if _, err := c.UpdatePredefinedAttribute(ctx(), &connect.UpdatePredefinedAttributeInput{InstanceId: &id, Name: &name,
			Values: &types.PredefinedAttributeValuesMemberStringList{Value: []string{"v2"}}}); err != nil {
			t.Fatalf("Update(%q): %v", name, err)
		}
		if _, err := c.DeletePredefinedAttribute(ctx(), &connect.DeletePredefinedAttributeInput{InstanceId: &id, Name: &name}); err != nil {
			t.Fatalf("Delete(%q): %v", name, err)
		}
	}
}

func TestPredefinedAttributeErrors(t *testing.T) {
	e := newEnvWith(t, server.Options{Memory: true, Quotas: service.Quotas{PredefinedAttributesPerInstance: 2}})
	c := e.client
	id := newInstance(t, c, "attr-errors")
	createAttr(t, c, id, "Language", "English", "French")

	create := func(name string, values ...string) error {
		_, err := c.CreatePredefinedAttribute(ctx(), &connect.CreatePredefinedAttributeInput{InstanceId: &id, Name: &name,
			Values: &types.PredefinedAttributeValuesMemberStringList{Value: values}})
		return err
	}
	wantAPIError(t, create("LANGUAGE", "x"), "DuplicateResourceException", 409)
	wantAPIError(t, create("Dup", "a", "b", "a"), "InvalidParameterException", 400)
	wantAPIError(t, create("Empty"), "InvalidParameterException", 400)
	wantAPIError(t, create("connect:Mine", "a"), "InvalidParameterException", 400)
	wantAPIError(t, create("Bang!", "a"), "InvalidParameterException", 400)
	wantAPIError(t, create("BadValue", "aws:a"), "InvalidParameterException", 400)
	wantAPIError(t, create(strings.Repeat("n", 101), "a"), "InvalidParameterException", 400)
	wantAPIError(t, create("Long", strings.Repeat("v", 101)), "InvalidParameterException", 400)
	many := make([]string, service.DefaultValuesPerPredefinedAttribute+1)
	for i := range many {
		many[i] = fmt.Sprint("v", i)
	}
	wantAPIError(t, create("Many", many...), "InvalidParameterException", 400)
	_, err := c.CreatePredefinedAttribute(ctx(), &connect.CreatePredefinedAttributeInput{InstanceId: &id, Name: aws.String("NoValues")})
	wantAPIError(t, err, "InvalidParameterException", 400)
	if err := create("Second", many[:service.DefaultValuesPerPredefinedAttribute]...); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, create("Third", "a"), "LimitExceededException", 429)

	bad := "00000000-0000-0000-0000-000000000000"
	wantAPIError(t, func() error {
		_, err := c.CreatePredefinedAttribute(ctx(), &connect.CreatePredefinedAttributeInput{InstanceId: &bad, Name: aws.String("X"),
			Values: &types.PredefinedAttributeValuesMemberStringList{Value: []string{"a"}}})
		return err
	}(), "ResourceNotFoundException", 404)
	_, err = c.DescribePredefinedAttribute(ctx(), &connect.DescribePredefinedAttributeInput{InstanceId: &bad, Name: aws.String("Language")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DescribePredefinedAttribute(ctx(), &connect.DescribePredefinedAttributeInput{InstanceId: &id, Name: aws.String("Nope")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.UpdatePredefinedAttribute(ctx(), &connect.UpdatePredefinedAttributeInput{InstanceId: &id, Name: aws.String("Nope"),
		Values: &types.PredefinedAttributeValuesMemberStringList{Value: []string{"a"}}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.UpdatePredefinedAttribute(ctx(), &connect.UpdatePredefinedAttributeInput{InstanceId: &bad, Name: aws.String("Language")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.UpdatePredefinedAttribute(ctx(), &connect.UpdatePredefinedAttributeInput{InstanceId: &id, Name: aws.String("Language"),
		Values: &types.PredefinedAttributeValuesMemberStringList{Value: []string{"x", "x"}}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.UpdatePredefinedAttribute(ctx(), &connect.UpdatePredefinedAttributeInput{InstanceId: &id, Name: aws.String("Language"),
		Values: &types.PredefinedAttributeValuesMemberStringList{Value: []string{}}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.DeletePredefinedAttribute(ctx(), &connect.DeletePredefinedAttributeInput{InstanceId: &bad, Name: aws.String("Language")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DeletePredefinedAttribute(ctx(), &connect.DeletePredefinedAttributeInput{InstanceId: &id, Name: aws.String(service.SystemLanguageAttribute)})
	wantAPIError(t, err, "InvalidRequestException", 400)
	_, err = c.ListPredefinedAttributes(ctx(), &connect.ListPredefinedAttributesInput{InstanceId: &bad})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.ListPredefinedAttributes(ctx(), &connect.ListPredefinedAttributesInput{InstanceId: &id, MaxResults: aws.Int32(101)})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.ListPredefinedAttributes(ctx(), &connect.ListPredefinedAttributesInput{InstanceId: &id, NextToken: aws.String("forged")})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.SearchPredefinedAttributes(ctx(), &connect.SearchPredefinedAttributesInput{InstanceId: &bad})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.SearchPredefinedAttributes(ctx(), &connect.SearchPredefinedAttributesInput{InstanceId: &id,
		SearchCriteria: &types.PredefinedAttributeSearchCriteria{StringCondition: &types.StringCondition{
			FieldName: aws.String("values"), Value: aws.String("x"), ComparisonType: types.StringComparisonTypeExact}}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.SearchPredefinedAttributes(ctx(), &connect.SearchPredefinedAttributesInput{InstanceId: &id,
		SearchCriteria: &types.PredefinedAttributeSearchCriteria{StringCondition: &types.StringCondition{
			FieldName: aws.String("name"), Value: aws.String("x"), ComparisonType: "FUZZY"}}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.SearchPredefinedAttributes(ctx(), &connect.SearchPredefinedAttributesInput{InstanceId: &id, MaxResults: aws.Int32(0)})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.SearchPredefinedAttributes(ctx(), &connect.SearchPredefinedAttributesInput{InstanceId: &id, NextToken: aws.String("forged")})
	wantAPIError(t, err, "InvalidParameterException", 400)
}

func TestSystemLanguageAttribute(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "system-attrs")
	a := describeAttr(t, c, id, service.SystemLanguageAttribute)
	if !a.AttributeConfiguration.IsReadOnly || !slices.Contains(stringList(t, a.Values), "connect:English") ||
		!slices.Contains(stringList(t, a.Values), "connect:French") || !a.LastModifiedTime.Equal(T0) {
		t.Fatalf("connect:Language = %+v", a)
	}
	l, err := c.ListPredefinedAttributes(ctx(), &connect.ListPredefinedAttributesInput{InstanceId: &id})
	if err != nil || len(l.PredefinedAttributeSummaryList) != 0 {
		t.Fatalf("List shows the system attribute: %+v %v", l, err)
	}
	s, err := c.SearchPredefinedAttributes(ctx(), &connect.SearchPredefinedAttributesInput{InstanceId: &id})
	if err != nil || len(s.PredefinedAttributes) != 0 || *s.ApproximateTotalCount != 0 {
		t.Fatalf("Search shows the system attribute: %+v %v", s, err)
	}
	// Languages can be added to connect:Language; the built-in ones stay.
	_, err = c.UpdatePredefinedAttribute(ctx(), &connect.UpdatePredefinedAttributeInput{InstanceId: &id, Name: aws.String(service.SystemLanguageAttribute),
		Values: &types.PredefinedAttributeValuesMemberStringList{Value: []string{"Klingon"}}})
	if err != nil {
		t.Fatal(err)
	}
	vals := stringList(t, describeAttr(t, c, id, service.SystemLanguageAttribute).Values)
	if !slices.Contains(vals, "Klingon") || !slices.Contains(vals, "connect:English") {
		t.Fatalf("values = %v", vals)
	}
}

func TestListPredefinedAttributesPaging(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "attr-pages")
	var want []string
	for i := range service.DefaultPredefinedAttributesPerInstance {
		name := fmt.Sprintf("Skill %02d", i)
		if i%2 == 1 {
			name = strings.ToLower(name) // ordering ignores case
		}
		createAttr(t, c, id, name, "v")
		want = append(want, name)
	}
	var got []string
	pages := 0
	p := connect.NewListPredefinedAttributesPaginator(c, &connect.ListPredefinedAttributesInput{InstanceId: &id, MaxResults: aws.Int32(7)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, a := range out.PredefinedAttributeSummaryList {
			got = append(got, *a.Name)
		}
	}
	if pages != 4 || !slices.Equal(got, want) {
		t.Fatalf("%d pages: %v\nwant 4 pages: %v", pages, got, want)
	}

	// A token works only for the request that made it.
	first, err := c.ListPredefinedAttributes(ctx(), &connect.ListPredefinedAttributesInput{InstanceId: &id, MaxResults: aws.Int32(5)})
	if err != nil {
		t.Fatal(err)
	}
	other := newInstance(t, c, "attr-pages-2")
	_, err = c.ListPredefinedAttributes(ctx(), &connect.ListPredefinedAttributesInput{InstanceId: &other, NextToken: first.NextToken})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.SearchPredefinedAttributes(ctx(), &connect.SearchPredefinedAttributesInput{InstanceId: &id, NextToken: first.NextToken})
	wantAPIError(t, err, "InvalidParameterException", 400)
	// The same request with another page size continues where it left off.
	next, err := c.ListPredefinedAttributes(ctx(), &connect.ListPredefinedAttributesInput{InstanceId: &id, NextToken: first.NextToken, MaxResults: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	if *next.PredefinedAttributeSummaryList[0].Name != want[5] {
		t.Fatalf("second page starts at %s, want %s", *next.PredefinedAttributeSummaryList[0].Name, want[5])
	}
}

func nameCond(cmp types.StringComparisonType, v string) *types.PredefinedAttributeSearchCriteria {
	return &types.PredefinedAttributeSearchCriteria{StringCondition: &types.StringCondition{FieldName: aws.String("name"), Value: aws.String(v), ComparisonType: cmp}}
}

func TestSearchPredefinedAttributes(t *testing.T) {
	e := newEnv(t)
	c := e.client
	id := newInstance(t, c, "attr-search")
	names := []string{"Technology", "Tech Support", "Language", "Region/EU", "Billing", "Billing Tier", "Product Line", "Certification"}
	for _, n := range names {
		createAttr(t, c, id, n, "a", "b")
	}
	search := func(crit *types.PredefinedAttributeSearchCriteria) ([]string, int64) {
		t.Helper()
		var got []string
		var total int64
		p := connect.NewSearchPredefinedAttributesPaginator(c, &connect.SearchPredefinedAttributesInput{InstanceId: &id, SearchCriteria: crit, MaxResults: aws.Int32(2)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx())
			if err != nil {
				t.Fatal(err)
			}
			total = *out.ApproximateTotalCount
			for _, a := range out.PredefinedAttributes {
				if len(stringList(t, a.Values)) != 2 || a.LastModifiedTime == nil {
					t.Fatalf("search result lacks members: %+v", a)
				}
				got = append(got, *a.Name)
			}
		}
		return got, total
	}
	for _, tc := range []struct {
		name string
		crit *types.PredefinedAttributeSearchCriteria
		want []string
	}{
		{"all", nil, []string{"Billing", "Billing Tier", "Certification", "Language", "Product Line", "Region/EU", "Tech Support", "Technology"}},
		{"exact, any case", nameCond(types.StringComparisonTypeExact, "TECHNOLOGY"), []string{"Technology"}},
		{"starts with", nameCond(types.StringComparisonTypeStartsWith, "bill"), []string{"Billing", "Billing Tier"}},
		{"contains", nameCond(types.StringComparisonTypeContains, "ion"), []string{"Certification", "Region/EU"}},
		{"or", &types.PredefinedAttributeSearchCriteria{OrConditions: []types.PredefinedAttributeSearchCriteria{
			*nameCond(types.StringComparisonTypeExact, "language"), *nameCond(types.StringComparisonTypeStartsWith, "prod")}},
			[]string{"Language", "Product Line"}},
		{"and", &types.PredefinedAttributeSearchCriteria{AndConditions: []types.PredefinedAttributeSearchCriteria{
			*nameCond(types.StringComparisonTypeStartsWith, "tech"), *nameCond(types.StringComparisonTypeContains, "port")}},
			[]string{"Tech Support"}},
		{"or of ands, three levels", &types.PredefinedAttributeSearchCriteria{OrConditions: []types.PredefinedAttributeSearchCriteria{
			{AndConditions: []types.PredefinedAttributeSearchCriteria{
				*nameCond(types.StringComparisonTypeStartsWith, "b"),
				{OrConditions: []types.PredefinedAttributeSearchCriteria{*nameCond(types.StringComparisonTypeContains, "tier"), *nameCond(types.StringComparisonTypeExact, "nope")}},
			}},
			{AndConditions: []types.PredefinedAttributeSearchCriteria{*nameCond(types.StringComparisonTypeContains, "e"), *nameCond(types.StringComparisonTypeContains, "/")}},
		}}, []string{"Billing Tier", "Region/EU"}},
		{"description matches nothing", &types.PredefinedAttributeSearchCriteria{StringCondition: &types.StringCondition{
			FieldName: aws.String("Description"), Value: aws.String(""), ComparisonType: types.StringComparisonTypeContains}}, nil},
	} {
		got, total := search(tc.crit)
		if !slices.Equal(got, tc.want) || total != int64(len(tc.want)) {
			t.Errorf("%s: got %v (ApproximateTotalCount %d), want %v", tc.name, got, total, tc.want)
		}
	}

	// A token is bound to the criteria that produced it.
	first, err := c.SearchPredefinedAttributes(ctx(), &connect.SearchPredefinedAttributesInput{InstanceId: &id,
		SearchCriteria: nameCond(types.StringComparisonTypeContains, "i"), MaxResults: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	if first.NextToken == nil || *first.ApproximateTotalCount != 5 {
		t.Fatalf("first page: token %v, total %d", first.NextToken, *first.ApproximateTotalCount)
	}
	_, err = c.SearchPredefinedAttributes(ctx(), &connect.SearchPredefinedAttributesInput{InstanceId: &id,
		SearchCriteria: nameCond(types.StringComparisonTypeContains, "e"), NextToken: first.NextToken})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.ListPredefinedAttributes(ctx(), &connect.ListPredefinedAttributesInput{InstanceId: &id, NextToken: first.NextToken})
	wantAPIError(t, err, "InvalidParameterException", 400)
}

func TestPredefinedAttributeIsolation(t *testing.T) {
	e := newEnv(t)
	c := e.client
	a := newInstance(t, c, "iso-a")
	b := newInstance(t, c, "iso-b")
	createAttr(t, c, a, "Technology", "AWS S3")
	createAttr(t, c, b, "technology", "GCP") // another instance: no clash
	if v := stringList(t, describeAttr(t, c, b, "technology").Values); !slices.Equal(v, []string{"GCP"}) {
		t.Fatalf("instance b sees %v", v)
	}
	_, err := c.DescribePredefinedAttribute(ctx(), &connect.DescribePredefinedAttributeInput{InstanceId: &b, Name: aws.String("Technology")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	for _, oc := range []*connect.Client{e.clientFor("222222222222", "us-east-1"), e.clientFor("111111111111", "eu-west-2")} {
		_, err := oc.DescribePredefinedAttribute(ctx(), &connect.DescribePredefinedAttributeInput{InstanceId: &a, Name: aws.String("Technology")})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = oc.ListPredefinedAttributes(ctx(), &connect.ListPredefinedAttributesInput{InstanceId: &a})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = oc.DeletePredefinedAttribute(ctx(), &connect.DeletePredefinedAttributeInput{InstanceId: &a, Name: aws.String("Technology")})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	// Deleting an instance deletes its attributes.
	if _, err := c.DeleteInstance(ctx(), &connect.DeleteInstanceInput{InstanceId: &a}); err != nil {
		t.Fatal(err)
	}
	_, err = c.ListPredefinedAttributes(ctx(), &connect.ListPredefinedAttributesInput{InstanceId: &a})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	describeAttr(t, c, b, "technology")
}

func TestPredefinedAttributePersistence(t *testing.T) {
	dir := t.TempDir()
	e := newEnvWith(t, server.Options{DataDir: dir})
	c := e.client
	id := newInstance(t, c, "persist-attrs")
	createAttr(t, c, id, "Technology", "AWS S3", "AWS EC2")
	createAttr(t, c, id, "Region/EU: West", "Dublin")
	if _, err := c.UpdatePredefinedAttribute(ctx(), &connect.UpdatePredefinedAttributeInput{InstanceId: &id, Name: aws.String(service.SystemLanguageAttribute),
		Values: &types.PredefinedAttributeValuesMemberStringList{Value: []string{"Klingon"}}}); err != nil {
		t.Fatal(err)
	}
	createAttr(t, c, id, "Doomed", "x")
	if _, err := c.DeletePredefinedAttribute(ctx(), &connect.DeletePredefinedAttributeInput{InstanceId: &id, Name: aws.String("Doomed")}); err != nil {
		t.Fatal(err)
	}
	e.http.Close()
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}

	e2 := newEnvWith(t, server.Options{DataDir: dir})
	c = e2.client
	l, err := c.ListPredefinedAttributes(ctx(), &connect.ListPredefinedAttributesInput{InstanceId: &id})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range l.PredefinedAttributeSummaryList {
		names = append(names, *a.Name)
	}
	if !slices.Equal(names, []string{"Region/EU: West", "Technology"}) {
		t.Fatalf("after restart: %v", names)
	}
	if v := stringList(t, describeAttr(t, c, id, "Technology").Values); !slices.Equal(v, []string{"AWS S3", "AWS EC2"}) {
		t.Fatalf("after restart Technology = %v", v)
	}
	if v := stringList(t, describeAttr(t, c, id, service.SystemLanguageAttribute).Values); !slices.Contains(v, "Klingon") {
		t.Fatalf("after restart connect:Language = %v", v)
	}
}
