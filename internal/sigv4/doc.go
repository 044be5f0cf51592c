// Package sigv4 is connect-local's strict authentication (--auth strict): it
// verifies AWS Signature Version 4 on every request, in the Authorization
// header or in a presigned query string, against a credentials file that
// maps access key IDs to secret keys and accounts (docs/errors.md#errors).
//
// It never canonicalises requests itself: it rebuilds the request the
// client signed, from the signed headers only, and signs it again with the
// AWS SDK for Go v2's signer (aws/signer/v4), then compares the two
// signatures in constant time. It must never log or return a secret, and it
// reads time only from the clock it is given (the wall clock: SigV4's
// five-minute window is about real time, whatever the server's clock says).
package sigv4
