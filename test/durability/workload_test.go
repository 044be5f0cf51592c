package durability

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// worker writes to one instance of its own, one request at a time, and
// keeps the state the server has acknowledged.
type worker struct {
	n          int
	iid        string
	basicQueue string // in use by the default routing profile: never deleted
	basicHours string
	flow       string // "Basic routing flow", for tasks
	rng        *rand.Rand
	seq        int
	known      state
	pending    *write // sent, never answered
	failed     error  // an error before the server was stopped
	// contacts are the tasks the server acknowledged, ID → name. No
	// operation lists contacts, so they are checked one by one, apart from
	// state.
	contacts map[string]string
}

// prefix starts the alias of every extra instance the worker creates.
func (w *worker) prefix() string { return fmt.Sprintf("dw%ds", w.n) }

// run writes until a request fails, which is expected once the server is
// stopped (stopped is set before the signal is sent).
func (w *worker) run(c *connect.Client, stopped *atomic.Bool, inFlight *atomic.Int32, acked *atomic.Int64) {
	for {
		wr := w.next()
		inFlight.Add(1)
		id, err := wr.call(c)
		inFlight.Add(-1)
		if err != nil {
			if !stopped.Load() {
				w.failed = fmt.Errorf("%s: %w", wr.desc, err)
			}
			w.pending = &wr
			return
		}
		wr.apply(&w.known, id)
		if wr.task != "" {
			w.contacts[id] = wr.task
		}
		acked.Add(1)
	}
}

var nineToFive = []types.HoursOfOperationConfig{{
	Day:       types.HoursOfOperationDaysMonday,
	StartTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(9), Minutes: aws.Int32(0)},
	EndTime:   &types.HoursOfOperationTimeSlice{Hours: aws.Int32(17), Minutes: aws.Int32(0)},
}}

var zones = []string{"UTC", "Europe/London", "America/New_York"}

