package durability

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/smithy-go"
	"golang.org/x/sys/unix"
)

// TestUnwritableDiskFailsWritesAndRecovers runs the real binary on a real
// file and takes the disk away under it: RLIMIT_FSIZE 0 (set on the
// running process with prlimit) makes every write to the bolt file fail,
// as a full disk does. Writes answer 500 InternalServiceException, reads
// keep answering, and when the limit goes the same process writes again;
// after a kill -9 the file checks clean and holds exactly the acknowledged
// writes.
func TestUnwritableDiskFailsWritesAndRecovers(t *testing.T) {
	dir := t.TempDir()
	p := start(t, dir)
	c := p.client()
	iid := createInstance(t, c, "disk")
	hours := ""
	hl, err := c.ListHoursOfOperations(ctx(), &connect.ListHoursOfOperationsInput{InstanceId: &iid})
	if err != nil {
		t.Fatal(err)
	}
	hours = *hl.HoursOfOperationSummaryList[0].Id
	newQueue := func(name string) (string, error) {
		out, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: &name, HoursOfOperationId: &hours})
		if err != nil {
			return "", err
		}
		return *out.QueueId, nil
	}
	before, err := newQueue("before")
	if err != nil {
		t.Fatal(err)
	}

	pid := p.cmd.Process.Pid
	var old unix.Rlimit
	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, nil, &old); err != nil {
		t.Skipf("prlimit: %v", err)
	}
	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: 0, Max: old.Max}, nil); err != nil {
		t.Skipf("prlimit: %v", err)
	}
	for i := range 5 {
		_, err := newQueue("lost")
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != "InternalServiceException" {
			t.Fatalf("write %d on an unwritable disk: %v, want InternalServiceException", i, err)
		}
		_, err = c.UpdateQueueName(ctx(), &connect.UpdateQueueNameInput{InstanceId: &iid, QueueId: &before, Name: aws.String("renamed")})
		if !errors.As(err, &ae) || ae.ErrorCode() != "InternalServiceException" {
			t.Fatalf("update %d on an unwritable disk: %v, want InternalServiceException", i, err)
		}
		d, err := c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: &before})
		if err != nil || *d.Queue.Name != "before" {
			t.Fatalf("read on an unwritable disk: %v", err)
		}
	}

	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, &old, nil); err != nil {
		t.Fatal(err)
	}
	after, err := newQueue("after")
	if err != nil {
		t.Fatalf("write once the disk is back: %v", err)
	}
	p.kill9(t)
	checkFile(t, dir)
	p = start(t, dir)
	c = p.client()
	qs, err := c.ListQueues(ctx(), &connect.ListQueuesInput{InstanceId: &iid})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, q := range qs.QueueSummaryList {
		names[*q.Id] = aws.ToString(q.Name)
	}
	if names[before] != "before" || names[after] != "after" || len(names) != 3 {
		t.Fatalf("after restart: %v; want BasicQueue, before and after only", names)
	}
	p.term(t, 10*time.Second)
}
