package docx

import "testing"

// A body that ends with a table gets a longer ending than the empty
// paragraphs it loses; with room in the render's buffer that happens in
// place, not in a copy of the whole document part.
func TestTrimBodyEndLongerInPlace(t *testing.T) {
	const sect = `<w:sectPr><w:pgSz w:w="1"/></w:sectPr></w:body></w:document>`
	in := `<w:body><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/>` + sect
	want := `<w:body><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>` + endPara + sect
	x := make([]byte, len(in), len(in)+len(endPara))
	copy(x, in)
	got := trimBodyEnd(x)
	if string(got) != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if &got[0] != &x[0] {
		t.Error("the document part was copied")
	}
	// Without room it is a copy, and the input is left as it was.
	y := []byte(in)
	if got := trimBodyEnd(y[:len(in):len(in)]); string(got) != want || string(y) != in {
		t.Errorf("got %s, input now %s", got, y)
	}
}
