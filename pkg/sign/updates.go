package sign

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/pdfobj"
)

var (
	typeRE     = regexp.MustCompile(`/Type\s*/([A-Za-z]+)`)
	subtypeRE  = regexp.MustCompile(`/Subtype\s*/([A-Za-z]+)`)
	refsRE     = regexp.MustCompile(`(\d+)\s+\d+\s+R`)
	contentsRE = regexp.MustCompile(`/(?:Contents|Annots)\s*(\[[^\]]*\]|\d+\s+\d+\s+R)`)
)

// updatesProblem lists what the file gained after the signed revision
// (the bytes after the ByteRange) and says whether it changes the pages.
// It fills Updates and ContentChanged.
func (s *Signature) updatesProblem(pdf []byte) string {
	signedEnd := s.ByteRange[2] + s.ByteRange[3]
	signed, tail := pdf[:signedEnd], pdf[signedEnd:]
	// Objects of the signed revision whose change alters the pages: the
	// pages' content streams and annotations (pages, page tree and
	// catalog are recognised by their /Type).
	pageParts := map[int]bool{}
	existing := map[int]bool{}
	pdfobj.Objects(signed, func(n, _, at int) bool {
		existing[n] = true
		body := objectBody(signed[at:])
		if t := typeRE.FindSubmatch(body); t != nil && string(t[1]) == "Page" {
			for _, c := range contentsRE.FindAllSubmatch(body, -1) {
				for _, r := range refsRE.FindAllSubmatch(c[1], -1) {
					k, _ := strconv.Atoi(string(r[1]))
					pageParts[k] = true
				}
			}
		}
		return true
	})
	// The information dictionary may be rewritten without touching the
	// pages; the signed revision's trailer says which object it is.
	info := -1
	if sec, err := pdfobj.ReadLast(signed); err == nil && sec.Trailer.Info > 0 {
		info = sec.Trailer.Info
	}
	// Objects are found by their headers, not through the updates' xref:
	// one appended without a table still shows in readers that repair
	// the file.
	// A DSS added after signing (PAdES B-LT) changes nothing a reader
	// sees: its streams and the catalog that gained /DSS and nothing else.
	allowed := dssUpdate(pdf, signed, existing)
	extra := false
	pdfobj.Objects(tail, func(n, _, at int) bool {
		if what, ok := allowed[n]; ok {
			s.Updates = append(s.Updates, Update{Object: n, What: what})
			return true
		}
		extra = true
		u := classify(n, objectBody(tail[at:]), pageParts[n], existing[n] && n != info)
		s.Updates = append(s.Updates, u)
		s.ContentChanged = s.ContentChanged || u.PageContent
		return true
	})
	var list []string
	for _, u := range s.Updates {
		list = append(list, fmt.Sprintf("%d (%s)", u.Object, u.What))
	}
	switch {
	case len(s.Updates) > 0 && !extra:
		return ""
	case s.ContentChanged:
		return "после подписи изменено содержимое страниц: обновление файла после подписи задаёт объекты " + strings.Join(list, ", ")
	case len(list) > 0:
		return "подпись покрывает не весь файл: после неё добавлено обновление с объектами " + strings.Join(list, ", ")
	}
	return fmt.Sprintf("подпись покрывает не весь файл: после неё дописано %d байт", len(tail))
}

// objectBody is an object's text up to its endobj (or the whole rest).
func objectBody(b []byte) []byte {
	if e := bytes.Index(b, []byte("endobj")); e >= 0 {
		return b[:e]
	}
	return b
}

func classify(n int, body []byte, pagePart, redefines bool) Update {
	u := Update{Object: n, What: "объект", PageContent: true}
	typ, sub := "", ""
	if m := typeRE.FindSubmatch(body); m != nil {
		typ = string(m[1])
	}
	if m := subtypeRE.FindSubmatch(body); m != nil {
		sub = string(m[1])
	}
	isStream := bytes.Contains(body, []byte("stream"))
	switch {
	case typ == "XRef" || typ == "ObjStm":
		u.What = "сжатые объекты: содержимое не проверить"
	case typ == "Catalog":
		u.What = "каталог документа"
	case typ == "Pages":
		u.What = "дерево страниц"
	case typ == "Page":
		u.What = "страница"
	case typ == "Annot" || sub == "Widget" || sub == "Link" || sub == "Text" || sub == "FreeText":
		u.What = "аннотация"
	case pagePart && isStream:
		u.What = "содержимое страницы"
	case pagePart:
		u.What = "аннотации или содержимое страницы"
	case isStream:
		u.What = "поток (может быть содержимым страницы)"
	case redefines:
		u.What = "изменённый объект подписанной редакции"
	default:
		u.What, u.PageContent = "новый объект", false
	}
	return u
}
