package fonts

import (
	"fmt"

	"github.com/go-fonts/dejavu/dejavuserif"
	"github.com/go-fonts/dejavu/dejavuserifbold"
	"github.com/go-fonts/dejavu/dejavuserifbolditalic"
	"github.com/go-fonts/dejavu/dejavuserifitalic"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
)

// Style selects one of the four faces of a family.
type Style int

// The four styles of a family.
const (
	Regular Style = iota
	Bold
	Italic
	BoldItalic
)

// String returns the style suffix used in face names, e.g. "BoldItalic".
func (s Style) String() string {
	switch s {
	case Regular:
		return "Regular"
	case Bold:
		return "Bold"
	case Italic:
		return "Italic"
	case BoldItalic:
		return "BoldItalic"
	}
	return fmt.Sprintf("Style(%d)", int(s))
}

// Built-in family name prefixes.
const (
	familyDefault  = "LiberationSerif"
	familyFallback = "DejaVuSerif"
)

// DefaultName returns the name of the built-in default face of style s
// (Liberation Serif), e.g. "LiberationSerif-Bold". Unknown styles map to
// Regular.
func DefaultName(s Style) string { return familyDefault + "-" + validStyle(s).String() }

// FallbackName returns the name of the built-in fallback face of style s
// (DejaVu Serif), e.g. "DejaVuSerif-Bold". Unknown styles map to Regular.
func FallbackName(s Style) string { return familyFallback + "-" + validStyle(s).String() }

func validStyle(s Style) Style {
	if s < Regular || s > BoldItalic {
		return Regular
	}
	return s
}

// Builtin returns the TrueType bytes of the built-in face called name (see
// BuiltinNames). The returned slice is shared and must not be modified.
func Builtin(name string) ([]byte, bool) {
	var b []byte
	switch name {
	case "LiberationSerif-Regular":
		b = liberationserifregular.TTF
	case "LiberationSerif-Bold":
		b = liberationserifbold.TTF
	case "LiberationSerif-Italic":
		b = liberationserifitalic.TTF
	case "LiberationSerif-BoldItalic":
		b = liberationserifbolditalic.TTF
	case "DejaVuSerif-Regular":
		b = dejavuserif.TTF
	case "DejaVuSerif-Bold":
		b = dejavuserifbold.TTF
	case "DejaVuSerif-Italic":
		b = dejavuserifitalic.TTF
	case "DejaVuSerif-BoldItalic":
		b = dejavuserifbolditalic.TTF
	default:
		return nil, false
	}
	return b, true
}

// BuiltinNames returns the names accepted by Builtin, sorted. The slice is
// freshly allocated on each call.
func BuiltinNames() []string {
	return []string{
		"DejaVuSerif-Bold",
		"DejaVuSerif-BoldItalic",
		"DejaVuSerif-Italic",
		"DejaVuSerif-Regular",
		"LiberationSerif-Bold",
		"LiberationSerif-BoldItalic",
		"LiberationSerif-Italic",
		"LiberationSerif-Regular",
	}
}
