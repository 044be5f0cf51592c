// Command modelgen regenerates connect-local's copy of the Amazon Connect API
// model and the typed Go code built from it.
//
// Source: botocore's data/connect/2017-08-08/service-2.json(.gz), the official
// AWS service model distributed under the Apache License 2.0
// (https://github.com/boto/botocore). The trimmed copy drops documentation
// strings and examples and keeps shapes, traits, HTTP bindings and errors;
// trimming a trimmed model changes nothing, so it can also read back
// internal/model/connect.json.
//
// It writes three files: the trimmed model (internal/model/connect.json), the
// request and response structs (internal/api/types_gen.go) and the typed
// operation registry (internal/api/operations_gen.go: api.Operations, one
// typed field per operation, so that registering a handler of the wrong
// type is a build error). It must never write anything else, and the files
// it writes must never be edited by hand.
//
// Usage (from the repository root; go generate ./internal/model runs
// scripts/regen-model, which finds botocore for you):
//
//	go run ./internal/model/modelgen -in path/to/service-2.json.gz
package main
