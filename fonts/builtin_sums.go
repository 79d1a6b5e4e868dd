package fonts

import (
	"crypto/sha256"
	"encoding/hex"
)

// builtinSums are the SHA-256 sums of the built-in fonts' bytes, computed
// once here rather than over ~3 MB of TrueType in every process that loads
// them: hashing them took most of a cold `kartograf render`.
// TestBuiltinSums recomputes them and prints this table when a font module
// update changes a font.
var builtinSums = map[string]string{
	"DejaVuSerif-Bold":           "c47b5527bcdc8dcf9ea8c77054454c5a884beaca2f44851a2a823ee639cbf07f",
	"DejaVuSerif-BoldItalic":     "8d3dd3d31350309042ed226af82b34539bd773518e6107cb352712853ba80308",
	"DejaVuSerif-Italic":         "2e39b1d50f90b933b00c7bb54a96afd3f86419b3d717c7cf202e36f2d4973e47",
	"DejaVuSerif-Regular":        "42d1edeb7952f31b1f96d767ed7030b08a39e0c372b0071641518864e2bffb51",
	"LiberationSerif-Bold":       "1226cecb60336d5ab5401c8ecb608cd93fe2576df85ec1f2410eac524878323c",
	"LiberationSerif-BoldItalic": "cb3a04cde5ddde7bd3b82ba0781a41249b24151a4c2a4f47eebb1e3199f3dd5b",
	"LiberationSerif-Italic":     "9bfb44ebfa0723273129484a6d860bbac2c9ec135aac2a09f5e5bb60ca85898c",
	"LiberationSerif-Regular":    "a82e5f4350d6b66d44d1c77f718d7c658a23ae6097c115748f5ab58c0723af59",
}

// builtinSum is the recorded SHA-256 of the built-in font name's bytes;
// for a name missing from the table (a font added without its line) it
// hashes the bytes, so a stale table costs time, never a wrong dedupe.
func builtinSum(name string, data []byte) [sha256.Size]byte {
	var sum [sha256.Size]byte
	if s, ok := builtinSums[name]; ok {
		if n, err := hex.Decode(sum[:], []byte(s)); err == nil && n == len(sum) {
			return sum
		}
	}
	return sha256.Sum256(data)
}
