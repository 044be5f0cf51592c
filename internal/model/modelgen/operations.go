package main

import (
	"bytes"
	"fmt"
	"go/format"
	"sort"
)

// genOperations writes the typed operation registry: api.Operations has one
// field per operation of the model, typed by its input and output shapes,
// and ByName erases the types for the wire layer. An operation without an
// input takes only the context; one without an output returns only an
// error.
func (g gen) operations(m map[string]any) ([]byte, error) {
	ops := m["operations"].(map[string]any)
	names := make([]string, 0, len(ops))
	for n := range ops {
		names = append(names, n)
	}
	sort.Strings(names)
	shapeOf := func(o map[string]any, key string) string {
		if ref, ok := o[key].(map[string]any); ok {
			return goName(ref["shape"].(string))
		}
		return ""
	}
	// The registry's promise that a handler cannot sit under another
	// operation's name rests on every operation having its own request type.
	inputOf := map[string]string{}
	for _, n := range names {
		if in := shapeOf(ops[n].(map[string]any), "input"); in != "" {
			if prev, dup := inputOf[in]; dup {
				return nil, fmt.Errorf("modelgen: %s and %s share the input shape %s; api.Operations would not tell them apart", prev, n, in)
			}
			inputOf[in] = n
		}
	}
	var b bytes.Buffer
	b.WriteString(g.header(m))
	b.WriteString("package " + g.pkg + "\n\n")
	b.WriteString(`import "context"

// Operations holds one typed implementation per operation of the model. A
// nil field is an operation that is not implemented. A function whose
// request or response type is not the operation's does not compile, and
// every operation has its own request type, so a handler cannot be
// registered under another operation's name.
type Operations struct {
`)
	for _, n := range names {
		o := ops[n].(map[string]any)
		in, out := shapeOf(o, "input"), shapeOf(o, "output")
		fmt.Fprintf(&b, "\t%s %s\n", goName(n), funcType(in, out))
	}
	b.WriteString(`}

// ByName returns the implemented operations by model name, with their types
// erased for the wire layer: each takes the input that NewInput makes for
// the operation (nil when it has none) and returns its output, or nil when
// the operation has no output or the function returned a nil response.
func (o *Operations) ByName() map[string]func(context.Context, any) (any, error) {
	m := map[string]func(context.Context, any) (any, error){}
`)
	for _, n := range names {
		o := ops[n].(map[string]any)
		in, out := shapeOf(o, "input"), shapeOf(o, "output")
		eraser := map[[2]bool]string{{true, true}: "erase", {true, false}: "eraseNoOutput", {false, true}: "eraseNoInput", {false, false}: "eraseNeither"}[[2]bool{in != "", out != ""}]
		fmt.Fprintf(&b, "\tif o.%s != nil {\n\t\tm[%q] = %s(o.%s)\n\t}\n", goName(n), n, eraser, goName(n))
	}
	b.WriteString(`	return m
}

func erase[I, O any](f func(context.Context, *I) (*O, error)) func(context.Context, any) (any, error) {
	return func(ctx context.Context, in any) (any, error) {
		out, err := f(ctx, in.(*I))
		if err != nil || out == nil {
			return nil, err
		}
		return out, nil
	}
}

func eraseNoOutput[I any](f func(context.Context, *I) error) func(context.Context, any) (any, error) {
	return func(ctx context.Context, in any) (any, error) { return nil, f(ctx, in.(*I)) }
}

func eraseNoInput[O any](f func(context.Context) (*O, error)) func(context.Context, any) (any, error) {
	return func(ctx context.Context, _ any) (any, error) {
		out, err := f(ctx)
		if err != nil || out == nil {
			return nil, err
		}
		return out, nil
	}
}

func eraseNeither(f func(context.Context) error) func(context.Context, any) (any, error) {
	return func(ctx context.Context, _ any) (any, error) { return nil, f(ctx) }
}
`)
	return format.Source(b.Bytes())
}

// funcType is the Go type of an operation with the given input and output
// struct names ("" for none).
func funcType(in, out string) string {
	params := "context.Context"
	if in != "" {
		params += ", *" + in
	}
	results := "error"
	if out != "" {
		results = "(*" + out + ", error)"
	}
	return "func(" + params + ") " + results
}
