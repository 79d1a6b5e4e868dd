// Package typo implements Russian typography and text measuring shared by
// Kartograf's PDF and XLSX renderers.
//
//   - Measurer measures strings set in a Font (a primary face plus fallback
//     faces, at a size in points) and tells which face draws each rune.
//   - Wrap / AppendWrap break text into lines of a given width in linear
//     time, honouring no-break spaces, breaking after hyphens and "/", and
//     hyphenating words too long for a line.
//   - AppendBreak breaks text by total fit (Knuth–Plass) instead: each
//     paragraph as a whole, justified or ragged right, hyphenating (with a
//     caller's hyphenator) only when the spaces would otherwise stretch
//     beyond 1.5×, with at most two hyphenated lines in a row and none on
//     a paragraph's penultimate line when avoidable. Linear in practice:
//     prefix sums of cached widths and a bounded set of line starts.
//   - Hyphenate finds the hyphenation points of a Russian word.
//   - Hyphenator (RussianHyphenator, NewHyphenator) finds them with the TeX
//     Russian patterns (hyphdata/hyph-ru.tex, LPPL, embedded unmodified)
//     plus per-template exceptions, under the same hard rules.
//   - Typograph applies Russian typographic conventions (no-break spaces
//     after «№», around initials and before «г.», «ёлочки» quotes) without
//     deleting any content.
//
// All functions are safe for concurrent use; a Measurer is immutable once
// built. Nothing in the package allocates on the hot path except where the
// documentation says so.
package typo
