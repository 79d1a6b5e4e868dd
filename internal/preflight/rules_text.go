package preflight

import (
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Transparency and glyph rules, ISO 19005-2 clauses 6.2.10 and 6.2.11.8
// as the veraPDF profile PDFA-2U.xml numbers them: 6.2.10-2 (a page's
// transparency group has a blending colour space CS — the standard asks
// it only of a file without a PDF/A output intent; the issue asks it of
// every group, and the renderer writes none, so every group is checked)
// and 6.2.11.8-1 (no text showing operator shows the .notdef glyph).

const (
	clauseTransparency = "6.2.10"
	clauseNotdef       = "6.2.11.8"
)

// checkTransparencyGroups: every transparency group — a page's /Group or
// a form XObject's — has a colour space /CS.
func checkTransparencyGroups(f *file) []Violation {
	var vs []Violation
	f.objects(func(num int, o types.Object) {
		var d types.Dict
		switch x := o.(type) {
		case types.Dict:
			d = x
		case types.StreamDict:
			d = x.Dict
		default:
			return
		}
		g := f.dict(d["Group"])
		if g == nil || f.name(g["S"]) != "Transparency" {
			return
		}
		if g["CS"] == nil {
			vs = append(vs, Violation{Clause: clauseTransparency, Object: num,
				Message: "группа прозрачности без цветового пространства смешения /CS"})
		}
	})
	return vs
}

// checkNotdef: the text of every page's content (and of the form
// XObjects it paints) shows no glyph 0, .notdef, of a Type 0 font with
// Identity-H encoding — the fonts the renderer writes, whose two-byte
// codes are CIDs and whose CIDToGIDMap is Identity or a stream. Other
// fonts' codes are not decoded.
func checkNotdef(f *file) []Violation {
	var vs []Violation
	seen := map[int]bool{}
	var walk func(num int, content []byte, res types.Dict, depth int)
	walk = func(num int, content []byte, res types.Dict, depth int) {
		fonts := f.dict(res["Font"])
		xobjects := f.dict(res["XObject"])
		var font types.Dict
		var gidOf func(cid int) int
		scanContent(content, func(op string, operands []operand) {
			switch op {
			case "Tf":
				if len(operands) >= 1 && operands[0].kind == opName {
					font = f.dict(fonts[operands[0].text])
					gidOf = f.identityGIDs(font)
				}
			case "Tj", "'", "\"", "TJ":
				if gidOf == nil {
					return
				}
				for _, o := range operands {
					if o.kind != opString {
						continue
					}
					for i := 0; i+1 < len(o.bytes); i += 2 {
						if cid := int(o.bytes[i])<<8 | int(o.bytes[i+1]); gidOf(cid) == 0 {
							vs = append(vs, Violation{Clause: clauseNotdef, Object: num,
								Message: fmt.Sprintf("текст показывает глиф .notdef (CID %d шрифта %s)", cid, f.name(font["BaseFont"]))})
							return
						}
					}
				}
			case "Do":
				if depth > 8 || len(operands) < 1 || operands[0].kind != opName {
					return
				}
				ref := xobjects[operands[0].text]
				n := refNum(ref)
				if n != 0 && seen[n] {
					return
				}
				seen[n] = true
				if sd, ok := f.stream(ref); ok && f.name(sd.Dict["Subtype"]) == "Form" {
					r := f.dict(sd.Dict["Resources"])
					if r == nil {
						r = res
					}
					walk(n, sd.Content, r, depth+1)
				}
			}
		})
	}
	f.pages(func(num int, page types.Dict) {
		res := f.dict(inherited(f, page, "Resources"))
		for _, c := range f.contents(page) {
			walk(num, c, res, 0)
		}
	})
	return vs
}

// identityGIDs maps a CID of a Type 0 font with Identity-H encoding to its
// glyph; nil for any other font (not checked).
func (f *file) identityGIDs(font types.Dict) func(cid int) int {
	if font == nil || f.name(font["Subtype"]) != "Type0" || f.name(font["Encoding"]) != "Identity-H" {
		return nil
	}
	desc, _ := f.deref(font["DescendantFonts"]).(types.Array)
	if len(desc) != 1 {
		return nil
	}
	cid := f.dict(desc[0])
	if cid == nil {
		return nil
	}
	if sd, ok := f.stream(cid["CIDToGIDMap"]); ok {
		m := sd.Content
		return func(c int) int {
			if 2*c+1 >= len(m) {
				return 0
			}
			return int(m[2*c])<<8 | int(m[2*c+1])
		}
	}
	return func(c int) int { return c } // Identity, or absent for CIDFontType2
}
