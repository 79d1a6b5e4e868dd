package rollover

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

// Years outside this range are ordinary numbers.
const (
	minYear = 1990
	maxYear = 2100
)

// nearYears is how far from the source start year a year may lie and still
// be moved on weak evidence (a «год» word or a deadline cell).
const nearYears = 3

// Reasons for keeping a year, shown to the methodologist.
const (
	whyActDate   = "дата нормативного акта"
	whyDocDate   = "дата документа («от …»)"
	whyActTitle  = "название нормативного акта"
	whyNarrative = "аналитический текст о прошедшем периоде"
	whyUnknown   = "не удалось определить, к какому году относится"
	whyLongRange = "не удалось определить, к какому году относится: период из нескольких лет"
	whyFar       = "не удалось определить, к какому году относится: год далеко от периода документа"
	whyOrg       = "название организации"
	whyPlace     = "место издания"
	whyStamp     = "текст грифа"
	whySignature = "подпись"
	whyNumber    = "номер пункта"
	whyPeriod    = "не удалось определить, к какому году относится: дата периода в неверном формате"
)

// sp matches any space, including no-break and thin spaces (\s is ASCII only).
const sp = `[\s\p{Zs}]`

const monthForms = `(?:(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)(?:ь|я|е|ю|ем|ём)|март(?:а|е|у|ом)?|август(?:а|е|у|ом)?|ма(?:й|я|е|ю|ем))`

// monthRE matches a month name in lower case, in the forms a date takes
// («май», «мая», «мае», «сентябрь», «сентября», «сентябре»); yearWordRE a
// «год» word right after a year («г.», «г», «гг.», «года», «году»…).
var (
	monthRE    = lazyre.New(`^` + monthForms + `$`)
	yearWordRE = lazyre.New(`(?i)^` + sp + `*(?:г\.` + sp + `?г\.|гг\.|г\.|(?:гг|г|год(?:а|у|ом|е|ы|ов|ам|ами|ах)?)(?:[^\p{L}]|$))`)

	// actRE names a normative act or an official document.
	actRE = lazyre.New(`(?i)(?:^|[^\p{L}])(?:закон|постановлени|приказ|распоряжени|протокол|программ|указ(?:ом|а|е|у|ы|ов)?(?:[^\p{L}]|$)|письм|решени|положени|кодекс|фз(?:[^\p{L}]|$))`)
	// reqRE finds requisites: a full date, a number, «-ФЗ», «от 1 мая 2023».
	reqRE = lazyre.New(`(?i)\d{1,2}\.\d{1,2}\.\d{4}|№` + sp + `*\d|-` + sp + `*фз|(?:^|[^\p{L}])от` + sp + `+["«“„]?\d{1,2}["»”“]?` + sp + `*` + monthForms)
)

type exprKind int

const (
	exprSingle    exprKind = iota // one year
	exprDate                      // ДД.ММ.ГГГГ
	exprRange                     // consecutive years: 2023-2024, 2023/24
	exprLongRange                 // several years: 2021-2025
)

// run is a maximal run of ASCII digits s[a:b] with its value (-1 if huge).
type run struct{ a, b, v int }

func (r run) isYear() bool { return r.b-r.a == 4 && r.v >= minYear && r.v <= maxYear }

// yearExpr is one year, date or range found in a string.
type yearExpr struct {
	kind       exprKind
	start, end int   // bytes of the whole expression (a date from its day)
	years      []run // digit runs to rewrite; a short range's second run has 2 digits
	day, month int   // for dates
}

func digitRuns(s string) []run {
	var rs []run
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j, v := i, 0
		for j < len(s) && isDigit(s[j]) {
			if v >= 0 && j-i < 9 {
				v = v*10 + int(s[j]-'0')
			} else {
				v = -1
			}
			j++
		}
		rs = append(rs, run{i, j, v})
		i = j
	}
	return rs
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isDash(r rune) bool {
	switch r {
	case '-', '‐', '‑', '–', '—', '−':
		return true
	}
	return false
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) }

