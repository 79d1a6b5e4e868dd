package typo

import (
	"fmt"
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Hyphenator finds where Russian words may be hyphenated. Safe for
// concurrent use; what it finds never changes (a cache only remembers
// it). Build one with NewHyphenator or take
// RussianHyphenator; a nil or zero Hyphenator finds no points.
//
// Each maximal run of Cyrillic letters of a word is hyphenated on its own,
// by F. M. Liang's algorithm with the Russian TeX patterns (hyph-ru.tex of
// hyph-utf8, A. I. Lebedev's «ruhyphal», embedded unmodified), and the
// points the patterns find are then filtered by the same hard rules as
// Hyphenate: a run glued to a Latin letter or a digit is left whole, so is
// an all-capital run shorter than 7 letters (an abbreviation), at least two
// letters of the run stay on each side, no line starts with й, ь or ъ, and
// each side of a break has a vowel. Exceptions (the file's own list and the
// template's) replace the patterns for their word; the hard rules still
// hold for them.
type Hyphenator struct {
	t     *patTrie
	exc   map[string][]int8 // template exceptions by lower-case word
	cache *runCache         // words already hyphenated; nil: none kept
}

// runCache keeps the points of words already hyphenated. A document
// repeats its words («обучающихся», «мероприятий»), and a lookup costs a
// fraction of matching the patterns again; the optimal breaker hyphenates
// every word of every paragraph and cell. It is a fixed table of slots
// addressed by the word's hash, each an atomic pointer to an immutable
// entry: lookups take no lock, a word whose slot another holds is matched
// again (and takes the slot), and the memory is bounded.
type runCache struct {
	seed  maphash.Seed
	slots [cacheSlots]atomic.Pointer[cacheEntry]
}

type cacheEntry struct {
	word string
	pts  string // rune indices, one byte each
}

// Bounds on the cache: slots, and the bytes of a word kept (its rune
// indices then fit a byte).
const (
	cacheSlots    = 1 << 14 // 128 KiB of pointers
	maxCachedWord = 255
)

func newRunCache() *runCache { return &runCache{seed: maphash.MakeSeed()} }

// lookup returns word's entry, or the slot to store it in: a word may
// sit in any of the four slots of its bucket (one cache line), so that
// words rarely evict each other; a full bucket gives up the slot the
// word's hash picks.
func (c *runCache) lookup(word string) (*cacheEntry, *atomic.Pointer[cacheEntry]) {
	h := maphash.String(c.seed, word)
	bucket := c.slots[h&(cacheSlots-1)&^3:][:4]
	var free *atomic.Pointer[cacheEntry]
	for k := range bucket {
		e := bucket[k].Load()
		if e == nil {
			if free == nil {
				free = &bucket[k]
			}
			continue
		}
		if e.word == word {
			return e, nil
		}
	}
	if free == nil {
		free = &bucket[(h>>20)&3]
	}
	return nil, free
}

// entries counts the words held (for tests).
func (c *runCache) entries() int {
	n := 0
	for i := range c.slots {
		if c.slots[i].Load() != nil {
			n++
		}
	}
	return n
}

// Bounds on exceptions, the same as a manifest's: they are checked again
// here because NewHyphenator is public API.
const (
	maxExceptions    = 2000
	maxExceptionRune = 64
)

// NewHyphenator returns the pattern hyphenator with per-template
// exceptions: each exception is a word written with "-" at every allowed
// point («ме-ро-при-я-тие»; «ШНОР» = never break). Matching is
// case-insensitive and ё/е-exact. An error (Russian, naming the entry by
// index and text) for a malformed entry.
func NewHyphenator(exceptions []string) (*Hyphenator, error) {
	t, err := ruPatterns()
	if err != nil {
		return nil, err
	}
	h := &Hyphenator{t: t, cache: newRunCache()}
	if len(exceptions) == 0 {
		return h, nil
	}
	if len(exceptions) > maxExceptions {
		return nil, fmt.Errorf("исключений переноса %d: допустимо не больше %d", len(exceptions), maxExceptions)
	}
	h.exc = make(map[string][]int8, len(exceptions))
	first := make(map[string]int, len(exceptions))
	for i, w := range exceptions {
		key, pts, msg := parseException(w)
		if msg != "" {
			return nil, fmt.Errorf("исключение переноса [%d] «%s»: %s", i, w, msg)
		}
		if j, dup := first[key]; dup {
			return nil, fmt.Errorf("исключение переноса [%d] «%s»: слово уже задано в исключении [%d] «%s»", i, w, j, exceptions[j])
		}
		first[key] = i
		h.exc[key] = pts
	}
	return h, nil
}

// parseException splits an exception into its lower-case word and its
// points, or says in Russian what is wrong with it.
func parseException(w string) (key string, pts []int8, msg string) {
	switch {
	case w == "":
		return "", nil, "пустое слово"
	case !utf8.ValidString(w):
		return "", nil, "недопустимая кодировка (нужна UTF-8)"
	case utf8.RuneCountInString(w) > maxExceptionRune:
		return "", nil, fmt.Sprintf("слово длиннее %d знаков", maxExceptionRune)
	case strings.HasPrefix(w, "-") || strings.HasSuffix(w, "-") || strings.Contains(w, "--"):
		return "", nil, "дефис ставится только между слогами"
	}
	var b strings.Builder
	n := 0
	for _, r := range w {
		switch {
		case r == '-':
			pts = append(pts, int8(n))
		case unicode.IsLetter(r):
			b.WriteRune(lowerRu(r))
			n++
		default:
			return "", nil, "допустимы только буквы и дефисы между слогами"
		}
	}
	return b.String(), pts, ""
}

// lowerRu lower-cases a letter; Cyrillic by table because it is on the hot
// path, ё kept apart from е.
func lowerRu(r rune) rune {
	switch {
	case r >= 'А' && r <= 'Я':
		return r + ('а' - 'А')
	case r == 'Ё':
		return 'ё'
	case r < 0x80 || r >= 'а' && r <= 'я' || r == 'ё':
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}
	return unicode.ToLower(r)
}

var (
	ruOnce sync.Once
	ruHyph *Hyphenator
)

// RussianHyphenator is NewHyphenator(nil), built once (sync.Once) on first
// use.
func RussianHyphenator() *Hyphenator {
	ruOnce.Do(func() {
		h, err := NewHyphenator(nil)
		if err != nil {
			// The patterns are embedded and parsed by the tests: failing
			// here is a broken build, not bad input.
			panic("typo: " + err.Error())
		}
		ruHyph = h
	})
	return ruHyph
}

// Points is AppendPoints into a new slice (nil when none).
func (h *Hyphenator) Points(word string) []int {
	var buf [16]int
	pts := h.AppendPoints(buf[:0], word)
	if len(pts) == 0 {
		return nil
	}
	return append([]int(nil), pts...)
}

// AppendPoints appends the hyphenation points of word — rune indices,
// ascending; a break at i means word[:i]+"-" on one line and word[i:] on
// the next — and returns dst. It does not allocate when dst has room.
func (h *Hyphenator) AppendPoints(dst []int, word string) []int {
	if h == nil || h.t == nil {
		return dst // a zero Hyphenator has no patterns: no points
	}
	c := h.cache
	if c == nil || len(word) > maxCachedWord {
		return h.appendPoints(dst, word)
	}
	e, slot := c.lookup(word)
	if e != nil {
		for _, off := range []byte(e.pts) {
			dst = append(dst, int(off))
		}
		return dst
	}
	from := len(dst)
	dst = h.appendPoints(dst, word)
	offs := make([]byte, len(dst)-from)
	for i, p := range dst[from:] {
		offs[i] = byte(p) // a rune index < len(word) ≤ maxCachedWord
	}
	slot.Store(&cacheEntry{word: strings.Clone(word), pts: string(offs)})
	return dst
}

// appendPoints is AppendPoints without the cache.
func (h *Hyphenator) appendPoints(dst []int, word string) []int {
	var runStart, runBytes, n, upper int // rune and byte start, letters, capitals
	inRun, prevAlnum := false, false
	ri := 0
	for bi := 0; bi <= len(word); {
		r, size := rune(-1), 1
		if bi < len(word) {
			r, size = utf8.DecodeRuneInString(word[bi:])
		}
		if c, up := ruClass(r); c != clsNone {
			if !inRun {
				inRun, runStart, runBytes, n, upper = true, ri, bi, 0, 0
			}
			n++
			if up {
				upper++
			}
		} else {
			if inRun {
				inRun = false
				glued := prevAlnum || r >= 0 && isAlnum(r)
				abbrev := upper == n && n < minAbbrevLen
				if !glued && !abbrev && n >= 2*minHyphenMin {
					dst = h.appendRun(dst, word[runBytes:bi], runStart, n)
				}
			}
			prevAlnum = r >= 0 && isAlnum(r)
		}
		bi += size
		ri++
	}
	return dst
}

// appendRun appends the points of one run of n Russian letters starting at
// rune index base of the word.
func (h *Hyphenator) appendRun(dst []int, run string, base, n int) []int {
	if n > maxPatRun {
		// No Russian word is this long; the syllable rules still give a
		// breaker somewhere to split it (allocates, which is fine here).
		return runPoints(dst, classesOf(run), base)
	}
	var (
		low   [2 * maxPatRun]byte // lower-case run, the exception key
		codes [maxPatRun + 2]byte // "." run "." in trie codes
		cls   [maxPatRun]uint8
	)
	k := 0
	codes[0] = patDot
	firstVowel, lastVowel := -1, -1
	i := 0
	for _, r := range run {
		c, _ := ruClass(r)
		cls[i] = uint8(c)
		if c == clsVowel {
			if firstVowel < 0 {
				firstVowel = i
			}
			lastVowel = i
		}
		lr := lowerRu(r)
		k += utf8.EncodeRune(low[k:], lr)
		codes[i+1] = patCode(lr)
		i++
	}
	codes[n+1] = patDot
	t := h.t
	// A break before letter j of the run must pass every hard rule.
	lo, hi := max(t.left, firstVowel+1), min(n-t.right, lastVowel)
	ok := func(j int) bool { return j >= lo && j <= hi && cls[j] != clsSign }

	if pts, found := h.exc[string(low[:k])]; found {
		return appendExc(dst, pts, base, ok)
	}
	if pts, found := t.exc[string(low[:k])]; found {
		return appendExc(dst, pts, base, ok)
	}
	if lo > hi {
		return dst
	}
	var val [maxPatRun + 3]uint8
	t.match(codes[:n+2], val[:])
	for j := lo; j <= hi; j++ {
		if val[j+1]&1 == 1 && cls[j] != clsSign {
			dst = append(dst, base+j)
		}
	}
	return dst
}

func appendExc(dst []int, pts []int8, base int, ok func(int) bool) []int {
	for _, p := range pts {
		if ok(int(p)) {
			dst = append(dst, base+int(p))
		}
	}
	return dst
}
