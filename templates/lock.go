package templates

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"strings"
)

// ReadLock parses versions.lock: one "id@version sha256:<hex>" per line;
// blank lines and lines starting with # are ignored.
func ReadLock(data []byte) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 || !strings.Contains(f[0], "@") || !strings.HasPrefix(f[1], "sha256:") {
			return nil, fmt.Errorf("%s:%d: ожидается «id@version sha256:…»", LockFile, n)
		}
		if _, dup := out[f[0]]; dup {
			return nil, fmt.Errorf("%s:%d: %s указан дважды", LockFile, n, f[0])
		}
		out[f[0]] = f[1]
	}
	return out, sc.Err()
}

// BuiltinLock returns the embedded versions.lock.
func BuiltinLock() ([]byte, error) { return fs.ReadFile(lockFS, LockFile) }
