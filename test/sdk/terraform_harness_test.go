package sdk

import (
	"errors"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/aws/smithy-go"
)

// The Terraform-style harness drives resources as the Terraform AWS
// provider's internal/service/connect does: create, poll the describe
// call until the resource is ready (its waiters poll on an interval),
// read it back (tags included), update it field by field, delete it,
// then poll until the describe call answers ResourceNotFoundException.

// tfPollInterval is how far the virtual clock moves between polls.
const tfPollInterval = time.Second

// waitFor polls cond, moving the clock one interval before each retry,
// as the provider's StateChangeConf does; it fails after a minute of
// virtual time. It returns the number of polls.
func (e *env) waitFor(t *testing.T, what string, cond func() (bool, error)) int {
	t.Helper()
	for i := 1; i <= 60; i++ {
		ok, err := cond()
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if ok {
			return i
		}
		e.clock.Advance(tfPollInterval)
	}
	t.Fatalf("%s: not after 60 polls", what)
	return 0
}

// waitGone polls describe until it answers ResourceNotFoundException.
func (e *env) waitGone(t *testing.T, what string, describe func() error) {
	t.Helper()
	e.waitFor(t, what+" deleted", func() (bool, error) {
		err := describe()
		var nf *types.ResourceNotFoundException
		if errors.As(err, &nf) {
			return true, nil
		}
		return false, err
	})
}

// tfStep checks one call the provider makes. An operation connect-local
// does not implement answers 501 NotImplementedException: the test stops
// there with a skip that names the missing operation, so the report lists
// the gap exactly; any other error fails the test.
func tfStep(t *testing.T, op string, err error) {
	t.Helper()
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "NotImplementedException" {
		t.Skipf("missing operation: %s (501 NotImplementedException)", op)
	}
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
}

// tfNotFound asserts a read after delete answers ResourceNotFoundException,
// which is how the provider's refresh drops the resource from state.
func tfNotFound(t *testing.T, op string, err error) {
	t.Helper()
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "NotImplementedException" {
		t.Skipf("missing operation: %s (501 NotImplementedException)", op)
	}
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

// tfUpdateTags changes a resource's tags as the provider's generated
// updateTags does: UntagResource for the keys that went away, then
// TagResource for the keys added or changed.
func tfUpdateTags(t *testing.T, c *connect.Client, arn string, before, after map[string]string) {
	t.Helper()
	var removed []string
	for k := range before {
		if _, ok := after[k]; !ok {
			removed = append(removed, k)
		}
	}
	sort.Strings(removed)
	if len(removed) > 0 {
		_, err := c.UntagResource(ctx(), &connect.UntagResourceInput{ResourceArn: &arn, TagKeys: removed})
		tfStep(t, "UntagResource", err)
	}
	changed := map[string]string{}
	for k, v := range after {
		if old, ok := before[k]; !ok || old != v {
			changed[k] = v
		}
	}
	if len(changed) > 0 {
		_, err := c.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: &arn, Tags: changed})
		tfStep(t, "TagResource", err)
	}
}

// tfMaxResults is the page size the provider's finders ask for.
var tfMaxResults = aws.Int32(60)

// tfFindOne is the provider's data-source lookup by name: page through a
// List call, keep the summaries whose name matches exactly, and require
// exactly one (tfresource.AssertSingleValueResult).
func tfFindOne[T any](t *testing.T, op string, page func(token *string) ([]T, *string, error), name func(T) string, want string) T {
	t.Helper()
	var found []T
	var token *string
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatalf("%s: more than 100 pages", op)
		}
		items, next, err := page(token)
		tfStep(t, op, err)
		for _, it := range items {
			if name(it) == want {
				found = append(found, it)
			}
		}
		if next == nil || *next == "" {
			break
		}
		token = next
	}
	if len(found) != 1 {
		t.Fatalf("%s: %d results named %q, want 1", op, len(found), want)
	}
	return found[0]
}

// tfSameTags compares a Describe's tags with the configuration's.
func tfSameTags(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s tags = %v, want %v", what, got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("%s tags = %v, want %v", what, got, want)
		}
	}
}
