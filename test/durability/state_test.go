package durability

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// state is what one worker owns: its instance's queues and hours, and the
// extra instances it created. Nobody else writes to it, so after a restart
// the server must hold exactly the worker's acknowledged state, plus at
// most its one unacknowledged write applied whole.
type state struct {
	queues    map[string]queue
	hours     map[string]hours
	instances map[string]string // ID → alias
}

type queue struct {
	Name, Description, HoursID, Status string
	MaxContacts                        int32 // 0 when unset
}

type hours struct{ Name, Description, TimeZone string }

func (s state) clone() state {
	return state{queues: maps.Clone(s.queues), hours: maps.Clone(s.hours), instances: maps.Clone(s.instances)}
}

// flat renders s as kind/ID → record, for comparing and diffing.
func (s state) flat() map[string]string {
	m := map[string]string{}
	for id, q := range s.queues {
		m["queue/"+id] = fmt.Sprintf("%+v", q)
	}
	for id, h := range s.hours {
		m["hours/"+id] = fmt.Sprintf("%+v", h)
	}
	for id, a := range s.instances {
		m["instance/"+id] = a
	}
	return m
}

// diff describes how got differs from want.
func diff(want, got state) string {
	w, g := want.flat(), got.flat()
	var lines []string
	for _, k := range slices.Sorted(maps.Keys(w)) {
		if gv, ok := g[k]; !ok {
			lines = append(lines, "missing "+k+" "+w[k])
		} else if gv != w[k] {
			lines = append(lines, "changed "+k+": want "+w[k]+", got "+gv)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(g)) {
		if _, ok := w[k]; !ok {
			lines = append(lines, "extra "+k+" "+g[k])
		}
	}
	return strings.Join(lines, "\n")
}

// write is one mutating call and its effect on the worker's state.
type write struct {
	desc string
	// call sends the request; for creates it returns the new ID.
	call func(c *connect.Client) (string, error)
	// apply makes the change to s; id is the created ID for creates.
	apply func(s *state, id string)
	// creates is "queue/", "hours/" or "instance/" when the ID is the
	// server's to choose, so an unanswered create is found by its record.
	creates string
	// task is the name of the task contact the write starts, if it does.
	task string
}

// reconcile checks that actual is known with pending (the write whose
// answer never came, or nil) either not applied or applied whole, and
// returns the state to carry on from.
func reconcile(known state, pending *write, actual state) (state, error) {
	if diff(known, actual) == "" {
		return actual, nil
	}
	if pending == nil {
		return state{}, fmt.Errorf("acknowledged state differs:\n%s", diff(known, actual))
	}
	id := ""
	if pending.creates != "" {
		k, a := known.flat(), actual.flat()
		var fresh []string
		for key := range a {
			if _, ok := k[key]; !ok && strings.HasPrefix(key, pending.creates) {
				fresh = append(fresh, strings.TrimPrefix(key, pending.creates))
			}
		}
		if len(fresh) == 1 {
			id = fresh[0]
		}
	}
	want := known.clone()
	pending.apply(&want, id)
	if d := diff(want, actual); d != "" {
		return state{}, fmt.Errorf("unanswered write %q is half-applied or other state changed:\nagainst the acknowledged state:\n%s\nagainst it with the write applied:\n%s",
			pending.desc, diff(known, actual), d)
	}
	return actual, nil
}

// snapshot reads a worker's state from the server: the queues and hours of
// instance iid, and the account's instances whose alias starts with prefix.
func snapshot(c *connect.Client, iid, prefix string) (state, error) {
	s := state{queues: map[string]queue{}, hours: map[string]hours{}, instances: map[string]string{}}
	qp := connect.NewListQueuesPaginator(c, &connect.ListQueuesInput{InstanceId: &iid,
		QueueTypes: []types.QueueType{types.QueueTypeStandard}, MaxResults: aws.Int32(100)})
	for qp.HasMorePages() {
		page, err := qp.NextPage(ctx())
		if err != nil {
			return s, err
		}
		for _, sum := range page.QueueSummaryList {
			d, err := c.DescribeQueue(ctx(), &connect.DescribeQueueInput{InstanceId: &iid, QueueId: sum.Id})
			if err != nil {
				return s, err
			}
			q := d.Queue
			s.queues[*q.QueueId] = queue{Name: aws.ToString(q.Name), Description: aws.ToString(q.Description),
				HoursID: aws.ToString(q.HoursOfOperationId), Status: string(q.Status), MaxContacts: aws.ToInt32(q.MaxContacts)}
		}
	}
	hp := connect.NewListHoursOfOperationsPaginator(c, &connect.ListHoursOfOperationsInput{InstanceId: &iid, MaxResults: aws.Int32(100)})
	for hp.HasMorePages() {
		page, err := hp.NextPage(ctx())
		if err != nil {
			return s, err
		}
		for _, sum := range page.HoursOfOperationSummaryList {
			d, err := c.DescribeHoursOfOperation(ctx(), &connect.DescribeHoursOfOperationInput{InstanceId: &iid, HoursOfOperationId: sum.Id})
			if err != nil {
				return s, err
			}
			h := d.HoursOfOperation
			s.hours[*h.HoursOfOperationId] = hours{Name: aws.ToString(h.Name), Description: aws.ToString(h.Description), TimeZone: aws.ToString(h.TimeZone)}
		}
	}
	ip := connect.NewListInstancesPaginator(c, &connect.ListInstancesInput{})
	for ip.HasMorePages() {
		page, err := ip.NextPage(ctx())
		if err != nil {
			return s, err
		}
		for _, in := range page.InstanceSummaryList {
			if a := aws.ToString(in.InstanceAlias); strings.HasPrefix(a, prefix) {
				s.instances[*in.Id] = a
			}
		}
	}
	return s, nil
}