// scanYears finds the years of s in order. Numbers after «№» are skipped.
func scanYears(s string) []yearExpr {
	rs := digitRuns(s)
	var out []yearExpr
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !r.isYear() || afterNumberSign(s, r.a) {
			continue
		}
		if i >= 2 {
			m, d := rs[i-1], rs[i-2]
			if m.b == r.a-1 && (s[m.b] == '.' || s[m.b] == '/') && d.b == m.a-1 && s[d.b] == s[m.b] &&
				m.b-m.a <= 2 && d.b-d.a <= 2 {
				out = append(out, yearExpr{kind: exprDate, start: d.a, end: r.b, years: []run{r}, day: d.v, month: m.v})
				continue
			}
		}
		if i+1 < len(rs) {
			n := rs[i+1]
			gap := s[r.b:n.a]
			switch {
			case n.isYear() && n.v > r.v && n.v <= r.v+10 && isSeparator(gap, true):
				kind := exprRange
				if n.v != r.v+1 {
					kind = exprLongRange
				}
				out = append(out, yearExpr{kind: kind, start: r.a, end: n.b, years: []run{r, n}})
				i++
				continue
			case n.b-n.a == 2 && n.v == (r.v+1)%100 && isSeparator(gap, false) &&
				!(n.b+1 < len(s) && (s[n.b] == '.' || s[n.b] == '/') && isDigit(s[n.b+1])):
				out = append(out, yearExpr{kind: exprRange, start: r.a, end: n.b, years: []run{r, n}})
				i++
				continue
			}
		}
		out = append(out, yearExpr{kind: exprSingle, start: r.a, end: r.b, years: []run{r}})
	}
	return out
}

// isSeparator reports whether gap is one dash or slash, with spaces around
// it when spaced is true.
func isSeparator(gap string, spaced bool) bool {
	if spaced {
		gap = strings.TrimFunc(gap, isSpace)
	}
	r, n := utf8.DecodeRuneInString(gap)
	return n == len(gap) && n > 0 && (isDash(r) || r == '/')
}

// afterNumberSign reports whether the digits at i follow «№» (or «N »):
// a document or item number, not a year.
func afterNumberSign(s string, i int) bool {
	t := strings.TrimRightFunc(s[:i], isSpace)
	if strings.HasSuffix(t, "№") {
		return true
	}
	if strings.HasSuffix(t, "N") && len(t) < i {
		r, _ := utf8.DecodeLastRuneInString(t[:len(t)-1])
		return len(t) == 1 || !unicode.IsLetter(r)
	}
	return false
}

// lastWord returns the word ending s after trailing runes matching skip
// are dropped, in lower case, and the text before it. The word is empty
// when s does not end with a letter then.
func lastWord(s string, skip func(rune) bool) (word, rest string) {
	s = strings.TrimRightFunc(s, skip)
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsLetter(r) {
			break
		}
		i -= n
	}
	return strings.ToLower(s[i:]), s[:i]
}

func isSpaceOrComma(r rune) bool { return isSpace(r) || r == ',' }

// monthBefore reports whether a month name ends pre («Май », «в мае »,
// «1 сентября »); for a date written with its day («1 сентября 2024»,
// ««31» августа 2023») also the day and the text before it.
func monthBefore(pre string) (month bool, day int, rest string) {
	w, rest := lastWord(pre, isSpaceOrComma)
	if !monthRE.MatchString(w) {
		return false, 0, ""
	}
	rest = strings.TrimRightFunc(rest, isSpace)
	rest = strings.TrimRight(rest, `»"”“`)
	i := len(rest)
	for i > 0 && len(rest)-i < 2 && isDigit(rest[i-1]) {
		i--
	}
	if i == len(rest) || (i > 0 && isDigit(rest[i-1])) {
		return true, 0, ""
	}
	day, _ = strconv.Atoi(rest[i:])
	return true, day, strings.TrimRight(rest[:i], `«"“„`)
}

