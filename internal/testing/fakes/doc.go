// Package fakes runs faithful local stand-ins for the GitHub services dxai
// talks to — ghcr.io, maven.pkg.github.com and api.github.com — on 127.0.0.1,
// for tests in any package and for testscript setups.
//
// Every behaviour is taken from the project's notes on GitHub's real
// responses, GITHUB.md, which are kept beside the project rather than in
// this repository; the comment at each behaviour says what it reproduces
// and cites the notes' section, e.g. "GITHUB.md §1 Token endpoint". Where
// the notes mark a fact as unconfirmed, the fake's choice is said to be a
// choice.
//
// Constructors take no testing.T: they return (*X, error), and every fake has
// Close. All fakes are safe for concurrent use and record what they were sent,
// including the credentials, so tests can assert on them. Test tokens are
// recorded in clear; never hand a fake a real token.
package fakes
