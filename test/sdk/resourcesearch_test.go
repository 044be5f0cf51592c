package sdk

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// TestSearchQueuesNestedCriteriaAndPaging: nested And/Or string
// conditions, a tag filter, pages of two with ApproximateTotalCount, and
// an unknown field refused.
func TestSearchQueuesNestedCriteriaAndPaging(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "search-queues")
	hid := newHours(t, c, iid, "Hours")
	for _, q := range []struct{ name, tier string }{{"Sales EU", "gold"}, {"Sales US", "gold"}, {"Support EU", "gold"}, {"Support US", "silver"}, {"Billing", "gold"}} {
		if _, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String(q.name), HoursOfOperationId: &hid,
			Tags: map[string]string{"tier": q.tier}}); err != nil {
			t.Fatal(err)
		}
	}
	str := func(field string, cmp types.StringComparisonType, v string) *types.StringCondition {
		return &types.StringCondition{FieldName: aws.String(field), ComparisonType: cmp, Value: aws.String(v)}
	}
	crit := &types.QueueSearchCriteria{AndConditions: []types.QueueSearchCriteria{
		{OrConditions: []types.QueueSearchCriteria{{StringCondition: str("name", types.StringComparisonTypeStartsWith, "sales")}, {StringCondition: str("name", types.StringComparisonTypeStartsWith, "support")}}},
		{QueueTypeCondition: types.SearchableQueueTypeStandard},
	}}
	filter := &types.QueueSearchFilter{TagFilter: &types.ControlPlaneTagFilter{AndConditions: []types.TagCondition{{TagKey: aws.String("tier"), TagValue: aws.String("gold")}}}}
	var names []string
	var token *string
	pages := 0
	for {
		out, err := c.SearchQueues(ctx(), &connect.SearchQueuesInput{InstanceId: &iid, SearchCriteria: crit, SearchFilter: filter, MaxResults: aws.Int32(2), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if *out.ApproximateTotalCount != 3 {
			t.Fatalf("ApproximateTotalCount %d, want 3", *out.ApproximateTotalCount)
		}
		for _, q := range out.Queues {
			names = append(names, *q.Name)
			if q.Tags["tier"] != "gold" {
				t.Fatalf("queue %s without its tags", *q.Name)
			}
		}
		if token = out.NextToken; token == nil {
			break
		}
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"Sales EU", "Sales US", "Support EU"}) || pages != 2 {
		t.Fatalf("got %v in %d pages", names, pages)
	}
	_, err := c.SearchQueues(ctx(), &connect.SearchQueuesInput{InstanceId: &iid, SearchCriteria: &types.QueueSearchCriteria{StringCondition: str("password", types.StringComparisonTypeExact, "x")}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	// Data-source style lookup by exact name, any case.
	out, err := c.SearchQueues(ctx(), &connect.SearchQueuesInput{InstanceId: &iid, SearchCriteria: &types.QueueSearchCriteria{StringCondition: str("name", types.StringComparisonTypeExact, "billing")}})
	if err != nil || len(out.Queues) != 1 || *out.Queues[0].Name != "Billing" {
		t.Fatalf("exact: %+v %v", out, err)
	}
}

// TestSearchUsersByHierarchy: WITH_CHILD_GROUPS reaches users below a
// group, EXACT only its own.
func TestSearchUsersByHierarchy(t *testing.T) {
	c := newCenter(t, "search-users")
	if err := c.setLevels(t, "Region", "Site"); err != nil {
		t.Fatal(err)
	}
	emea := c.mustGroup(t, "EMEA", "")
	london := c.mustGroup(t, "London", emea)
	a, b := c.agent("ann", false, 0), c.agent("bob", false, 0)
	for uid, g := range map[string]string{a: emea, b: london} {
		if _, err := c.c.UpdateUserHierarchy(ctx(), &connect.UpdateUserHierarchyInput{InstanceId: &c.iid, UserId: aws.String(uid), HierarchyGroupId: aws.String(g)}); err != nil {
			t.Fatal(err)
		}
	}
	search := func(m types.HierarchyGroupMatchType) []string {
		out, err := c.c.SearchUsers(ctx(), &connect.SearchUsersInput{InstanceId: &c.iid, SearchCriteria: &types.UserSearchCriteria{
			HierarchyGroupCondition: &types.HierarchyGroupCondition{Value: &emea, HierarchyGroupMatchType: m}}})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range out.Users {
			names = append(names, *u.Username)
		}
		slices.Sort(names)
		return names
	}
	if got := search(types.HierarchyGroupMatchTypeWithChildGroups); !slices.Equal(got, []string{"ann", "bob"}) {
		t.Fatalf("WITH_CHILD_GROUPS %v", got)
	}
	if got := search(types.HierarchyGroupMatchTypeExact); !slices.Equal(got, []string{"ann"}) {
		t.Fatalf("EXACT %v", got)
	}
}