// examBefore reports whether pre ends with an examination tag and an
// optional dash: «ГИА-», «ГИА - », «ОГЭ », «ГИА-9 », «аттестации-».
func examBefore(pre string) bool {
	pre = strings.TrimRightFunc(pre, isSpace)
	if r, n := utf8.DecodeLastRuneInString(pre); isDash(r) {
		pre = pre[:len(pre)-n]
	}
	pre = strings.TrimRightFunc(pre, isSpace)
	for _, grade := range []string{"-9", "-11"} {
		if t, ok := strings.CutSuffix(pre, grade); ok {
			pre = t
			break
		}
	}
	w, _ := lastWord(pre, isSpace)
	switch w {
	case "гиа", "огэ", "егэ", "гвэ", "впр", "нико":
		return true
	}
	return strings.HasPrefix(w, "аттестаци")
}

// periodBefore reports whether a quarter, half-year or term ends pre.
func periodBefore(pre string) bool {
	w, _ := lastWord(pre, isSpace)
	for _, p := range []string{"квартал", "полугоди", "триместр", "четверт", "семестр"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// otBefore reports whether pre ends with the word «от».
func otBefore(pre string) bool {
	w, _ := lastWord(pre, isSpace)
	return w == "от"
}

// after returns up to 40 bytes of s from i, cut on a rune boundary.
func after(s string, i int) string {
	b := min(len(s), i+40)
	for b > i && b < len(s) && !utf8.RuneStart(s[b]) {
		b--
	}
	return s[i:b]
}

// segments splits s into sentences: at line breaks, and outside «quotes» at
// «;», «!», «?» and at a full stop followed by a capital letter (not after
// a short abbreviation such as «г.» or «утв.»).
func segments(s string) [][2]int {
	var segs [][2]int
	start, depth := 0, 0
	for i, r := range s {
		switch {
		case r == '\n':
			segs = append(segs, [2]int{start, i})
			start, depth = i+1, 0
		case r == '«':
			depth++
		case r == '»':
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case r == ';' || r == '!' || r == '?' || (r == '.' && sentenceEnd(s, i)):
			segs = append(segs, [2]int{start, i + 1})
			start = i + 1
		}
	}
	return append(segs, [2]int{start, len(s)})
}

func sentenceEnd(s string, dot int) bool {
	rest := s[dot+1:]
	next := strings.TrimLeftFunc(rest, isSpace)
	if len(next) == len(rest) || next == "" {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(next); !unicode.IsUpper(r) {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:dot])
	if unicode.IsDigit(prev) || prev == ')' || prev == '»' {
		return true
	}
	letters := 0
	for t := s[:dot]; t != ""; {
		r, n := utf8.DecodeLastRuneInString(t)
		if !unicode.IsLetter(r) {
			break
		}
		letters++
		t = t[:len(t)-n]
	}
	return letters >= 4
}

// mode says how freely years of a string may move.
type mode int

const (
	modeText      mode = iota // move years in recognised contexts
	modeDeadline              // also move bare years near the period
	modeNarrative             // analysis narrative: move nothing
)

// textScan holds one string being classified. Its sentences, what they
// name and the quote depth are computed on demand, and positions are asked
// in increasing order, so a long text is scanned in linear time.
type textScan struct {
	s     string
	segs  [][2]int
	facts map[int]segFacts
	pos   int // quote depth is known up to pos
	depth int
}

// segFacts says whether a sentence names an act and carries requisites.
type segFacts struct{ act, req bool }

// segment tells what the sentence holding p names.
func (t *textScan) segment(p int) segFacts {
	if t.segs == nil {
		t.segs = segments(t.s)
		t.facts = map[int]segFacts{}
	}
	i := sort.Search(len(t.segs), func(i int) bool { return t.segs[i][1] > p })
	if i == len(t.segs) {
		i = len(t.segs) - 1
	}
	f, ok := t.facts[i]
	if !ok {
		seg := t.s[t.segs[i][0]:t.segs[i][1]]
		f = segFacts{act: actRE.MatchString(seg)}
		f.req = f.act && reqRE.MatchString(seg)
		t.facts[i] = f
	}
	return f
}

// inQuotes reports whether p lies inside «…». Quote depth restarts at each
// line, as sentences only end outside quotes or at a line break, so this is
// the depth counted from the start of p's sentence.
func (t *textScan) inQuotes(p int) bool {
	if p < t.pos {
		t.pos, t.depth = 0, 0
	}
	for _, r := range t.s[t.pos:p] {
		switch r {
		case '\n':
			t.depth = 0
		case '«':
			t.depth++
		case '»':
			if t.depth > 0 {
				t.depth--
			}
		}
	}
	t.pos = p
	return t.depth > 0
}

// decide tells whether expression e of t moves by shift in mode m, and if
// not, why.
func decide(t *textScan, e yearExpr, m mode, src, shift int) (bool, string) {
	s := t.s
	if e.kind == exprDate {
		if t.segment(e.start).act {
			return false, whyActDate
		}
		if otBefore(s[:e.start]) {
			return false, whyDocDate
		}
	}
	if t.inQuotes(e.start) && t.segment(e.start).req {
		return false, whyActTitle
	}
	if m == modeNarrative {
		return false, whyNarrative
	}
	y := e.years[0].v
	switch e.kind {
	case exprDate:
		if e.day == 29 && e.month == 2 && !leap(y+shift) {
			return false, feb29(y + shift)
		}
		return true, ""
	case exprRange:
		return true, ""
	case exprLongRange:
		return false, whyLongRange
	}
	pre := s[:e.start]
	month, day, beforeDay := monthBefore(pre)
	switch {
	case month && day > 0 && t.segment(e.start).act:
		return false, whyActDate
	case month && day > 0 && otBefore(beforeDay):
		return false, whyDocDate
	case month:
		if w, _ := lastWord(pre, isSpaceOrComma); day == 29 && strings.HasPrefix(w, "феврал") && !leap(y+shift) {
			return false, feb29(y + shift)
		}
		return true, ""
	case examBefore(pre), periodBefore(pre):
		return true, ""
	case yearWordRE.MatchString(after(s, e.end)) || m == modeDeadline:
		if y < src-nearYears || y > src+nearYears {
			return false, whyFar
		}
		return true, ""
	}
	return false, whyUnknown
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func feb29(y int) string {
	return "29 февраля нет в " + itoa(y) + " году: перенесите дату вручную"
}

// shiftDigits rewrites the years of e in s by shift, writing into b the
// text from *last up to the end of e.
func shiftDigits(b *strings.Builder, s string, last *int, e yearExpr, shift int) {
	first := e.years[0].v + shift
	for k, r := range e.years {
		b.WriteString(s[*last:r.a])
		switch {
		case k == 0:
			b.WriteString(pad(first, 4))
		case r.b-r.a == 2:
			b.WriteString(pad((first+1)%100, 2))
		default:
			b.WriteString(pad(r.v+shift, 4))
		}
		*last = r.b
	}
}

func pad(v, width int) string {
	s := itoa(v)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

func itoa(v int) string { return strconv.Itoa(v) }

// yearText is the year or range as written, for Kept.Year.
func (e yearExpr) yearText(s string) string {
	return s[e.years[0].a:e.years[len(e.years)-1].b]
}

// excerpt returns the text around s[a:b]: about 30 runes each side, cut at
// spaces, with «…» where the text goes on, on one line.
func excerpt(s string, a, b int) string {
	const width = 30
	l := a
	for n := 0; l > 0 && n < width; n++ {
		_, size := utf8.DecodeLastRuneInString(s[:l])
		l -= size
	}
	if l > 0 {
		if i := strings.IndexFunc(s[l:a], isSpace); i >= 0 {
			l += i
		}
	}
	r := b
	for n := 0; r < len(s) && n < width; n++ {
		_, size := utf8.DecodeRuneInString(s[r:])
		r += size
	}
	if r < len(s) {
		if i := strings.LastIndexFunc(s[b:r], isSpace); i >= 0 {
			r = b + i
		}
	}
	out := strings.TrimFunc(s[l:r], isSpace)
	if l > 0 {
		out = "…" + out
	}
	if r < len(s) {
		out += "…"
	}
	return oneLine(out)
}

// oneLine shows line breaks and tabs as spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}
