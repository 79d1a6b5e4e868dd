package preflight

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Graphics and font rules, ISO 19005-2 clause 6.2, numbered as in the
// veraPDF profile PDFA-2U.xml: 6.2.3-1/2 (the output intent's profile),
// 6.2.4.3-2/3/4 (device colour only with an output intent),
// 6.2.11.4.1-1 (font programs embedded), 6.2.11.4.2-2 (a CIDSet lists
// every glyph of the program), 6.2.11.7.2-1 (a map to Unicode).

const (
	clauseOutputIntent = "6.2.3"
	clauseDeviceColour = "6.2.4.3"
	clauseFontEmbedded = "6.2.11.4.1"
	clauseCIDSet       = "6.2.11.4.2"
	clauseToUnicode    = "6.2.11.7.2"
)

// pdfaIntents returns the catalog's output intents of subtype GTS_PDFA1
// and their numbers (0 for direct ones).
func (f *file) pdfaIntents() (ds []types.Dict, nums []int) {
	cat := f.catalog()
	if cat == nil {
		return nil, nil
	}
	arr, _ := f.deref(cat["OutputIntents"]).(types.Array)
	for _, o := range arr {
		d := f.dict(o)
		if d != nil && f.name(d["S"]) == "GTS_PDFA1" {
			ds, nums = append(ds, d), append(nums, refNum(o))
		}
	}
	return ds, nums
}

// checkOutputIntent: a PDF/A output intent's DestOutputProfile is an ICC
// output ("prtr") or monitor ("mntr") profile in RGB, CMYK or grey
// (6.2.3-1), and several PDF/A intents share one profile object (6.2.3-2).
// A missing intent is not a violation by itself: 6.2.4.3 reports the
// device colour that needs it.
func checkOutputIntent(f *file) []Violation {
	var vs []Violation
	ds, nums := f.pdfaIntents()
	first := -1
	for i, d := range ds {
		ref := d["DestOutputProfile"]
		sd, ok := f.stream(ref)
		if !ok {
			vs = append(vs, Violation{Clause: clauseOutputIntent, Object: nums[i],
				Message: "у OutputIntent GTS_PDFA1 нет читаемого профиля ICC DestOutputProfile"})
			continue
		}
		if n := refNum(ref); first < 0 {
			first = n
		} else if n != first || n == 0 {
			vs = append(vs, Violation{Clause: clauseOutputIntent, Object: nums[i],
				Message: "несколько OutputIntent PDF/A ссылаются на разные профили ICC"})
		}
		p := sd.Content
		if len(p) < 128 || int(binary.BigEndian.Uint32(p)) != len(p) || string(p[36:40]) != "acsp" {
			vs = append(vs, Violation{Clause: clauseOutputIntent, Object: refNum(ref),
				Message: "DestOutputProfile — не профиль ICC (нет заголовка acsp или неверная длина)"})
			continue
		}
		class, space := string(p[12:16]), string(p[16:20])
		if class != "mntr" && class != "prtr" || space != "RGB " && space != "CMYK" && space != "GRAY" {
			vs = append(vs, Violation{Clause: clauseOutputIntent, Object: refNum(ref),
				Message: fmt.Sprintf("профиль ICC класса «%s» в пространстве «%s»; нужен mntr или prtr в RGB, CMYK или GRAY", class, space)})
		}
	}
	return vs
}

// deviceOps are the content stream operators that set a device colour.
var deviceOps = map[string]string{"rg": "DeviceRGB", "RG": "DeviceRGB", "k": "DeviceCMYK", "K": "DeviceCMYK", "g": "DeviceGray", "G": "DeviceGray"}

// paintOps paint with the current colour; before any colour operator it
// is the initial DeviceGray black (ISO 32000-1, 8.4.1, Table 52).
var paintOps = map[string]bool{"Tj": true, "TJ": true, "'": true, "\"": true, "S": true, "s": true,
	"f": true, "F": true, "f*": true, "B": true, "B*": true, "b": true, "b*": true}

