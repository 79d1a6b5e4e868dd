package typo

import "unicode/utf8"

// Letter classes of the Russian alphabet used by the hyphenation rules.
const (
	clsNone      = iota // not a Russian letter: ends a run
	clsVowel            // а е ё и о у ы э ю я
	clsConsonant        // б в г д ж з к л м н п р с т ф х ц ч ш щ
	clsSign             // й ь ъ
)

// minAbbrevLen: all-capital runs shorter than this are taken for
// abbreviations (МБОУ, ГИБДД, ОГЭ) and are not hyphenated.
const minAbbrevLen = 7

// ruClass returns the class of r and whether it is upper case.
func ruClass(r rune) (cls int, upper bool) {
	switch {
	case r >= 'А' && r <= 'Я':
		upper = true
		r += 'а' - 'А'
	case r == 'Ё':
		return clsVowel, true
	case r == 'ё':
		return clsVowel, false
	case r < 'а' || r > 'я':
		return clsNone, false
	}
	switch r {
	case 'а', 'е', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я':
		return clsVowel, upper
	case 'й', 'ь', 'ъ':
		return clsSign, upper
	}
	return clsConsonant, upper
}

// isAlnum reports whether r is a letter or digit of any script, used to
// refuse hyphenation of runs glued to Latin letters or digits ("5класс").
func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return isLetterOrDigit(r)
}

// Hyphenate returns the positions where word may be hyphenated, as rune
// indices in ascending order: a break at i means word[:i]+"-" on one line
// and word[i:] on the next (indices count runes, not bytes).
//
// Only runs of Russian letters are hyphenated; a run glued to a Latin
// letter or a digit, and an all-capital run shorter than 7 letters (an
// abbreviation), is left whole. Other characters, including hyphens, are
// never break points here: breaking after an explicit hyphen is the line
// breaker's business. Within a run the syllable rules of P. Khristov's
// algorithm are applied, with letter classes vowel (V), consonant (C) and
// sign (X = й, ь, ъ):
//
//	X|LL   after й, ь, ъ when two letters follow   (рай-он, подъ-езд)
//	V|VL   between vowels when a letter follows    (си-о-наль-ный)
//	V|CV   a single consonant goes forward         (ма-ма, учи-тель)
//	VC|CV  two consonants are split                (кар-та)
//	VC|CCV three consonants: one stays             (сес-тра)
//	VCC|CCV four consonants: two stay              (инс-тру-мент)
//
// On top of the rules, three hard constraints always hold: at least two
// letters of the run stay on each side, a line never starts with й, ь or ъ
// (so they are never separated from the preceding letter), and each side
// contains a vowel, so no part without a syllable is left or carried over.
// Latin words are not hyphenated.
func Hyphenate(word string) []int {
	var buf [16]int
	pts := appendHyphenPoints(buf[:0], word)
	if len(pts) == 0 {
		return nil
	}
	return append([]int(nil), pts...)
}

// appendHyphenPoints appends the hyphenation points of word (rune indices,
// ascending) to dst.
func appendHyphenPoints(dst []int, word string) []int {
	// Scan runs of Russian letters. A run's classes are kept in a small
	// window buffer; runs longer than the buffer are processed with a
	// sliding window over the string instead of being copied.
	var cls [64]uint8
	var runStart int // rune index of the run start
	var runBytes int // byte offset of the run start
	inRun, prevAlnum := false, false
	ri := 0
	n := 0 // letters in the current run
	upper := 0
	for bi := 0; bi <= len(word); {
		var r rune
		size := 1
		if bi < len(word) {
			r, size = utf8.DecodeRuneInString(word[bi:])
		} else {
			r = -1
		}
		c, up := ruClass(r)
		if c != clsNone {
			if !inRun {
				inRun, runStart, runBytes, n, upper = true, ri, bi, 0, 0
			}
			if n < len(cls) {
				cls[n] = uint8(c)
			}
			n++
			if up {
				upper++
			}
		} else {
			if inRun {
				inRun = false
				glued := prevAlnum || (r >= 0 && isAlnum(r))
				abbrev := upper == n && n < minAbbrevLen
				if !glued && !abbrev && n >= 4 {
					if n <= len(cls) {
						dst = runPoints(dst, cls[:n], runStart)
					} else {
						dst = runPoints(dst, classesOf(word[runBytes:bi]), runStart)
					}
				}
			}
			prevAlnum = r >= 0 && isAlnum(r)
		}
		bi += size
		ri++
	}
	return dst
}

// classesOf returns the letter classes of a long run (rare: > 64 letters).
func classesOf(run string) []uint8 {
	out := make([]uint8, 0, len(run)/2)
	for _, r := range run {
		c, _ := ruClass(r)
		out = append(out, uint8(c))
	}
	return out
}

// runPoints appends the break points of one run of letter classes; base is
// the rune index of the run in the word.
func runPoints(dst []int, cls []uint8, base int) []int {
	n := len(cls)
	at := func(i int) uint8 {
		if i < 0 || i >= n {
			return clsNone
		}
		return cls[i]
	}
	const V, C, X = clsVowel, clsConsonant, clsSign
	// firstVowel/lastVowel bound the breaks so each side has a vowel.
	firstVowel, lastVowel := -1, -1
	for i, c := range cls {
		if c == V {
			if firstVowel < 0 {
				firstVowel = i
			}
			lastVowel = i
		}
	}
	if firstVowel < 0 {
		return dst
	}
	for i := max(2, firstVowel+1); i <= min(n-2, lastVowel); i++ {
		if cls[i] == X {
			continue // never start a line with й, ь, ъ
		}
		a3, a2, a1 := at(i-3), at(i-2), at(i-1)
		b0, b1, b2 := at(i), at(i+1), at(i+2)
		ok := a1 == X && b1 != clsNone || // X|LL (b0 is a letter as i <= n-2)
			a1 == V && b0 == V && b1 != clsNone || // V|VL
			a1 == V && b0 == C && b1 == V || // V|CV
			a2 == V && a1 == C && b0 == C && b1 == V || // VC|CV
			a2 == V && a1 == C && b0 == C && b1 == C && b2 == V || // VC|CCV
			a3 == V && a2 == C && a1 == C && b0 == C && b1 == C && b2 == V // VCC|CCV
		if ok {
			dst = append(dst, base+i)
		}
	}
	return dst
}
