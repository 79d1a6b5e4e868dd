package templates

import (
	"strings"
	"testing"
)

// A manifest's pdf.conformance takes the known levels only.
func TestManifestPDFConformance(t *testing.T) {
	reg, err := New()
	if err != nil {
		t.Fatal(err)
	}
	v, err := reg.Resolve("school-roadmap@1.1.0")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"", ConformanceNone, PDFA2u, PDFA3u} {
		m := v.Manifest
		m.PDF.Conformance = c
		if err := m.check(); err != nil {
			t.Errorf("%q: %v", c, err)
		}
	}
	m := v.Manifest
	m.PDF.Conformance = "PDF/A-1b"
	if err := m.check(); err == nil || !strings.Contains(err.Error(), "pdf.conformance") {
		t.Errorf("PDF/A-1b: %v", err)
	}
	if v.Manifest.PDF.Conformance != "" {
		t.Errorf("released school-roadmap@1.1.0 asks for %q: its bytes would change", v.Manifest.PDF.Conformance)
	}
}