// checkDeviceColour: device colour (rg, k, g and their stroking forms,
// painting in the initial DeviceGray, or DeviceRGB/CMYK/Gray images) is
// used only
// with a PDF/A output intent of the matching space (6.2.4.3-2/3/4). A
// Default colour space in the page resources would also allow it; the
// renderer never writes one, so this check does not look for it.
func checkDeviceColour(f *file) []Violation {
	space := ""
	if ds, _ := f.pdfaIntents(); len(ds) > 0 {
		if sd, ok := f.stream(ds[0]["DestOutputProfile"]); ok && len(sd.Content) >= 20 {
			space = string(sd.Content[16:20])
		}
	}
	allowed := func(dev string) bool {
		switch dev {
		case "DeviceGray":
			return space != ""
		case "DeviceRGB":
			return space == "RGB "
		case "DeviceCMYK":
			return space == "CMYK"
		}
		return true
	}
	var vs []Violation
	f.pages(func(num int, page types.Dict) {
		used := map[string]bool{}
		for _, c := range f.contents(page) {
			for _, tok := range bytes.Fields(c) {
				if dev, ok := deviceOps[string(tok)]; ok {
					used[dev] = true
				} else if paintOps[string(tok)] {
					// Conservative: the colour may have been set to
					// a calibrated space first, which the renderer
					// never does.
					used["DeviceGray"] = true
				}
			}
		}
		for _, dev := range []string{"DeviceRGB", "DeviceCMYK", "DeviceGray"} {
			if used[dev] && !allowed(dev) {
				vs = append(vs, Violation{Clause: clauseDeviceColour, Object: num,
					Message: fmt.Sprintf("на странице используется %s, а OutputIntent PDF/A с профилем этого пространства нет", dev)})
			}
		}
	})
	f.objects(func(num int, o types.Object) {
		sd, ok := o.(types.StreamDict)
		if !ok || f.name(sd.Dict["Subtype"]) != "Image" {
			return
		}
		if dev := f.name(sd.Dict["ColorSpace"]); dev != "" && !allowed(dev) {
			vs = append(vs, Violation{Clause: clauseDeviceColour, Object: num,
				Message: fmt.Sprintf("изображение в %s без OutputIntent PDF/A этого пространства", dev)})
		}
	})
	return vs
}

// contents returns a page's decoded content streams.
func (f *file) contents(page types.Dict) [][]byte {
	var out [][]byte
	add := func(o types.Object) {
		if sd, ok := f.stream(o); ok {
			out = append(out, sd.Content)
		}
	}
	switch c := f.deref(page["Contents"]).(type) {
	case types.Array:
		for _, o := range c {
			add(o)
		}
	case types.StreamDict:
		add(page["Contents"])
	}
	return out
}

// fonts calls fn with every font dictionary of the file.
func (f *file) fonts(fn func(num int, font types.Dict)) {
	f.objects(func(num int, o types.Object) {
		if d, ok := o.(types.Dict); ok && f.name(d["Type"]) == "Font" {
			fn(num, d)
		}
	})
}

// checkFontsEmbedded: every font other than Type 3 and Type 0 (whose
// descendant CIDFont is checked itself) has its program in its font
// descriptor (6.2.11.4.1-1). Fonts used only in rendering mode 3 are
// exempt by the standard; the renderer has none, so all are checked.
func checkFontsEmbedded(f *file) []Violation {
	var vs []Violation
	f.fonts(func(num int, font types.Dict) {
		st := f.name(font["Subtype"])
		if st == "Type3" || st == "Type0" {
			return
		}
		fd := f.dict(font["FontDescriptor"])
		for _, k := range []string{"FontFile", "FontFile2", "FontFile3"} {
			if fd != nil {
				if _, ok := f.deref(fd[k]).(types.StreamDict); ok {
					return
				}
			}
		}
		vs = append(vs, Violation{Clause: clauseFontEmbedded, Object: num,
			Message: fmt.Sprintf("программа шрифта %s «%s» не встроена (нет FontFile, FontFile2 или FontFile3)", st, f.name(font["BaseFont"]))})
	})
	return vs
}

