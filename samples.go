package kartograf

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

// samples are real-shaped documents of the templates the two seeds do not
// use; with the seeds they give every built-in template a sample to show.
//
//go:embed testdata/documents/analysis.json testdata/documents/appendix-grif.json testdata/documents/programme-cover-contents.json
var samples embed.FS

// Samples returns the built-in sample documents: the two reference
// documents (Demos), then a sample of each other built-in template
// (analysis, programme appendix, school programme). The web page previews
// a template version with the first sample it accepts.
func Samples() []Demo {
	out := Demos()
	entries, _ := fs.Glob(samples, "testdata/documents/*.json")
	for _, p := range entries {
		data, _ := samples.ReadFile(p)
		out = append(out, Demo{Name: strings.TrimSuffix(path.Base(p), ".json"), JSON: data})
	}
	return out
}
