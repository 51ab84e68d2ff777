//go:build !unix

package keyringtest

import "errors"

func pause(int) error { return errors.New("the hung keyring state needs a Unix system") }

func resume(int) {}
