//go:build !unix

package cli

import "errors"

// canReplaceProcess: without execve (Windows) kartograf-serve runs as a
// child of this process.
const canReplaceProcess = false

func replaceProcess(string, []string) error {
	return errors.New("replacing the process is not supported here")
}
