package extract

import "testing"

// A paragraph LibreOffice hyphenated is found by its text, and a compound
// word wrapped at its own hyphen too.
func TestFindAcrossHyphens(t *testing.T) {
	p := &PDFText{Lines: []PDFLine{{Text: "Подготовка к ГИА-"}, {Text: "2024 на и вклю-"}, {Text: "чает план"}}}
	if got := p.Find("Подготовка к ГИА-2024 на и включает план"); len(got) != 3 {
		t.Errorf("found %d lines, want 3", len(got))
	}
	if got := p.Find("на и включает план"); got != nil {
		t.Errorf("found %v from the middle of a line", got)
	}
}
