package kartograf

import (
	"runtime/debug"
	"strings"
)

// version is set by the container build:
//
//	go build -ldflags "-X github.com/kartograf-ru/kartograf.version=v1.2.3"
//
// It wins over what the Go toolchain stamped, because a container build
// usually has no .git to stamp from.
var version string

// Version is the Kartograf version written into every output (the PDF
// Creator, DOCX/XLSX properties, batch indexes, the service's
// X-Kartograf-Version). It comes from the build, not from a constant: the
// -ldflags value above, else the main module version the toolchain stamped
// (a tag, or a pseudo-version with the commit when built from the repo),
// else "devel". `go test` does not stamp, so tests see a stable "devel"
// and golden outputs stay deterministic; any one binary always writes the
// same value.
var Version = Build().Version

// BuildInfo describes the running binary.
type BuildInfo struct {
	Version  string // as in Version
	Revision string // VCS commit, 12 hex digits; empty when not stamped
	Time     string // commit time, RFC 3339; empty when not stamped
	Modified bool   // built from a working tree with uncommitted changes
}

// Build reads the version and VCS stamp of the running binary.
func Build() BuildInfo {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	return buildInfo(info, version)
}

// buildInfo is Build with its inputs explicit, for tests.
func buildInfo(info *debug.BuildInfo, override string) BuildInfo {
	var b BuildInfo
	if info != nil {
		b.Version = info.Main.Version
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Revision = s.Value
			case "vcs.time":
				b.Time = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	if len(b.Revision) > 12 {
		b.Revision = b.Revision[:12]
	}
	if b.Version == "" || b.Version == "(devel)" {
		b.Version = "devel"
		if b.Revision != "" {
			b.Version += "-" + b.Revision
			if b.Modified {
				b.Version += "+dirty"
			}
		}
	}
	if o := strings.TrimSpace(override); o != "" {
		b.Version = o
	}
	return b
}

// String is the line `kartograf version` prints, e.g.
// «kartograf v1.2.3 (ревизия 0123abcd4567, 2026-12-01T03:59:14Z)».
func (b BuildInfo) String() string {
	s := "kartograf " + b.Version
	if b.Revision == "" {
		return s
	}
	rev := b.Revision
	if b.Modified {
		rev += ", с незафиксированными изменениями"
	}
	if b.Time != "" {
		rev += ", " + b.Time
	}
	return s + " (ревизия " + rev + ")"
}
