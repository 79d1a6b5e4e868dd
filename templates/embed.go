package templates

import (
	"embed"
	"io/fs"
)

//go:embed all:school-roadmap all:municipal-roadmap all:analysis all:analysis-report all:school-programme all:programme-appendix
var embedded embed.FS

//go:embed versions.lock
var lockFS embed.FS

// builtin is the embedded template tree (<id>/<version>/...).
var builtin fs.FS = embedded

// LockFile is the name of the lock file beside the template directories.
const LockFile = "versions.lock"
