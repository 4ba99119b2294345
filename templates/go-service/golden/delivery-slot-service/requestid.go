package main

import (
	"crypto/rand"
	"fmt"
	"regexp"
)

// requestIDPattern is what a caller may send as X-Request-Id and have echoed
// and logged: 1 to 128 characters of letters, digits and . _ : - (UUIDs,
// ULIDs, trace ids). Anything else (line breaks, quotes, non-ASCII, 10 kB of
// padding) could forge or bloat log lines, so it is replaced by a fresh id
// rather than refused: a bad id from a proxy must not fail the request.
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

// requestIDFrom returns the caller's id when it is acceptable, else a new one.
func requestIDFrom(header string) string {
	if requestIDPattern.MatchString(header) {
		return header
	}
	return newRequestID()
}

// newRequestID returns a random (version 4) UUID.
func newRequestID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // the kernel's random source failing is not recoverable
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
