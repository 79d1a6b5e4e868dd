package cli

import (
	"os"

	"golang.org/x/sys/unix"
)

// ansiTerminal asks the kernel for terminal attributes: only a tty has them.
func ansiTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}
