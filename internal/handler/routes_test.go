package handler

import (
	"reflect"
	"testing"

	"github.com/connect-local/connect-local/internal/model"
)

// TestEveryOperationRegisteredOnce: every handler method named after a
// model operation is registered, every registered operation has its
// same-named handler, each is registered by exactly one assignment in the
// x...Routes functions, and Routes hands the wire layer exactly those.
// (That each handler has its operation's types is checked by the compiler:
// api.Operations fields are typed, and no two operations share a request
// type.)
func TestEveryOperationRegisteredOnce(t *testing.T) {
	m := model.MustLoad()
	ops := reflect.ValueOf(New(nil).Operations()).Elem()
	registered := map[string]bool{}
	for i := range ops.NumField() {
		if !ops.Field(i).IsNil() {
			registered[ops.Type().Field(i).Name] = true
		}
	}
	if len(registered) == 0 {
		t.Fatal("no operation is registered")
	}

	ht := reflect.TypeFor[*Handler]()
	for i := range ht.NumMethod() {
		name := ht.Method(i).Name
		if _, isOp := m.Operations[name]; isOp && !registered[name] {
			t.Errorf("Handler.%s implements an operation but is not registered", name)
		}
	}
	for name := range registered {
		if _, ok := ht.MethodByName(name); !ok {
			t.Errorf("%s is registered but Handler has no method %s", name, name)
		}
	}

	times := map[string]int{}
	for _, f := range routeFamilies(t) {
		for _, name := range f.ops {
			times[name]++
		}
	}
	for name := range registered {
		if times[name] != 1 {
			t.Errorf("%s is assigned %d times in the x...Routes functions, want once", name, times[name])
		}
	}

	routes := New(nil).Routes()
	if len(routes) != len(registered) {
		t.Errorf("Routes has %d operations, api.Operations %d", len(routes), len(registered))
	}
	for name := range registered {
		if routes[name] == nil {
			t.Errorf("%s is registered but not in Routes", name)
		}
	}
}
