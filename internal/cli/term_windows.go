package cli

import (
	"os"

	"golang.org/x/sys/windows"
)

// ansiTerminal is true for a console that processes escape codes: Windows
// 10 and later once virtual terminal processing is on (we switch it on);
// an older console refuses the mode and gets plain lines.
func ansiTerminal(f *os.File) bool {
	h := windows.Handle(f.Fd())
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return false // not a console: a pipe or a file
	}
	if mode&windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
		return true
	}
	return windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) == nil
}
