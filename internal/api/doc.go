// Package api holds the typed request and response shapes of the Amazon
// Connect API and the typed operation registry, both generated from the
// model by internal/model/modelgen, plus the few hand-written helpers they
// need (Time, pointer helpers).
//
// types_gen.go has one struct per model structure and NewInput, the empty
// input of an operation. operations_gen.go has Operations, one field per
// operation typed by its request and response (so a handler registered
// with the wrong types does not compile), and ByName, which erases those
// types for the wire layer.
//
// It owns wire shapes only: no behaviour, no validation (the wire package
// validates against the model before anything reaches these types), and it
// must never import the packages that implement operations. Regenerate with
// go generate ./internal/model (or scripts/regen-model); never edit the
// *_gen.go files by hand.
package api
