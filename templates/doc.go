// Package templates holds Kartograf's versioned templates and the registry
// that resolves a reference such as "school-roadmap@1.0.0" (or just
// "school-roadmap" for the latest version) to one immutable version.
//
// Each version lives in <id>/<version>/ and is described by manifest.json:
// document kinds, page size and orientation, margins, fonts and sizes, the
// default plan columns and fixed texts. A released version never changes:
// versions.lock records each version's content hash and a test fails when
// the files no longer match it; a change in layout is a new version.
// Extra template directories can be added at run time (Registry.AddDir,
// the CLI's --templates flag or KARTOGRAF_TEMPLATES) without rebuilding.
package templates
