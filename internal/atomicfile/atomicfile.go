// Package atomicfile writes a file so that its path holds either the old
// content or the new one in full: never a partial file, even when the
// process is killed or the write fails half-way. The CLI's outputs and a
// batch run's files and state records are all written through it.
//
// The content goes to a temporary file beside the target (the same
// directory, so the final rename stays on one file system and is atomic),
// is synced to disk, and is then renamed over the target. The temporary
// file is named "." + base + ".<random>" + TempSuffix, so that a run which
// was killed before the rename leaves a hidden file IsTemp recognises and a
// later run can remove.
package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// TempSuffix ends the name of every temporary file Write creates.
const TempSuffix = ".tmp"

// Mode is the permission a written file gets unless the caller asks for
// another: os.CreateTemp makes files 0600, too narrow for documents meant
// to be shared.
const Mode fs.FileMode = 0o644

// Write creates or replaces path with what write writes to the temporary
// file it is given, then gives the file the permission perm (0 means
// Mode). When write or any later step fails, the target is left as it was
// and the temporary file is removed; the error of write is returned as it
// is.
//
// When the temporary file cannot be created the error is an *fs.PathError
// with Op "createtemp" whose Path is the temporary file's pattern in the
// target directory, as os.CreateTemp reports its own failures: the
// directory is filepath.Dir of it, which is what a user should be told
// about, not a random name.
func Write(path string, perm fs.FileMode, write func(w io.Writer) error) error {
	return writeFile(path, perm, true, write)
}

func writeFile(path string, perm fs.FileMode, sync bool, write func(w io.Writer) error) error {
	if perm == 0 {
		perm = Mode
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	pattern := "." + base + ".*" + TempSuffix
	tmp, err := os.CreateTemp(dir, pattern)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return &fs.PathError{Op: "createtemp", Path: filepath.Join(dir, pattern), Err: pe.Err}
		}
		return err
	}
	renamed := false
	defer func() {
		if !renamed {
			tmp.Close() // a second Close after a successful one only errs
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return err
	}
	// Without the sync a crash soon after the rename can leave an empty
	// file under the target's name on file systems that order metadata
	// before data.
	if sync {
		if err := tmp.Sync(); err != nil {
			return err
		}
	}
	// Through the open descriptor: no second lookup of the path.
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	renamed = true
	return nil
}

// WriteFile is Write for content already in memory.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return writeFile(path, perm, true, bytesWriter(data))
}

// WriteFileUnsynced is WriteFile without the sync before the rename: still
// all or nothing while the system runs, but after a power cut the target
// may be empty or torn. It is for callers that check what they wrote
// before trusting it — a batch run compares every file's size and SHA-256
// with its state before it skips a school — and write so many files that a
// sync each (milliseconds on a spinning disk) would cost more than making
// them.
func WriteFileUnsynced(path string, data []byte, perm fs.FileMode) error {
	return writeFile(path, perm, false, bytesWriter(data))
}

func bytesWriter(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}

// IsTemp reports whether name (a base name) is one Write gives its
// temporary files, that is a file a killed writer may have left behind.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.HasSuffix(name, TempSuffix) && len(name) > 1+len(TempSuffix)
}
