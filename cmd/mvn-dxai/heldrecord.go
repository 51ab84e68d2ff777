package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
	"github.com/dynamixs-ai/dxai/internal/state"
)

// heldRecord is the record's lock as a verb holds it (state.Held), with
// the folders that taking it made: the lock folder and the folders above
// it, up to the user's config folder itself when there was none.
type heldRecord struct {
	*state.Held
	path string   // the record
	made []string // the folders that were missing, deepest first
}

// holdRecord takes init's record's lock for a verb that changes the
// record or the copies it lists (see state.Held): before the verb reads
// the record and before its first change, so that what it reads stays the
// record on disk until it saves, and a lock held elsewhere stops it with
// nothing changed. The caller releases it when it ends. The caller reads
// its input (a prompt, stdin) and checks it first: the holder must never
// wait on a person, as other verbs and the helper's handoff wait for it.
func (u *ui) holdRecord() (*heldRecord, error) {
	path, err := u.recordPath()
	if err != nil {
		return nil, err
	}
	made := missingFolders(atomicfile.LockDir())
	for _, dir := range missingFolders(filepath.Dir(path)) {
		if !slices.Contains(made, dir) {
			made = append(made, dir)
		}
	}
	// Deepest first, so that each is empty when its turn comes.
	slices.SortFunc(made, func(a, b string) int { return len(b) - len(a) })
	held, err := state.Hold(path) // a held lock's and a refused file's errors know their fix
	if err != nil {
		removeIfEmpty(made)
		return nil, err
	}
	return &heldRecord{Held: held, path: path, made: made}, nil
}

// Release lets go of the lock. When the verb leaves no record, the folders
// that taking the lock made go again if they are empty: a verb with
// nothing to record (a logout with nothing set up, an init that stopped)
// leaves nothing behind, not even ~/.config. A folder that holds anything
// stays (another process's lock, a file of the user's). Release may be
// called more than once.
func (h *heldRecord) Release() {
	h.Held.Release()
	if _, err := os.Lstat(h.path); errors.Is(err, fs.ErrNotExist) {
		removeIfEmpty(h.made)
	}
	h.made = nil
}

// missingFolders are dir and the folders above it that do not exist.
func missingFolders(dir string) []string {
	var out []string
	for dir = filepath.Clean(dir); ; dir = filepath.Dir(dir) {
		if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
			return out
		}
		out = append(out, dir)
		if filepath.Dir(dir) == dir {
			return out
		}
	}
}

// removeIfEmpty removes each folder in dirs, in order, that is a folder
// and empty; failing to is only untidy.
func removeIfEmpty(dirs []string) {
	for _, dir := range dirs {
		if fi, err := os.Lstat(dir); err == nil && fi.IsDir() {
			_ = os.Remove(dir) // fails unless empty
		}
	}
}
