// Package storagetest is the conformance suite every storage.Store backend
// must pass (Run, called from each backend's own tests), and Faulty, a Store
// wrapper that fails writes on demand as a full or unwritable disk would,
// for tests that prove a failed write stored nothing.
//
// It is for tests only: the server must never import it.
package storagetest
