package templates

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/kartograf-ru/kartograf/fonts"
)

// Font styles, the index into a StyleSet.
const (
	StyleRegular = iota
	StyleBold
	StyleItalic
	StyleBoldItalic
	NumStyles
)

// StyleSet is the face name of each style, an omitted style given the
// regular face.
type StyleSet [NumStyles]string

// StyleSets lists the version's fonts, the main family first and then its
// fallbacks in order: every renderer and the validator draw a character
// with the first face of its style that has it.
func (f Fonts) StyleSets() []StyleSet {
	sets := append([]FontSet{f.FontSet}, f.Fallback...)
	out := make([]StyleSet, len(sets))
	for i, s := range sets {
		out[i] = StyleSet{s.Regular, s.Bold, s.Italic, s.BoldItalic}
		for st := range out[i] {
			if out[i][st] == "" {
				out[i][st] = s.Regular
			}
		}
	}
	return out
}

// DisplayName is the family's human name for messages («Liberation
// Serif»), else the regular face's name.
func (f Fonts) DisplayName() string {
	if f.Name != "" {
		return f.Name
	}
	return f.Regular
}

// LoadFace loads a face the manifest names: a built-in one
// ("builtin:<Face>") from lib, or a file of the version's directory.
func (v *Version) LoadFace(lib *fonts.Library, name string) (*fonts.Face, error) {
	if b, ok := strings.CutPrefix(name, BuiltinFontPrefix); ok {
		return lib.LoadBuiltin(b)
	}
	data, err := fs.ReadFile(v.Files, name)
	if err != nil {
		return nil, fmt.Errorf("шаблон %s, шрифт «%s»: %w", v.Ref(), name, err)
	}
	return lib.Load("", data) // named by its PostScript name, not the file
}
