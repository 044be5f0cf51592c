// Package participant serves the Amazon Connect Participant Service
// (connectparticipant, 2018-09-07) over a chat.Hub: its 11 operations,
// typed by the generated papi package and authenticated by the
// X-Amz-Bearer token alone, and the endpoints its answers point to (the
// WebSocket, the pre-signed attachment URLs). It also connects the Hub to
// the contact engine (Bind): the engine's events tell the Hub when an agent
// connects and when a contact ends, and the Hub asks the engine to end a
// contact when a participant leaves or the chat's duration runs out.
//
// It must not touch storage or the engine's internals: everything it asks
// of the service goes through the service's public methods.
package participant
