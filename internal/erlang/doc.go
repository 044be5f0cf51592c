// Package erlang computes what queueing theory says of simple contact
// centers, to check the engine against: Erlang C (M/M/c: Poisson arrivals,
// exponential handle times, c agents, no abandonment) in closed form, and
// Erlang A (M/M/c+M: exponential patience as well) numerically from its
// birth-death chain.
//
// It is pure arithmetic: it must never import the clock, the service or
// anything that runs contacts. internal/simulation and bench/erlang compare
// the engine's measurements with its numbers (docs/erlang.md).
package erlang
