package templates

import (
	"strings"
	"testing"
)

// signature_mark takes the two editions of ГОСТ Р 7.0.97 and nothing else;
// the released versions leave it empty (the 2016 form they print).
func TestManifestSignatureMarkChecked(t *testing.T) {
	reg, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range reg.List() {
		if v.Manifest.SignatureMark != "" {
			t.Errorf("%s: a released version sets signature_mark %q", v.Ref(), v.Manifest.SignatureMark)
		}
	}
	v, err := reg.Resolve("school-roadmap@1.1.0")
	if err != nil {
		t.Fatal(err)
	}
	for _, form := range []string{"", MarkForm2016, MarkForm2025} {
		m := v.Manifest
		m.SignatureMark = form
		if err := m.check(); err != nil {
			t.Errorf("signature_mark %q: %v", form, err)
		}
	}
	for _, form := range []string{"2018", "gost", " 2025"} {
		m := v.Manifest
		m.SignatureMark = form
		if err := m.check(); err == nil || !strings.Contains(err.Error(), "signature_mark:") {
			t.Errorf("signature_mark %q: %v, want a problem of signature_mark", form, err)
		}
	}
}
