package templates

// The versions released before issue 17 (archival PDF, the ГОСТ Р
// 7.0.97-2025 signature mark) print plain PDF and the 2016 mark, byte for
// byte as they always did. Every other version — a later built-in release
// or an organisation's own template — that does not choose otherwise gets
// the new defaults: PDF/A-2u and the 2025 mark. TestLegacyVersionsAreLocked
// keeps this list to versions.lock lines that say nothing of either.
var legacyVersions = map[string]bool{
	"analysis@1.0.0":           true,
	"analysis@1.1.0":           true,
	"analysis-report@1.0.0":    true,
	"municipal-roadmap@1.0.0":  true,
	"municipal-roadmap@1.1.0":  true,
	"programme-appendix@1.0.0": true,
	"school-programme@1.0.0":   true,
	"school-roadmap@1.0.0":     true,
	"school-roadmap@1.1.0":     true,
}

// Legacy reports whether m is one of the versions released before the
// archival defaults.
func (m *Manifest) Legacy() bool { return legacyVersions[m.Ref()] }

// PDFConformance is the level the version's PDFs claim: its manifest's
// pdf.conformance, else ConformanceNone for a legacy version and PDFA2u
// for any other. A render may override it.
func (m *Manifest) PDFConformance() string {
	switch {
	case m.PDF.Conformance != "":
		return m.PDF.Conformance
	case m.Legacy():
		return ConformanceNone
	}
	return PDFA2u
}

// MarkForm is the edition of the signature mark the version prints: its
// manifest's signature_mark, else MarkForm2016 for a legacy version and
// MarkForm2025 for any other.
func (m *Manifest) MarkForm() string {
	switch {
	case m.SignatureMark != "":
		return m.SignatureMark
	case m.Legacy():
		return MarkForm2016
	}
	return MarkForm2025
}
