// Package api holds the typed request and response shapes of the Amazon
// Connect API, generated from the model by internal/model/modelgen, plus the
// few hand-written helpers they need (Time, pointer helpers).
//
// It owns wire shapes only: no behaviour, no validation (the wire package
// validates against the model before anything reaches these types).
// Regenerate with scripts/regen-model; never edit types_gen.go by hand.
package api
