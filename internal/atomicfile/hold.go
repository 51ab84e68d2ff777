package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
)

// Held is the lock on one file, taken once by Hold and held across any
// number of read-modify-write cycles on that file until Release: for a
// run that must change that file and others as one unit (mvn-dxai init
// and logout change the record and the copies it lists).
//
// Lock order: a caller holding a file this way may take other files'
// locks (every Update does) but must never Hold, Lock or Update the held
// file another way meanwhile: flock on a second descriptor blocks even in
// the same process, so that would wait LockTimeout for itself.
type Held struct {
	path   string
	kind   Kind
	real   string
	unlock func()
}

// ErrReleased is an Update on a Held lock after its Release.
var ErrReleased = errors.New("atomicfile: the lock was released")

// Hold runs the checks of kind on the file at path (another user's file,
// link or folder is refused, as on writing), then takes its lock, waiting
// at most LockTimeout (a *LockError). Nothing is read or written.
func Hold(path string, kind Kind) (*Held, error) {
	real, _, err := prepare(path, kind)
	if err != nil {
		return nil, err
	}
	unlock, err := Lock(real)
	if err != nil {
		return nil, err
	}
	return &Held{path: path, kind: kind, real: real, unlock: unlock}, nil
}

// Update is UpdateAs under the held lock, which it does not take again.
// The path is resolved and checked again: one that resolves elsewhere now
// (a link swapped meanwhile) is refused, as the lock does not guard it.
func (h *Held) Update(perm fs.FileMode, fn func(old []byte, exists bool) ([]byte, error)) (bool, error) {
	if h.unlock == nil {
		return false, ErrReleased
	}
	real, links, err := prepare(h.path, h.kind)
	if err != nil {
		return false, err
	}
	if real != h.real {
		return false, fmt.Errorf("%s now leads to %s, not to %s, whose lock is held: run the command again", h.path, real, h.real)
	}
	var removed bool
	changed, err := update(h.path, real, links, perm, h.kind, fn, &removed)
	if errors.Is(err, errMoved) {
		// A removal found a file put where a link was: its lock is not
		// the one held, so it is not removed from here.
		return removed, fmt.Errorf("%s changed while it was being removed: run the command again", h.path)
	}
	return changed, err
}

// Release lets go of the lock; it may be called more than once.
func (h *Held) Release() {
	if h.unlock != nil {
		h.unlock()
		h.unlock = nil
	}
}
