//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd && !dragonfly && !windows

package cli

import "os"

// ansiTerminal: without a known way to ask, plain lines are the safe side.
func ansiTerminal(*os.File) bool { return false }
