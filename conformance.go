package kartograf

import (
	"fmt"

	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// Archival PDF conformance levels for RenderOptions.Conformance.
const (
	ConformanceNone = templates.ConformanceNone // plain PDF 1.7, even if the template asks for PDF/A
	PDFA2u          = templates.PDFA2u          // ISO 19005-2, level U
	PDFA3u          = templates.PDFA3u          // ISO 19005-3, level U, the source JSON attached
)

// checkConformance refuses an unknown level, and a level for a format
// other than PDF: an archival DOCX or XLSX does not exist, and silently
// writing a plain one would be a lie.
func checkConformance(c string, f Format) error {
	if !templates.ValidConformance(c) {
		return fmt.Errorf("неизвестный уровень соответствия PDF «%s»: допустимо %s, %s или %s", c, PDFA2u, PDFA3u, ConformanceNone)
	}
	if c != "" && c != ConformanceNone && f != PDF {
		return fmt.Errorf("уровень соответствия %s бывает только у PDF, а не у %s", c, f)
	}
	return nil
}

// withConformance is vw rendered to conformance level c; "" keeps the
// template version's.
func withConformance(vw *view.View, c string) *view.View {
	if c == "" || c == vw.Meta.Conformance {
		return vw
	}
	cp := *vw
	cp.Meta.Conformance = c
	return &cp
}
