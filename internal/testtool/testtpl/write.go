package testtpl

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/kartograf-ru/kartograf/templates"
)

// WriteVersion writes a template version into dir/<id>/<version>: base's
// files under the manifest m, for an engine's TemplateDirs. Tests make new
// versions of the released templates this way, which get the defaults of
// versions released later (templates/defaults.go, typesetting.go).
func WriteVersion(t testing.TB, dir string, base *templates.Version, m *templates.Manifest) {
	t.Helper()
	vdir := filepath.Join(dir, m.ID, m.Version)
	if err := os.CopyFS(vdir, base.Files); err != nil {
		t.Fatal(err)
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(vdir, "manifest.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
