package doctor

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/dynamixs-ai/dxai/internal/fileerr"
	"github.com/dynamixs-ai/dxai/internal/hint"
)

// PathsIn is err's text with the file it is about shown as every message
// shows a path (Env.Path: ~/… under the home folder), for an error that
// names its file (a *fileerr.ParseError or an *fs.PathError).
func (e Env) PathsIn(err error) string {
	var pe *fileerr.ParseError
	var pathErr *fs.PathError
	switch {
	case errors.As(err, &pe) && pe.File != "":
		return strings.Replace(err.Error(), pe.File, e.Path(pe.File), 1)
	case errors.As(err, &pathErr) && pathErr.Path != "":
		return strings.Replace(err.Error(), pathErr.Path, e.Path(pathErr.Path), 1)
	}
	return err.Error()
}

// FileProblem is how doctor and status show a file at path that reader
// (Maven, docker) would read and that could not be read: the line, with
// the path shown as everywhere else, and its fix. A file that does not
// parse is fixed where it goes wrong; any other error keeps its own fix.
func (e Env) FileProblem(path, reader string, err error) (msg, fix string) {
	var pe *fileerr.ParseError
	if errors.As(err, &pe) {
		return e.PathsIn(err), fmt.Sprintf("fix %s at line %d, column %d: %s cannot read it either", e.Path(cmp.Or(pe.File, path)), pe.Line, pe.Col, reader)
	}
	return e.PathsIn(err), cmp.Or(hint.Of(err), "check the file and its permissions")
}
