// Package scenario owns the scenario file format: one YAML document that
// describes an instance's setup (hours, queues, routing profiles, agent
// statuses, predefined attributes, users with proficiencies, shifts and
// breaks, flows) and, optionally, a workload to simulate over it (per contact
// type: arrivals, channel, routing criteria, handle-time, after-contact-work
// and patience distributions, attributes, transcript templates).
//
// It parses and validates; every problem names the file, line and field. It
// never talks to the service: internal/seed creates a setup and
// internal/simulation runs a workload.
package scenario
