package templates

import (
	"strings"
	"testing"
)

// The legacy list is exactly the built-in versions released before the
// archival defaults: each is locked, and none chooses a conformance or a
// mark (it prints what it always printed). A built-in version released
// later is not on it and so gets PDF/A-2u and the 2025 mark unless it
// says otherwise.
func TestLegacyVersionsAreLocked(t *testing.T) {
	lockData, err := BuiltinLock()
	if err != nil {
		t.Fatal(err)
	}
	lock, err := ReadLock(lockData)
	if err != nil {
		t.Fatal(err)
	}
	for ref := range legacyVersions {
		if _, ok := lock[ref]; !ok {
			t.Errorf("%s is on the legacy list but not in %s", ref, LockFile)
		}
	}
	reg, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range reg.List() {
		m := v.Manifest
		if m.Legacy() && (m.PDF.Conformance != "" || m.SignatureMark != "") {
			t.Errorf("%s: a legacy version chooses pdf.conformance %q, signature_mark %q", v.Ref(), m.PDF.Conformance, m.SignatureMark)
		}
		if m.Legacy() && (m.PDFConformance() != ConformanceNone || m.MarkForm() != MarkForm2016) {
			t.Errorf("%s: legacy defaults %s, %s", v.Ref(), m.PDFConformance(), m.MarkForm())
		}
	}
}

// A new version of a released template — the released manifest under a
// new version number — gets the new defaults, and keeps what it chooses.
func TestNewVersionDefaults(t *testing.T) {
	reg, err := New()
	if err != nil {
		t.Fatal(err)
	}
	v, err := reg.Resolve("school-roadmap@1.1.0")
	if err != nil {
		t.Fatal(err)
	}
	m := v.Manifest
	m.Version = "1.2.0"
	if m.Legacy() || m.PDFConformance() != PDFA2u || m.MarkForm() != MarkForm2025 {
		t.Fatalf("a new version: legacy %v, %s, %s; want PDF/A-2u and the 2025 mark", m.Legacy(), m.PDFConformance(), m.MarkForm())
	}
	m.PDF.Conformance, m.SignatureMark = ConformanceNone, MarkForm2016
	if m.PDFConformance() != ConformanceNone || m.MarkForm() != MarkForm2016 {
		t.Fatalf("a new version that chooses plain PDF and the 2016 mark: %s, %s", m.PDFConformance(), m.MarkForm())
	}
	m.PDF.Conformance = PDFA3u
	if m.PDFConformance() != PDFA3u || !strings.HasPrefix(m.PDFConformance(), "PDF/A") {
		t.Fatalf("PDF/A-3u chosen: %s", m.PDFConformance())
	}
}

// Released versions break lines greedily (their bytes); a new version
// breaks optimally unless it chooses greedy; bad settings name the field.
func TestTypesettingDefaults(t *testing.T) {
	reg, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range reg.List() {
		if m := v.Manifest; m.Legacy() && (m.Breaking() != BreakGreedy || m.Typesetting.Breaking != "") {
			t.Errorf("%s: legacy version breaks %q (chooses %q)", v.Ref(), m.Breaking(), m.Typesetting.Breaking)
		}
	}
	v, err := reg.Resolve("analysis@1.1.0")
	if err != nil {
		t.Fatal(err)
	}
	m := v.Manifest
	m.Version = "1.2.0"
	if !m.Optimal() {
		t.Fatalf("a new version breaks %q, want %q", m.Breaking(), BreakOptimal)
	}
	m.Typesetting.Breaking = BreakGreedy
	if m.Optimal() {
		t.Fatal("a new version that chooses greedy breaking still breaks optimally")
	}
	m.Typesetting = TypesetStyle{Breaking: "tex", Exceptions: []string{"ме-ро-при-я-тие", "-шнор", "ШНОР", "шнор", "5-класс"}}
	err = m.check()
	if err == nil {
		t.Fatal("bad typesetting accepted")
	}
	for _, want := range []string{"typesetting.breaking", "typesetting.hyphenation_exceptions[1]", "typesetting.hyphenation_exceptions[3]", "typesetting.hyphenation_exceptions[4]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if strings.Contains(err.Error(), "hyphenation_exceptions[0]") || strings.Contains(err.Error(), "hyphenation_exceptions[2]") {
		t.Errorf("error %q blames a good exception", err)
	}
}
