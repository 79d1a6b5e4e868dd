package preflight

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Embedded file rules, clause 6.8 of ISO 19005-2 and of ISO 19005-3,
// numbered as in the veraPDF profiles: PDFA-2U.xml 6.8-2 (F and UF) and
// 6.8-5 (an embedded file is itself PDF/A); PDFA-3U.xml 6.8-1 (the MIME
// type in the embedded file stream's Subtype), 6.8-2, 6.8-3
// (AFRelationship) and 6.8-4 (the file is associated through an AF array,
// for the source data of issue 17 the catalog's).

const clauseEmbedded = "6.8"

// mimeType is the pattern of veraPDF's rule 6.8-1.
var mimeType = regexp.MustCompile(`^[-\w+.]+/[-\w+.]+$`)

// checkEmbeddedFiles checks every file specification with an EF entry.
func checkEmbeddedFiles(f *file) []Violation {
	associated := map[int]bool{}
	f.objects(func(_ int, o types.Object) {
		var d types.Dict
		switch v := o.(type) {
		case types.Dict:
			d = v
		case types.StreamDict:
			d = v.Dict
		}
		af, _ := f.deref(d["AF"]).(types.Array)
		for _, x := range af {
			associated[refNum(x)] = true
		}
	})
	var vs []Violation
	f.objects(func(num int, o types.Object) {
		spec, ok := o.(types.Dict)
		if !ok || spec["EF"] == nil {
			return
		}
		add := func(format string, a ...any) {
			vs = append(vs, Violation{Clause: clauseEmbedded, Object: num, Message: fmt.Sprintf(format, a...)})
		}
		_, hasF := spec.Find("F")
		_, hasUF := spec.Find("UF")
		if !hasF || !hasUF {
			add("в спецификации вложенного файла нет ключей F и UF (имя файла, в том числе в Unicode)")
		}
		ef := f.dict(spec["EF"])
		var ref types.Object
		if ef != nil {
			ref = ef["F"]
			if ref == nil {
				ref = ef["UF"]
			}
		}
		if f.part == 3 {
			if sd, ok := f.deref(ref).(types.StreamDict); !ok || !mimeType.MatchString(f.name(sd.Dict["Subtype"])) {
				add("у потока вложенного файла нет MIME-типа в Subtype (например, application/json)")
			}
			if f.name(spec["AFRelationship"]) == "" {
				add("в спецификации вложенного файла нет AFRelationship (Source, Data, Supplement…)")
			}
			if !associated[num] {
				add("вложенный файл не связан с документом: его нет ни в одном массиве AF (для исходных данных — в AF каталога)")
			}
			return
		}
		// PDF/A-2 admits only embedded files that are PDF/A themselves.
		sd, ok := f.stream(ref)
		switch {
		case !ok:
			add("поток вложенного файла не читается")
		case !bytes.HasPrefix(sd.Content, []byte("%PDF-")):
			add("в PDF/A-2 вложенный файл должен быть PDF/A; вложен не PDF (исходные данные вкладываются только в PDF/A-3)")
		case f.depth+1 >= maxNesting:
			add("вложенный PDF вложен слишком глубоко, чтобы его проверить")
		default:
			inner, err := check(sd.Content, 2, f.depth+1)
			if err != nil || len(inner) > 0 {
				add("вложенный PDF не соответствует PDF/A-2 (%d нарушений)", len(inner))
			}
		}
	})
	return vs
}
