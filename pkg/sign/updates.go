package sign

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var (
	objHeaderRE = regexp.MustCompile(`(?m)^[ \t]*(\d+)[ \t\r\n]+(\d+)[ \t\r\n]+obj\b`)
	typeRE      = regexp.MustCompile(`/Type\s*/([A-Za-z]+)`)
	subtypeRE   = regexp.MustCompile(`/Subtype\s*/([A-Za-z]+)`)
	refsRE      = regexp.MustCompile(`(\d+)\s+\d+\s+R`)
	contentsRE  = regexp.MustCompile(`/(?:Contents|Annots)\s*(\[[^\]]*\]|\d+\s+\d+\s+R)`)
	infoRefRE   = regexp.MustCompile(`/Info\s+(\d+)\s+\d+\s+R`)
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
	for _, m := range objHeaderRE.FindAllSubmatchIndex(signed, -1) {
		n, _ := strconv.Atoi(string(signed[m[2]:m[3]]))
		existing[n] = true
		body := objectBody(signed[m[1]:])
		if t := typeRE.FindSubmatch(body); t != nil && string(t[1]) == "Page" {
			for _, c := range contentsRE.FindAllSubmatch(body, -1) {
				for _, r := range refsRE.FindAllSubmatch(c[1], -1) {
					k, _ := strconv.Atoi(string(r[1]))
					pageParts[k] = true
				}
			}
		}
	}
	info := -1
	if m := infoRefRE.FindSubmatch(signed[bytes.LastIndex(signed, []byte("trailer"))+1:]); m != nil {
		info, _ = strconv.Atoi(string(m[1]))
	}
	for _, m := range objHeaderRE.FindAllSubmatchIndex(tail, -1) {
		n, _ := strconv.Atoi(string(tail[m[2]:m[3]]))
		body := objectBody(tail[m[1]:])
		u := classify(n, body, pageParts[n], existing[n] && n != info)
		s.Updates = append(s.Updates, u)
		s.ContentChanged = s.ContentChanged || u.PageContent
	}
	var list []string
	for _, u := range s.Updates {
		list = append(list, fmt.Sprintf("%d (%s)", u.Object, u.What))
	}
	switch {
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
