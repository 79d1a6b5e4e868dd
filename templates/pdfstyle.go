package templates

import "fmt"

// Archival conformance levels a version's PDF can claim (ISO 19005-2 and
// 19005-3, level U: Unicode text). The PDF renderer writes what each
// requires; ConformanceNone is today's plain PDF 1.7.
const (
	ConformanceNone = "none"
	PDFA2u          = "PDF/A-2u"
	PDFA3u          = "PDF/A-3u" // PDF/A-2u plus the source JSON attached
)

// PDFStyle is the manifest's "pdf" object.
type PDFStyle struct {
	// Conformance is "", ConformanceNone, PDFA2u or PDFA3u; empty is none.
	// A render may override it (kartograf.RenderOptions.Conformance).
	Conformance string `json:"conformance,omitempty"`
}

// ValidConformance reports whether c names a conformance level (or is
// empty: the version's choice).
func ValidConformance(c string) bool {
	switch c {
	case "", ConformanceNone, PDFA2u, PDFA3u:
		return true
	}
	return false
}

func (m *Manifest) checkPDF(bad func(field, msg string)) {
	if !ValidConformance(m.PDF.Conformance) {
		bad("pdf.conformance", fmt.Sprintf("неизвестный уровень «%s»: допустимо %s, %s или %s",
			m.PDF.Conformance, PDFA2u, PDFA3u, ConformanceNone))
	}
}
