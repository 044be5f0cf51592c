package sdk

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// TestListAgentQueues: QueueTypes=AGENT lists one agent queue per user
// (ID the user's, ARN …/queue/agent/{user id}); STANDARD,AGENT lists
// both kinds in one paged listing; no type lists the standard ones.
func TestListAgentQueues(t *testing.T) {
	e := newEnv(t)
	f := newUserFixture(t, e, "agentqueues")
	c := f.c
	ana, bo := f.mkUser(t, "ana"), f.mkUser(t, "bo")

	list := func(max int32, qt ...types.QueueType) []types.QueueSummary {
		t.Helper()
		var out []types.QueueSummary
		p := connect.NewListQueuesPaginator(c, &connect.ListQueuesInput{InstanceId: &f.iid, QueueTypes: qt, MaxResults: aws.Int32(max)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx())
			if err != nil {
				t.Fatal(err)
			}
			if len(page.QueueSummaryList) > int(max) {
				t.Fatalf("page of %d, max %d", len(page.QueueSummaryList), max)
			}
			out = append(out, page.QueueSummaryList...)
		}
		return out
	}
	ids := func(qs []types.QueueSummary, typ types.QueueType) []string {
		var out []string
		for _, q := range qs {
			if q.QueueType == typ {
				out = append(out, *q.Id)
			}
		}
		slices.Sort(out)
		return out
	}

	standard := ids(list(100, types.QueueTypeStandard), types.QueueTypeStandard)
	if len(standard) == 0 || !slices.Contains(standard, f.basicQueue) {
		t.Fatalf("standard queues %v", standard)
	}
	agents := list(100, types.QueueTypeAgent)
	want := []string{ana, bo}
	slices.Sort(want)
	if got := ids(agents, types.QueueTypeAgent); !slices.Equal(got, want) || len(agents) != 2 {
		t.Fatalf("AGENT queues %+v, want %v", agents, want)
	}
	for _, q := range agents {
		if *q.Arn != f.iidARN+"/queue/agent/"+*q.Id || q.Name != nil || q.LastModifiedTime == nil {
			t.Fatalf("agent queue %+v", q)
		}
	}

	// Both kinds, one at a time: every queue once.
	both := list(1, types.QueueTypeStandard, types.QueueTypeAgent)
	if got := ids(both, types.QueueTypeStandard); !slices.Equal(got, standard) {
		t.Fatalf("STANDARD,AGENT standard part %v, want %v", got, standard)
	}
	if got := ids(both, types.QueueTypeAgent); !slices.Equal(got, want) || len(both) != len(standard)+2 {
		t.Fatalf("STANDARD,AGENT = %+v", both)
	}
	// No type: the standard queues, as before.
	if got := list(100); len(got) != len(standard) || len(ids(got, types.QueueTypeAgent)) != 0 {
		t.Fatalf("no type = %+v", got)
	}

	// A deleted user's agent queue goes with it.
	if _, err := c.DeleteUser(ctx(), &connect.DeleteUserInput{InstanceId: &f.iid, UserId: &bo}); err != nil {
		t.Fatal(err)
	}
	if got := ids(list(100, types.QueueTypeAgent), types.QueueTypeAgent); !slices.Equal(got, []string{ana}) {
		t.Fatalf("after delete: %v", got)
	}
}
