// Package connectlocaltest is the httptest of Amazon Connect: Start runs an
// in-process connect-local server for one test, on a free loopback port,
// with storage in memory and a virtual clock the test moves, and hands back
// its endpoint, an AWS SDK for Go v2 Connect client configured for it and
// the clock. The server stops when the test ends.
//
//	srv := connectlocaltest.Start(t)
//	out, err := srv.Client.CreateInstance(ctx, &connect.CreateInstanceInput{...})
//	srv.Clock.Advance(time.Minute) // timers (ring, ACW, routing steps, scheduled tasks) fire
//
// It is the only package of the module outside internal/ meant to be
// imported by other modules; importing it makes the AWS SDK for Go v2's
// Connect client a dependency of the importer, which is its purpose. It
// never reads the wall clock: the virtual clock starts at DefaultStart
// unless WithStart says otherwise. See examples/gotest for a whole test.
package connectlocaltest