// pick returns a random element of a sorted key set, or "" when empty.
func pick[V any](rng *rand.Rand, m map[string]V, keep func(string, V) bool) string {
	var ids []string
	for _, id := range slices.Sorted(maps.Keys(m)) {
		if keep == nil || keep(id, m[id]) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return ids[rng.IntN(len(ids))]
}

// next chooses the worker's next write: creates, updates and deletes of
// queues, hours and instances.
func (w *worker) next() write {
	w.seq++
	n, s, iid := w.seq, w.known, w.iid
	anyQueue := pick(w.rng, s.queues, nil)
	ownQueue := pick(w.rng, s.queues, func(id string, _ queue) bool { return id != w.basicQueue })
	anyHours := pick(w.rng, s.hours, nil)
	unusedHours := pick(w.rng, s.hours, func(id string, _ hours) bool {
		if id == w.basicHours {
			return false
		}
		for _, q := range s.queues {
			if q.HoursID == id {
				return false
			}
		}
		return true
	})
	extra := pick(w.rng, s.instances, nil)

	deleteQueue := write{desc: "DeleteQueue " + ownQueue,
		call: func(c *connect.Client) (string, error) {
			_, err := c.DeleteQueue(ctx(), &connect.DeleteQueueInput{InstanceId: &iid, QueueId: aws.String(ownQueue)})
			return "", err
		},
		apply: func(s *state, _ string) { delete(s.queues, ownQueue) }}
	// Creates are the fallback below; past 60 queues (the quota is 100)
	// the worker deletes instead.
	full := len(s.queues) >= 60

	r := w.rng.IntN(18)
	switch {
	case r >= 16:
		name := fmt.Sprintf("t%d", n)
		return write{desc: "StartTaskContact " + name, task: name,
			call: func(c *connect.Client) (string, error) {
				out, err := c.StartTaskContact(ctx(), &connect.StartTaskContactInput{InstanceId: &iid, ContactFlowId: &w.flow, Name: &name})
				if err != nil {
					return "", err
				}
				return *out.ContactId, nil
			},
			apply: func(*state, string) {}}
	case (r >= 8 && r <= 9 || full) && ownQueue != "":
		return deleteQueue
	case r >= 3 && r <= 4:
		name := fmt.Sprintf("r%d", n)
		return w.updateQueue(anyQueue, "UpdateQueueName "+name, func(c *connect.Client) error {
			_, err := c.UpdateQueueName(ctx(), &connect.UpdateQueueNameInput{InstanceId: &iid, QueueId: &anyQueue, Name: &name})
			return err
		}, func(q *queue) { q.Name = name })
	case r == 5:
		max := int32(n%90 + 1)
		return w.updateQueue(anyQueue, fmt.Sprintf("UpdateQueueMaxContacts %d", max), func(c *connect.Client) error {
			_, err := c.UpdateQueueMaxContacts(ctx(), &connect.UpdateQueueMaxContactsInput{InstanceId: &iid, QueueId: &anyQueue, MaxContacts: &max})
			return err
		}, func(q *queue) { q.MaxContacts = max })
	case r == 6:
		status := types.QueueStatusDisabled
		if s.queues[anyQueue].Status == string(status) {
			status = types.QueueStatusEnabled
		}
		return w.updateQueue(anyQueue, "UpdateQueueStatus "+string(status), func(c *connect.Client) error {
			_, err := c.UpdateQueueStatus(ctx(), &connect.UpdateQueueStatusInput{InstanceId: &iid, QueueId: &anyQueue, Status: status})
			return err
		}, func(q *queue) { q.Status = string(status) })
	case r == 7:
		return w.updateQueue(anyQueue, "UpdateQueueHoursOfOperation "+anyHours, func(c *connect.Client) error {
			_, err := c.UpdateQueueHoursOfOperation(ctx(), &connect.UpdateQueueHoursOfOperationInput{InstanceId: &iid, QueueId: &anyQueue, HoursOfOperationId: &anyHours})
			return err
		}, func(q *queue) { q.HoursID = anyHours })
	case r == 10 || r == 11:
		name, tz := fmt.Sprintf("h%d", n), zones[n%len(zones)]
		return write{desc: "CreateHoursOfOperation " + name, creates: "hours/",
			call: func(c *connect.Client) (string, error) {
				out, err := c.CreateHoursOfOperation(ctx(), &connect.CreateHoursOfOperationInput{InstanceId: &iid, Name: &name, TimeZone: &tz, Config: nineToFive})
				if err != nil {
					return "", err
				}
				return *out.HoursOfOperationId, nil
			},
			apply: func(s *state, id string) { s.hours[id] = hours{Name: name, TimeZone: tz} }}
	case r == 12:
		desc, tz := fmt.Sprintf("d%d", n), zones[(n+1)%len(zones)]
		return write{desc: "UpdateHoursOfOperation " + anyHours,
			call: func(c *connect.Client) (string, error) {
				_, err := c.UpdateHoursOfOperation(ctx(), &connect.UpdateHoursOfOperationInput{InstanceId: &iid, HoursOfOperationId: &anyHours, Description: &desc, TimeZone: &tz})
				return "", err
			},
			apply: func(s *state, _ string) {
				h := s.hours[anyHours]
				h.Description, h.TimeZone = desc, tz
				s.hours[anyHours] = h
			}}
	case r == 13 && unusedHours != "":
		return write{desc: "DeleteHoursOfOperation " + unusedHours,
			call: func(c *connect.Client) (string, error) {
				_, err := c.DeleteHoursOfOperation(ctx(), &connect.DeleteHoursOfOperationInput{InstanceId: &iid, HoursOfOperationId: &unusedHours})
				return "", err
			},
			apply: func(s *state, _ string) { delete(s.hours, unusedHours) }}
	case r == 14 && len(s.instances) < 3:
		alias := fmt.Sprintf("%s%d", w.prefix(), n)
		return write{desc: "CreateInstance " + alias, creates: "instance/",
			call: func(c *connect.Client) (string, error) {
				out, err := c.CreateInstance(ctx(), &connect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeConnectManaged,
					InstanceAlias: &alias, InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(false)})
				if err != nil {
					return "", err
				}
				return *out.Id, nil
			},
			apply: func(s *state, id string) { s.instances[id] = alias }}
	case r == 15 && extra != "":
		return write{desc: "DeleteInstance " + extra,
			call: func(c *connect.Client) (string, error) {
				_, err := c.DeleteInstance(ctx(), &connect.DeleteInstanceInput{InstanceId: &extra})
				return "", err
			},
			apply: func(s *state, _ string) { delete(s.instances, extra) }}
	}
	name, max := fmt.Sprintf("q%d", n), int32(n%50+1)
	return write{desc: "CreateQueue " + name, creates: "queue/",
		call: func(c *connect.Client) (string, error) {
			out, err := c.CreateQueue(ctx(), &connect.CreateQueueInput{InstanceId: &iid, Name: &name, HoursOfOperationId: &anyHours, MaxContacts: &max})
			if err != nil {
				return "", err
			}
			return *out.QueueId, nil
		},
		apply: func(s *state, id string) {
			s.queues[id] = queue{Name: name, HoursID: anyHours, Status: string(types.QueueStatusEnabled), MaxContacts: max}
		}}
}

func (w *worker) updateQueue(id, desc string, call func(*connect.Client) error, change func(*queue)) write {
	return write{desc: desc + " on queue " + id,
		call: func(c *connect.Client) (string, error) { return "", call(c) },
		apply: func(s *state, _ string) {
			q := s.queues[id]
			change(&q)
			s.queues[id] = q
		}}
}
