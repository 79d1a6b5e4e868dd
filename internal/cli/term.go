package cli

import (
	"io"
	"os"
)

// isTerminal reports whether w is a terminal that understands "\r" and
// ANSI escape codes, so a progress bar can be redrawn there. A character
// device is not enough: /dev/null is one too. TERM=dumb (Emacs shells,
// some CI runners) also gets plain lines.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	return ansiTerminal(f)
}
