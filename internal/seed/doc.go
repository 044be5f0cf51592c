// Package seed creates a scenario's setup (internal/scenario) in a service,
// idempotently: every resource is looked up by name (the instance by its
// alias) and only the missing ones are created, so seeding again after a
// restart changes nothing. `serve --seed` and the simulations use it.
//
// It never updates or deletes what exists, and it uses the service's public
// methods only: it must never touch storage, HTTP or the service's state.
package seed
