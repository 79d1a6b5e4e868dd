// Package fonts loads and parses TrueType faces for Kartograf's renderers.
//
// The package ships eight built-in serif faces: Liberation Serif (the
// default, metric-compatible with Times New Roman, which Russian official
// documents expect) and DejaVu Serif (a fallback with a wider repertoire).
// They are embedded by the go-fonts modules; see README.md for licences.
//
// A Face is a parsed, immutable TrueType face: its cmap, advance widths and
// vertical metrics are decoded once into dense tables so that lookups on the
// hot path of a renderer are a couple of slice reads. Only glyf-based
// TrueType is accepted, because the PDF writer embeds the font program as a
// FontFile2 stream; CFF-flavoured OpenType ('OTTO') and collections (TTC)
// are rejected with a descriptive error.
//
// A Library caches faces: each distinct font program is parsed once and the
// same *Face is returned afterwards. The zero Library is ready to use and is
// safe for concurrent use.
package fonts
