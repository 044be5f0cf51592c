package api

import (
	"context"
	"errors"
	"testing"
)

// TestByName: only the set fields are listed, each under its model name,
// taking the input NewInput makes for it; a nil response and an operation
// without output both come back as a nil output ({} on the wire).
func TestByName(t *testing.T) {
	boom := errors.New("boom")
	var gotID string
	o := &Operations{
		CreateQueue: func(_ context.Context, in *CreateQueueRequest) (*CreateQueueResponse, error) {
			gotID = Val(in.InstanceId)
			return &CreateQueueResponse{QueueId: Ptr("q1")}, nil
		},
		DescribeQueue: func(context.Context, *DescribeQueueRequest) (*DescribeQueueResponse, error) { return nil, nil },
		DeleteQueue:   func(context.Context, *DeleteQueueRequest) error { return boom },
	}
	m := o.ByName()
	if len(m) != 3 {
		t.Fatalf("ByName lists %d operations, want 3", len(m))
	}
	in := NewInput("CreateQueue").(*CreateQueueRequest)
	in.InstanceId = Ptr("i1")
	out, err := m["CreateQueue"](context.Background(), in)
	if err != nil || gotID != "i1" || Val(out.(*CreateQueueResponse).QueueId) != "q1" {
		t.Fatalf("CreateQueue: %v %v (saw instance %q)", out, err, gotID)
	}
	if out, err := m["DescribeQueue"](context.Background(), NewInput("DescribeQueue")); out != nil || err != nil {
		t.Fatalf("DescribeQueue: out %#v err %v, want a nil interface", out, err)
	}
	if out, err := m["DeleteQueue"](context.Background(), NewInput("DeleteQueue")); out != nil || err != boom {
		t.Fatalf("DeleteQueue: %v %v", out, err)
	}
}

// The model has no operation without input today; the erasers for those
// shapes are generated all the same and must behave.
func TestEraseWithoutInput(t *testing.T) {
	boom := errors.New("boom")
	f := eraseNoInput(func(context.Context) (*CreateQueueResponse, error) { return &CreateQueueResponse{}, nil })
	if out, err := f(context.Background(), nil); err != nil || out.(*CreateQueueResponse) == nil {
		t.Fatalf("eraseNoInput: %v %v", out, err)
	}
	g := eraseNeither(func(context.Context) error { return boom })
	if out, err := g(context.Background(), nil); out != nil || err != boom {
		t.Fatalf("eraseNeither: %v %v", out, err)
	}
}
