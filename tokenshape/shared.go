package tokenshape

// ErrFineGrained refuses a fine-grained personal access token for the
// shared entry: GitHub Packages accepts only classic ones.
var ErrFineGrained error = &Error{`the token is a fine-grained personal access token (github_pat_…): GitHub Packages accepts only classic personal access tokens, so docker and Maven would get "denied"`,
	createFix}

// ForSharedEntry is the one answer to "may this token go into the shared
// entry", for mvn-dxai init and for the helper's store alike: Check's
// refusals (no token shape, a refresh token, characters tokens never
// have), ErrFineGrained, and a token whose prefix names a fixed shape
// that it has not (Fits: ghp_, gho_ and ghu_ are 40 characters long,
// ghs_ at least 40): GitHub issues no other, so it is a bad copy, and the
// shared entry would hand it to docker and Maven only for GitHub to
// refuse it. Its warnings are Check's, for what may go in.
// Nothing here asks GitHub.
func ForSharedEntry(token string) (Kind, []error, error) {
	kind, warnings, err := Check(token)
	if err != nil {
		return kind, nil, err
	}
	if kind == FineGrained {
		return kind, nil, ErrFineGrained
	}
	if err := Fits(token); err != nil {
		return kind, nil, err
	}
	return kind, warnings, nil
}
