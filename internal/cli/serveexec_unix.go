//go:build unix

package cli

import (
	"io/fs"
	"os"
	"syscall"
)

// canReplaceProcess: Unix can run another program in this process.
const canReplaceProcess = true

// replaceProcess runs path in place of this process (execve): the same
// PID, environment and open standard streams. It returns only on failure,
// as a *fs.PathError so that russianOS can name the file.
func replaceProcess(path string, args []string) error {
	err := syscall.Exec(path, append([]string{path}, args...), os.Environ())
	return &fs.PathError{Op: "exec", Path: path, Err: err}
}
