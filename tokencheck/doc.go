// Package tokencheck asks GitHub about a token: Client asks api.github.com
// (or a GitHub Enterprise API) who owns it, its scopes and org membership,
// and CheckRegistry logs in to a container registry the way `docker login`
// does. It refuses to send a token over plain http except to loopback.
// What a token looks like offline (its kind, Mask, the shared-entry rule)
// is package tokenshape, which links no network code. Nothing here ever
// puts a token in an error or warning: messages show it masked (ghp_…c0de)
// or not at all.
package tokencheck