// checkCIDSet: a CIDSet in an embedded CIDFont's descriptor, if present,
// has a bit for every glyph the font program holds (6.2.11.4.2-2). PDF/A-2
// does not need a CIDSet at all, and a partial one, as subsetting easily
// leaves, is an error; the renderer therefore writes none. Only TrueType
// programs (FontFile2, the renderer's) are compared; a CIDSet beside
// another program is reported as unverifiable.
func checkCIDSet(f *file) []Violation {
	var vs []Violation
	f.fonts(func(num int, font types.Dict) {
		st := f.name(font["Subtype"])
		if st != "CIDFontType0" && st != "CIDFontType2" {
			return
		}
		fd := f.dict(font["FontDescriptor"])
		if fd == nil || fd["CIDSet"] == nil {
			return
		}
		at := refNum(font["FontDescriptor"])
		set, ok := f.stream(fd["CIDSet"])
		if !ok {
			vs = append(vs, Violation{Clause: clauseCIDSet, Object: at, Message: "CIDSet шрифта не читается"})
			return
		}
		prog, ok := f.stream(fd["FontFile2"])
		if !ok {
			vs = append(vs, Violation{Clause: clauseCIDSet, Object: at,
				Message: "у шрифта есть CIDSet, но программа шрифта не TrueType: полноту CIDSet проверить нельзя; PDF/A-2 CIDSet не требует"})
			return
		}
		glyphs, err := trueTypeGlyphs(prog.Content)
		if err != nil {
			vs = append(vs, Violation{Clause: clauseCIDSet, Object: at, Message: "программа шрифта не разобрана: " + err.Error()})
			return
		}
		// The renderer's CIDFonts map CIDs to glyphs one to one
		// (CIDToGIDMap /Identity); another map is not compared.
		if m := font["CIDToGIDMap"]; m != nil && f.name(m) != "Identity" {
			vs = append(vs, Violation{Clause: clauseCIDSet, Object: at,
				Message: "у шрифта есть CIDSet и CIDToGIDMap не Identity: полноту CIDSet проверить нельзя; PDF/A-2 CIDSet не требует"})
			return
		}
		for gid, has := range glyphs {
			if !has {
				continue
			}
			if gid/8 >= len(set.Content) || set.Content[gid/8]&(0x80>>(gid%8)) == 0 {
				vs = append(vs, Violation{Clause: clauseCIDSet, Object: at,
					Message: fmt.Sprintf("CIDSet не отмечает глиф %d, который есть в программе шрифта (неполный CIDSet)", gid)})
				return
			}
		}
	})
	return vs
}

// trueTypeGlyphs reads which glyphs of a TrueType program have an outline
// (a non-empty glyf entry), from its maxp, head and loca tables.
func trueTypeGlyphs(p []byte) ([]bool, error) {
	if len(p) < 12 {
		return nil, fmt.Errorf("программа шрифта короче заголовка")
	}
	n := int(binary.BigEndian.Uint16(p[4:]))
	tables := map[string][]byte{}
	for i := range n {
		r := 12 + 16*i
		if r+16 > len(p) {
			return nil, fmt.Errorf("таблица таблиц шрифта обрезана")
		}
		off, ln := int(binary.BigEndian.Uint32(p[r+8:])), int(binary.BigEndian.Uint32(p[r+12:]))
		if off < 0 || ln < 0 || off > len(p) || ln > len(p)-off {
			return nil, fmt.Errorf("таблица %q за пределами программы", p[r:r+4])
		}
		tables[string(p[r:r+4])] = p[off : off+ln]
	}
	maxp, head, loca := tables["maxp"], tables["head"], tables["loca"]
	if len(maxp) < 6 || len(head) < 54 {
		return nil, fmt.Errorf("нет таблиц maxp или head")
	}
	num := int(binary.BigEndian.Uint16(maxp[4:]))
	long := binary.BigEndian.Uint16(head[50:]) == 1
	at := func(i int) (int, bool) {
		if long {
			if 4*i+4 > len(loca) {
				return 0, false
			}
			return int(binary.BigEndian.Uint32(loca[4*i:])), true
		}
		if 2*i+2 > len(loca) {
			return 0, false
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*i:])), true
	}
	out := make([]bool, num)
	for g := range num {
		a, ok1 := at(g)
		b, ok2 := at(g + 1)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("таблица loca короче числа глифов %d", num)
		}
		out[g] = b > a
	}
	return out, nil
}

// checkToUnicode: every font maps its codes to Unicode (6.2.11.7.2-1).
// The standard also accepts simple fonts with a standard encoding and
// glyph names; the renderer writes only Type 0 fonts, whose codes mean
// nothing without a ToUnicode CMap, so this check asks for one on every
// font except a descendant CIDFont (its Type 0 parent carries it).
func checkToUnicode(f *file) []Violation {
	var vs []Violation
	f.fonts(func(num int, font types.Dict) {
		st := f.name(font["Subtype"])
		if st == "CIDFontType0" || st == "CIDFontType2" {
			return
		}
		if _, ok := f.stream(font["ToUnicode"]); !ok {
			vs = append(vs, Violation{Clause: clauseToUnicode, Object: num,
				Message: fmt.Sprintf("у шрифта %s «%s» нет ToUnicode: текст нельзя извлечь", st, f.name(font["BaseFont"]))})
		}
	})
	return vs
}
