// Package chat owns the conversations of chat contacts: their participants
// and tokens, the transcript items (messages, events, attachments) in the
// order they happened, the attachment bytes, and the live WebSocket
// connections that every item is pushed to as it happens, in the protocol
// amazon-connect-chatjs speaks (aws/subscribe, aws/heartbeat, aws/ping,
// aws/chat). docs/chat.md describes the behaviour and its limits.
//
// It knows neither HTTP routing nor the contact engine: the participant
// package serves the Amazon Connect Participant Service over a Hub, and
// the engine reaches a Hub through the Engine interface its owner gives
// it. A Hub never calls the Engine while it holds its own lock, so the
// engine may tell it about contacts (Joined, Ended) from under its lock.
// Time comes from the clock it is given, never from time.Now.
package chat
