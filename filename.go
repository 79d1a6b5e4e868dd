package kartograf

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// maxFileNameRunes keeps names well under the 255-byte limit of common
// file systems even when every rune takes two bytes.
const maxFileNameRunes = 120

// FileName is a human file name for d in format f: what the document is,
// whose it is and for which period, e.g. «Дорожная карта — МКОУ СОШ №2 —
// 2024-2025.pdf». Characters that file systems refuse are dropped.
func FileName(d *document.Document, f Format) string {
	parts := []string{subject(d)}
	owner := d.Organization.ShortName
	if owner == "" {
		owner = d.Organization.FullName
	}
	if owner != "" {
		parts = append(parts, owner)
	}
	if p := d.Period; p != nil {
		switch {
		case p.AcademicYear != "":
			parts = append(parts, p.AcademicYear)
		case p.Year != 0:
			parts = append(parts, strconv.Itoa(p.Year))
		}
	}
	name := cleanFileName(strings.Join(parts, " — "))
	if utf8.RuneCountInString(name) > maxFileNameRunes {
		name = strings.TrimSpace(string([]rune(name)[:maxFileNameRunes]))
	}
	return name + "." + string(f)
}

// cleanFileName drops control characters and the ones Windows forbids,
// turns quotes into nothing and runs of spaces into one.
func cleanFileName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '/' || r == '\\' || r == ':' || r == '*' || r == '?' || r == '"' || r == '<' || r == '>' || r == '|':
			continue
		case unicode.IsControl(r):
			continue
		case unicode.IsSpace(r):
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), " .")
}
