package sdk

import (
	"syscall"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connect-local/connect-local/internal/server"
	"github.com/connect-local/connect-local/internal/storage"
	"github.com/connect-local/connect-local/internal/storage/storagetest"
)

// TestDiskFullFailsWritesKeepsReadsAndRecovers: with every durable write
// failing (ENOSPC), writes answer 500 InternalServiceException and change
// nothing, reads keep answering from the acknowledged state, and once the
// disk has room again writes succeed; a restart shows exactly what was
// acknowledged.
func TestDiskFullFailsWritesKeepsReadsAndRecovers(t *testing.T) {
	dir := t.TempDir()
	open := func() (*env, *storagetest.Faulty) {
		b, err := storage.OpenBolt(dir)
		if err != nil {
			t.Fatal(err)
		}
		f := storagetest.NewFaulty(b)
		return newEnvWith(t, server.Options{Store: f}), f
	}
	e, disk := open()
	c := e.client
	iid := newInstance(t, c, "diskfull")
	hours := listHours(t, c, iid)
	keep, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String("keep"), HoursOfOperationId: &hours,
		Tags: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	flow := flowNamed(t, c, iid, "Basic routing flow")

	disk.FailWrites(syscall.ENOSPC)
	writes := map[string]func() error{
		"CreateQueue": func() error {
			_, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String("lost"), HoursOfOperationId: &hours})
			return err
		},
		"UpdateQueueName": func() error {
			_, err := c.UpdateQueueName(ctx(), &connect.UpdateQueueNameInput{InstanceId: &iid, QueueId: keep.QueueId, Name: aws.String("renamed")})
			return err
		},
		"TagResource": func() error {
			_, err := c.TagResource(ctx(), &connect.TagResourceInput{ResourceArn: keep.QueueArn, Tags: map[string]string{"k": "changed"}})
			return err
		},
		"DeleteQueue": func() error {
			_, err := c.DeleteQueue(ctx(), &connect.DeleteQueueInput{InstanceId: &iid, QueueId: keep.QueueId})
			return err
		},
		"CreateInstance": func() error {
			_, err := c.CreateInstance(ctx(), &connect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeConnectManaged,
				InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true), InstanceAlias: aws.String("lost")})
			return err
		},
		"DeleteInstance": func() error {
			_, err := c.DeleteInstance(ctx(), &connect.DeleteInstanceInput{InstanceId: &iid})
			return err
		},
		"CreatePredefinedAttribute": func() error {
			_, err := c.CreatePredefinedAttribute(ctx(), &connect.CreatePredefinedAttributeInput{InstanceId: &iid, Name: aws.String("lost"),
				Values: &types.PredefinedAttributeValuesMemberStringList{Value: []string{"a"}}})
			return err
		},
		// Contacts live in the engine, which flushes after it acts: a 500
		// here means "maybe applied", like a timeout (README, Faults).
		"StartTaskContact": func() error {
			_, err := c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &iid, ContactFlowId: &flow, Name: aws.String("t")})
			return err
		},
	}
	for name, w := range writes {
		t.Run("full/"+name, func(t *testing.T) {
			wantAPIError(t, w(), "InternalServiceException", 500)
		})
	}
	if disk.Failed() < int64(len(writes)) {
		t.Fatalf("%d writes reached the store, want at least %d", disk.Failed(), len(writes))
	}
	check := func(c *connect.Client, wantQueues ...string) {
		t.Helper()
		d, err := c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: keep.QueueId})
		if err != nil {
			t.Fatalf("read while the disk is full: %v", err)
		}
		if *d.Queue.Name != "keep" || d.Queue.Tags["k"] != "v" {
			t.Fatalf("a failed write changed the queue: %q %v", *d.Queue.Name, d.Queue.Tags)
		}
		got := map[string]bool{}
		qs, err := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &iid, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs.QueueSummaryList {
			got[*q.Name] = true
		}
		if len(got) != len(wantQueues) {
			t.Fatalf("queues %v, want %v", got, wantQueues)
		}
		for _, n := range wantQueues {
			if !got[n] {
				t.Fatalf("queues %v, want %v", got, wantQueues)
			}
		}
		l, err := c.ListInstances(ctx(), &connect.ListInstancesInput{})
		if err != nil || len(l.InstanceSummaryList) != 1 {
			t.Fatalf("instances: %v %v", err, l)
		}
		pa, err := c.ListPredefinedAttributes(ctx(), &connect.ListPredefinedAttributesInput{InstanceId: &iid})
		if err != nil || len(pa.PredefinedAttributeSummaryList) != 0 {
			t.Fatalf("predefined attributes: %v %v", err, pa)
		}
	}
	check(c, "BasicQueue", "keep")

	// Space returns: writes work again, without a restart.
	disk.FailWrites(nil)
	if _, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: aws.String("after"), HoursOfOperationId: &hours}); err != nil {
		t.Fatalf("write after recovery: %v", err)
	}
	check(c, "BasicQueue", "keep", "after")

	// A restart finds exactly the acknowledged state.
	e.http.Close()
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	e2, _ := open()
	check(e2.client, "BasicQueue", "keep", "after")
}

func listHours(t *testing.T, c *connect.Client, iid string) string {
	t.Helper()
	out, err := c.ListHoursOfOperations(ctx(), &connect.ListHoursOfOperationsInput{InstanceId: &iid})
	if err != nil || len(out.HoursOfOperationSummaryList) == 0 {
		t.Fatalf("hours: %v", err)
	}
	return *out.HoursOfOperationSummaryList[0].Id
}

func flowNamed(t *testing.T, c *connect.Client, iid, name string) string {
	t.Helper()
	out, err := c.ListContactFlows(ctx(), &connect.ListContactFlowsInput{InstanceId: &iid})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range out.ContactFlowSummaryList {
		if *f.Name == name {
			return *f.Id
		}
	}
	t.Fatalf("no flow %q", name)
	return ""
}
