// Package clock owns time for the whole server. Nothing in the server
// (cmd/ and internal/) outside this package calls time.Now: every component
// receives a Clock, which is what makes the virtual clock, deterministic
// tests and fast simulation possible.
//
// Real follows the wall clock. Virtual stands still until Advance (or Set)
// moves it; timers registered with AfterFunc fire, in time order, as it
// moves (Schedule registers one its caller will never stop, without
// allocating its Timer). Stopwatch measures elapsed wall time (request latency, how fast a
// simulation ran) whatever the server's clock is; the wall-clock needs that
// must not follow a virtual clock (the SigV4 window, throttling) take a
// clock.Real.
//
// It owns the notion of now and nothing else: it must never know about
// contacts, agents or any other domain type, and never sleep on behalf of a
// caller.
package clock
