// Package flowres is the contact flows' operations (their records are the
// instance's core map, which the façade's flow runtime reads), the
// default flows CreateInstance makes, and the resources flows use:
// prompts and their files, flow modules, hours-of-operation overrides,
// Lambda and Lex bot associations, flow and module versions and module
// aliases, and flow associations (docs/flows.md).
//
// It sits between internal/instance and the internal/service façade,
// which embeds a *FlowRes so the handlers call its methods by their names
// on the Service. The façade's flow runtime reads the resources through
// the package functions PromptName, ModuleContent, BotAssociated and
// HoursOpenAt (not methods, so they are not the Service's), and answers
// for the phone numbers it owns (New's phoneARN). Its records live in its
// own slot of each instance and its own schema entries (flowres.go).
//
// It must never import internal/service or another family package, never
// know HTTP, the wire format or the generated api types, and never read
// the time but from the core's clock or the time it is handed.
package flowres
