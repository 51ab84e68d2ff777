//go:build unix

package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// refuser makes the refusals of one check: an *UnsafeError like base
// for the culprit, with the fix and the reason, the path's own name in it
// shortened to "it".
func refuser(base UnsafeError) func(culprit, fix, format string, args ...any) error {
	return func(culprit, fix, format string, args ...any) error {
		e := base
		e.Culprit, e.fix, e.Reason = culprit, fix, fmt.Sprintf(format, args...)
		if rest, ok := strings.CutPrefix(e.Reason, base.Path+" "); ok {
			e.Reason = "it " + rest
		}
		return &e
	}
}

// check refuses to write path (resolved to real through links) when another
// user could read or redirect what is written: a link in the chain or the
// file itself owned by someone other than the caller or root, or a folder
// from the file's up to "/" that is owned by another user, or writable by
// others without the sticky bit, or by a group the caller need not trust
// (see trustedGroup). Root is trusted: it can read every file anyway.
func check(path, real string, links []string, kind Kind) error {
	me := os.Geteuid()
	refuse := refuser(UnsafeError{Path: path, Secret: kind == Secret})
	for _, l := range links {
		fi, err := os.Lstat(l)
		if err != nil {
			return err
		}
		if uid := ownerOf(fi); uid != me && uid != 0 {
			return refuse(l, fmt.Sprintf("remove %s unless you trust %s, or use a file of your own", l, userName(uid)),
				"%s is a symbolic link owned by %s, another user, who can point it anywhere", l, userName(uid))
		}
	}
	fi, err := os.Lstat(real)
	switch {
	case err == nil:
		if uid := ownerOf(fi); uid != me && uid != 0 {
			return refuse(real, fmt.Sprintf("use a file of your own; a file %s made is theirs to read", userName(uid)),
				"%s is owned by %s, another user", real, userName(uid))
		}
		if !fi.Mode().IsRegular() {
			return refuse(real, "remove it, or use another file", "%s is not a regular file (%v)", real, fi.Mode().Type())
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	for dir := filepath.Dir(real); ; dir = filepath.Dir(dir) {
		fi, err := os.Lstat(dir)
		if err == nil {
			if err := checkFolder(dir, fi, me, refuse); err != nil {
				return err
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if filepath.Dir(dir) == dir {
			return nil
		}
	}
}

// checkProgram refuses what check lets pass but a program must not have:
// real (the file path resolves to) writable by other users, anyone (o+w)
// or a group trustedGroup does not trust (g+w), whoever owns it; or a
// folder holding path or one of the links that led to real that another
// user can change (they could swap the link for a program of theirs).
func checkProgram(path, real string, links []string) error {
	me := os.Geteuid()
	refuse := refuser(UnsafeError{Path: path, Program: true})
	fi, err := os.Stat(real)
	if err != nil {
		return err
	}
	uid, gid, mode := ownerOf(fi), -1, fi.Mode()
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		gid = int(st.Gid)
	}
	fix := "use a program that only you or root can change"
	if uid == me {
		fix = fmt.Sprintf(`run "chmod go-w %s", or %s`, real, fix)
	}
	switch {
	case mode&0o002 != 0:
		return refuse(real, fix, "%s (owner %s) can be written by every user (mode %04o)", real, userName(uid), mode.Perm())
	case mode&0o020 != 0 && !trustedGroup(uid, gid, false):
		return refuse(real, fix, "%s (owner %s) can be written by group %s (mode %04o)", real, userName(uid), groupName(gid), mode.Perm())
	}
	for _, l := range append([]string{path}, links...) {
		if err := checkFolders(filepath.Dir(l), me, refuse); err != nil {
			return err
		}
	}
	return nil
}

// checkFolders applies checkFolder to dir and each folder above it as
// they are named, unresolved: a linked folder must be a link of the
// caller's or root's (check judges the folders it leads to).
func checkFolders(dir string, me int, refuse func(culprit, fix, format string, args ...any) error) error {
	for ; ; dir = filepath.Dir(dir) {
		fi, err := os.Lstat(dir)
		switch {
		case err != nil:
			return err
		case fi.Mode()&fs.ModeSymlink != 0:
			if uid := ownerOf(fi); uid != me && uid != 0 {
				return refuse(dir, "use a folder of your own or root's",
					"%s is a symbolic link owned by %s, another user, who can point it anywhere", dir, userName(uid))
			}
		default:
			if err := checkFolder(dir, fi, me, refuse); err != nil {
				return err
			}
		}
		if filepath.Dir(dir) == dir {
			return nil
		}
	}
}

// checkFolder applies check's rules to one folder.
func checkFolder(dir string, fi fs.FileInfo, me int, refuse func(culprit, fix, format string, args ...any) error) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	uid, gid, mode := int(st.Uid), int(st.Gid), fi.Mode()
	sticky := mode&fs.ModeSticky != 0
	elsewhere := "use a file in a folder that only you can change"
	switch {
	case uid != me && uid != 0:
		return refuse(dir, elsewhere,
			"the folder %s belongs to %s, another user, who can replace what is in it", dir, userName(uid))
	case mode&0o002 != 0 && !sticky:
		return refuse(dir, fixMode(dir, uid, me, "o-w", elsewhere),
			"the folder %s (owner %s) can be written by every user (mode %04o, no sticky bit)", dir, userName(uid), mode.Perm())
	case mode&0o020 != 0 && !sticky && !trustedGroup(uid, gid, true):
		return refuse(dir, fixMode(dir, uid, me, "g-w", elsewhere),
			"the folder %s (owner %s) can be written by group %s (mode %04o, no sticky bit)", dir, userName(uid), groupName(gid), mode.Perm())
	}
	return nil
}

// fixMode says how to close a folder the caller owns.
func fixMode(dir string, uid, me int, chmod, elsewhere string) string {
	if uid == me {
		return fmt.Sprintf(`run "chmod %s %s" if nobody else needs to write there, or %s`, chmod, dir, elsewhere)
	}
	return elsewhere
}

// trustedGroup reports whether the members of group gid, which may write
// a file or folder uid owns, are no one the caller need fear: root's group
// (gid 0), the caller's own private group, or, for a folder root owns,
// staff: Debian's /usr/local and /usr/local/bin are root:staff 2775, and
// by Debian's policy staff may change /usr/local as root would (its
// members can put programs first on everyone's PATH anyway). Any other
// group (root:users 0775) lets each of its members change what is there,
// even though root owns it: the owner alone proves nothing.
func trustedGroup(uid, gid int, folder bool) bool {
	return gid == 0 || privateGroup(gid) || folder && uid == 0 && groupNamed(gid) == "staff"
}

// groupNamed is gid's name, or "" for an unknown one.
func groupNamed(gid int) string {
	if g, err := user.LookupGroupId(strconv.Itoa(gid)); err == nil {
		return g.Name
	}
	return ""
}

// privateGroup reports whether gid is the caller's user private group: its
// primary group, named as the user is.
func privateGroup(gid int) bool {
	return gid == os.Getegid() && egidIsPrivate()
}

// egidIsPrivate is whether the caller's primary group is named as the
// caller is. It depends only on the process's ids, so it is looked up
// once: the helper's get checks several folders on every pull.
var egidIsPrivate = sync.OnceValue(func() bool {
	u, err := user.LookupId(strconv.Itoa(os.Geteuid()))
	if err != nil {
		return false
	}
	g, err := user.LookupGroupId(strconv.Itoa(os.Getegid()))
	return err == nil && g.Name == u.Username
})

func ownerOf(fi fs.FileInfo) int {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid)
	}
	return -1
}

// userName names uid as "name (uid N)", or "uid N" for an unknown one.
func userName(uid int) string {
	if u, err := user.LookupId(strconv.Itoa(uid)); err == nil {
		return fmt.Sprintf("%s (uid %d)", u.Username, uid)
	}
	return fmt.Sprintf("uid %d", uid)
}

func groupName(gid int) string {
	if name := groupNamed(gid); name != "" {
		return fmt.Sprintf("%s (gid %d)", name, gid)
	}
	return fmt.Sprintf("gid %d", gid)
}
