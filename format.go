package kartograf

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/render/docx"
	"github.com/kartograf-ru/kartograf/templates"
)

// Format is an output format.
type Format string

// Output formats.
const (
	PDF  Format = "pdf"
	DOCX Format = "docx"
	XLSX Format = "xlsx"
)

// Formats lists the formats this build renders.
func Formats() []Format { return []Format{PDF, DOCX, XLSX} }

// ParseFormat accepts "pdf" (any case, with or without a leading dot).
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimPrefix(s, ".")))
	for _, known := range Formats() {
		if f == known {
			return f, nil
		}
	}
	return "", fmt.Errorf("неизвестный формат «%s»; доступны: %s", s, formatList())
}

func formatList() string {
	var s []string
	for _, f := range Formats() {
		s = append(s, string(f))
	}
	return strings.Join(s, ", ")
}

// ContentType is the format's media type, for HTTP and for mail.
func (f Format) ContentType() string {
	switch f {
	case DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/pdf"
}

// ErrNoFormat is matched (errors.Is) by the error for a format a template
// version cannot make: DOCX from a version without a Word template. That
// error also matches docx.ErrNoDocx, for callers of earlier releases.
var ErrNoFormat = errors.New("у версии шаблона нет этого формата")

// FormatsOf lists the formats template version v renders, in Formats order:
// PDF and XLSX always, DOCX when the version has a Word template.
func FormatsOf(v *templates.Version) []Format {
	out := []Format{PDF}
	if v.Manifest.Docx != nil {
		out = append(out, DOCX)
	}
	return append(out, XLSX)
}

// formatError says which version lacks which format.
type formatError struct {
	ref string
	f   Format
}

func (e *formatError) Error() string {
	return fmt.Sprintf("шаблон %s: нет шаблона %s; возьмите версию, в которой он есть (kartograf templates)", e.ref, strings.ToUpper(string(e.f)))
}

func (e *formatError) Is(target error) bool {
	return target == ErrNoFormat || e.f == DOCX && target == docx.ErrNoDocx
}

// hasFormat is nil when v renders f, else a *formatError.
func hasFormat(v *templates.Version, f Format) error {
	for _, g := range FormatsOf(v) {
		if g == f {
			return nil
		}
	}
	return &formatError{ref: v.Ref(), f: f}
}
