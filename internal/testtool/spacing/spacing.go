package spacing

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Options say what the justified text is set in.
type Options struct {
	FontSize float64 // pt: the body size of the justified text (14)
	SpaceEm  float64 // the font's normal space in em (Liberation Serif: 0.25)
	MinWords int     // lines with fewer words are not measured (default 3)
	// RightMargin is the distance in pt from the page's right edge to
	// the text frame's. Zero infers the frame's edge on each page as the
	// rightmost end of a line of MinWords words, provided two more such
	// lines end there (a justified paragraph gives that; one wide centred
	// title does not). Give it for a typesetter that hangs
	// punctuation into the margin (Typst does by default): its
	// hyphen-ended lines reach past the frame by the same amount and
	// would be taken for the edge.
	RightMargin float64
	// Compounds are the source's words written with a hyphen
	// («проблемно-ориентированный»), lower case. A line ending in such a
	// word's own hyphen is not hyphenated: it is counted apart (Report.
	// Compound) and neither adds to a run of hyphenated lines nor ends
	// one, as the breaker's limit does. Nil counts every hyphen.
	Compounds map[string]bool
}

// Report is what Measure found.
type Report struct {
	Lines        int       // justified lines measured
	Max, P95     float64   // widest inter-word gap / normal space, over lines
	Ratios       []float64 // per line, in reading order
	Hyphenated   int       // lines ending in "-" glued to a word (hyphenation)
	MaxHyphenRun int       // most consecutive such lines
	Compound     int       // lines ending in a compound's own hyphen (Options.Compounds)
}

const (
	// flushTol is how close to the frame's edge a line must end to be
	// flush: PDF writers round positions, not by more than this.
	flushTol = 0.6
	// pieceEm: fragments closer than this many normal spaces are one
	// word that pdftotext cut (kerned punctuation, a glyph placed
	// apart); justification never shrinks a space that far (Typst's
	// floor is 2/3 of it).
	pieceEm = 0.4
	// columnEm: a gap wider than this many normal spaces may separate
	// two texts on one baseline (a signature's name from its title,
	// table columns) rather than two words of one justified line; see
	// split.
	columnEm = 4
	// evenTol: the stretched gaps of one justified line differ by glyph
	// width rounding only (seen: 0.1 pt in Kartograf's output).
	evenTol = 0.5
	// maxOutput bounds what pdftotext may print.
	maxOutput = 64 << 20
	// timeout bounds one pdftotext run.
	timeout = 2 * time.Minute
)

// Measure runs pdftotext -bbox-layout on the PDF at pdfPath and measures
// its justified lines.
//
// pdftotext's own lines are not trusted: it cuts a justified line whose
// gaps are wide into one-word lines (the worst lines, the ones to
// measure). Words are grouped again by baseline; a baseline is cut into
// lines at gaps wider than four normal spaces unless its wide gaps are all
// equal, as a justified line's are (so a justified line of three or more
// words whose only stretchable space is one is cut and not measured). A line is justified when it has at least
// MinWords words, ends within 0.6 pt of the frame's right edge (or past
// it by less than half the font size: hanging punctuation), and starts in
// the left quarter of the text on its page (a right-aligned signature
// does not). The last line of a paragraph, headings and table cells (the
// cell padding keeps them off the frame's edge) are so left out.
func Measure(pdfPath string, o Options) (Report, error) {
	if err := o.check(); err != nil {
		return Report{}, err
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return Report{}, fmt.Errorf("spacing: pdftotext (poppler-utils) not found: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-bbox-layout", "-enc", "UTF-8", pdfPath, "-")
	var out limited
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return Report{}, fmt.Errorf("spacing: pdftotext %s: %w: %s", pdfPath, err, strings.TrimSpace(stderr.String()))
	}
	if out.over {
		return Report{}, fmt.Errorf("spacing: pdftotext %s: more than %d bytes of output", pdfPath, maxOutput)
	}
	return measureBBox(bytes.NewReader(out.b.Bytes()), o)
}

func (o *Options) check() error {
	if o.MinWords == 0 {
		o.MinWords = 3
	}
	if !(o.FontSize > 0 && o.FontSize < 1000) || !(o.SpaceEm > 0 && o.SpaceEm < 10) || o.MinWords < 2 ||
		!(o.RightMargin >= 0 && o.RightMargin < 10000) {
		return fmt.Errorf("spacing: bad options %+v", *o)
	}
	return nil
}

// limited is a writer that keeps the first maxOutput bytes.
type limited struct {
	b    bytes.Buffer
	over bool
}

func (l *limited) Write(p []byte) (int, error) {
	if l.b.Len()+len(p) > maxOutput {
		l.over = true
		return 0, errors.New("output too large")
	}
	return l.b.Write(p)
}

type word struct {
	x0, x1, y0, y1 float64
	text           string
}

type page struct {
	width float64
	words []word
}

// parse reads pdftotext's XHTML: pages and their words (blocks and lines
// are regrouped by Measure).
func parse(r io.Reader) ([]page, error) {
	d := xml.NewDecoder(r)
	d.Strict = true
	var pages []page
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return pages, nil
		}
		if err != nil {
			return nil, fmt.Errorf("spacing: reading pdftotext output: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "page":
			w, err := attr(se, "width")
			if err != nil {
				return nil, err
			}
			pages = append(pages, page{width: w})
		case "word":
			if len(pages) == 0 {
				return nil, errors.New("spacing: a word outside a page")
			}
			var wd word
			for _, a := range []struct {
				name string
				v    *float64
			}{{"xMin", &wd.x0}, {"xMax", &wd.x1}, {"yMin", &wd.y0}, {"yMax", &wd.y1}} {
				if *a.v, err = attr(se, a.name); err != nil {
					return nil, err
				}
			}
			var text string
			if err := d.DecodeElement(&text, &se); err != nil {
				return nil, fmt.Errorf("spacing: reading a word: %w", err)
			}
			wd.text = text
			p := &pages[len(pages)-1]
			p.words = append(p.words, wd)
		}
	}
}

func attr(se xml.StartElement, name string) (float64, error) {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			v, err := strconv.ParseFloat(a.Value, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("spacing: %s %s=%q: not a number", se.Name.Local, name, a.Value)
			}
			return v, nil
		}
	}
	return 0, fmt.Errorf("spacing: %s without %s", se.Name.Local, name)
}

// line is a run of words on one baseline that belong together.
type line struct {
	words []word
}

func (l line) x0() float64 { return l.words[0].x0 }
func (l line) x1() float64 { return l.words[len(l.words)-1].x1 }

// maxGap is the widest gap between two words of the line. The gap after
// a list item's marker is the renderer's fixed marker indent, not a
// space, and is left out.
func (l line) maxGap() float64 {
	g, from := 0.0, 1
	if marker(l.words[0].text) {
		from = 2
	}
	for i := from; i < len(l.words); i++ {
		g = max(g, l.words[i].x0-l.words[i-1].x1)
	}
	return g
}

// marker says whether a line's first word is a list item's marker: a
// dash or bullet alone, or a number or letter with its period or
// parenthesis («1.», «2.3.», «а)»). Russian typography never begins a
// line of running text with a dash.
func marker(w string) bool {
	r := []rune(w)
	switch {
	case len(r) == 1:
		return !unicode.IsLetter(r[0]) && !unicode.IsDigit(r[0])
	case len(r) < 2 || len(r) > 8 || (r[len(r)-1] != '.' && r[len(r)-1] != ')'):
		return false
	case len(r) == 2 && unicode.IsLetter(r[0]):
		return true
	}
	for _, c := range r[:len(r)-1] {
		if !unicode.IsDigit(c) && c != '.' {
			return false
		}
	}
	return unicode.IsDigit(r[0])
}

// hyphenated says whether the line ends in a hyphen glued to a word: a
// dash standing alone ("–", "-") is punctuation, not a break.
func (l line) hyphenated() bool {
	t := l.words[len(l.words)-1].text
	last, n := utf8.DecodeLastRuneInString(t)
	if last != '-' && last != '\u2010' && last != '\u00ad' {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(t[:len(t)-n])
	return unicode.IsLetter(prev) || unicode.IsDigit(prev)
}

// lines groups a page's words into lines in reading order: baselines top
// to bottom, each cut at column gaps, left to right.
func lines(words []word, space float64) []line {
	ws := slices.Clone(words)
	slices.SortStableFunc(ws, func(a, b word) int {
		if c := cmp.Compare(a.y1, b.y1); c != 0 {
			return c
		}
		return cmp.Compare(a.x0, b.x0)
	})
	// A baseline holds the words whose bottoms are within a fifth of a
	// line of the first one's: sizes on one baseline differ in descent
	// by far less, lines are a whole line apart.
	var out []line
	for i := 0; i < len(ws); {
		j := i + 1
		for j < len(ws) && ws[j].y1-ws[i].y1 <= 0.2*(ws[i].y1-ws[i].y0) {
			j++
		}
		row := slices.Clone(ws[i:j])
		slices.SortStableFunc(row, func(a, b word) int { return cmp.Compare(a.x0, b.x0) })
		out = append(out, split(join(row, space), space)...)
		i = j
	}
	return out
}

// join glues the fragments pdftotext cut out of one word.
func join(row []word, space float64) []word {
	out := row[:1]
	for _, w := range row[1:] {
		last := &out[len(out)-1]
		if w.x0-last.x1 < pieceEm*space {
			last.text += w.text
			last.x1 = max(last.x1, w.x1)
			continue
		}
		out = append(out, w)
	}
	return out
}

// split cuts a baseline at its column gaps, the widest first. A
// justified line stretches all its spaces alike (to within rounding), so a
// baseline whose wide gaps are all equal is one line; a wide gap that has
// no equal, or that has unequal company, parts columns.
func split(ws []word, space float64) []line {
	if len(ws) < 2 {
		return []line{{words: ws}}
	}
	at, widest := 0, 0.0
	for i := 1; i < len(ws); i++ {
		if g := ws[i].x0 - ws[i-1].x1; g > widest {
			at, widest = i, g
		}
	}
	if widest <= columnEm*space {
		return []line{{words: ws}}
	}
	equal, uneven := 0, false
	for i := 1; i < len(ws); i++ {
		g := ws[i].x0 - ws[i-1].x1
		switch {
		case widest-g <= evenTol:
			equal++
		case g >= widest/2:
			uneven = true
		}
	}
	if equal >= 2 && !uneven {
		return []line{{words: ws}}
	}
	return append(split(ws[:at], space), split(ws[at:], space)...)
}

// measureBBox measures pdftotext's XHTML read from r.
func measureBBox(r io.Reader, o Options) (Report, error) {
	if err := o.check(); err != nil {
		return Report{}, err
	}
	pages, err := parse(r)
	if err != nil {
		return Report{}, err
	}
	var rep Report
	run := 0
	ls := classify(pages, o)
	for i, l := range ls {
		if !l.justified {
			run = 0
			continue
		}
		rep.Ratios = append(rep.Ratios, l.ratio)
		if l.hyphenated() && i+1 < len(ls) && o.compound(l.line, ls[i+1].line) {
			rep.Compound++
			continue
		}
		if l.hyphenated() {
			rep.Hyphenated++
			run++
			rep.MaxHyphenRun = max(rep.MaxHyphenRun, run)
		} else {
			run = 0
		}
	}
	rep.Lines = len(rep.Ratios)
	if rep.Lines > 0 {
		s := slices.Clone(rep.Ratios)
		slices.Sort(s)
		rep.Max = s[len(s)-1]
		// Nearest rank: the smallest ratio that 95 % of the lines do not
		// exceed.
		rep.P95 = s[int(math.Ceil(0.95*float64(len(s))))-1]
	}
	return rep, nil
}

// judged is a line with the verdict on it.
type judged struct {
	line
	page      int
	justified bool
	ratio     float64 // widest gap / normal space
}

// classify finds the lines of every page in reading order and says which
// are justified.
func classify(pages []page, o Options) []judged {
	space := o.SpaceEm * o.FontSize
	var out []judged
	for i, p := range pages {
		ls := lines(p.words, space)
		// The text's left edge: a justified line starts in the left
		// quarter of the text (at the margin, an indent or a list's
		// hanging indent); a right-aligned signature does not.
		left := math.Inf(1)
		for _, l := range ls {
			if len(l.words) >= o.MinWords {
				left = min(left, l.x0())
			}
		}
		starts := func(l line, right float64) bool {
			return len(l.words) >= o.MinWords && l.x0() <= left+(right-left)/4
		}
		right, ok := frameRight(p, ls, o, starts)
		for _, l := range ls {
			j := judged{line: l, page: i + 1, ratio: l.maxGap() / space}
			j.justified = ok && starts(l, right) && flush(l, right, o)
			out = append(out, j)
		}
	}
	return out
}

// flush says whether the line ends at the frame's right edge, or past it
// by less than half the font size (punctuation hung into the margin).
func flush(l line, right float64, o Options) bool {
	return l.x1() >= right-flushTol && l.x1() <= right+o.FontSize/2
}

// frameRight is the right edge of the page's text frame: given, or the
// rightmost end of a line of MinWords words that starts at the text's
// left, if two more such lines end there too. One such line alone is a
// wide title or heading; a page whose rightmost text is not flush holds
// no justified paragraph (a table's cells end in clusters of their own,
// left of the frame's edge).
func frameRight(p page, ls []line, o Options, starts func(line, float64) bool) (float64, bool) {
	if o.RightMargin > 0 {
		return p.width - o.RightMargin, true
	}
	var ends []float64
	for _, l := range ls {
		if starts(l, p.width) {
			ends = append(ends, l.x1())
		}
	}
	slices.Sort(ends)
	if n := len(ends); n >= 3 && ends[n-1]-ends[n-3] <= flushTol {
		return ends[n-1], true
	}
	return 0, false
}

// compound reports whether l ends in the hyphen of a compound word that
// next, the following line, completes.
func (o Options) compound(l, next line) bool {
	if len(o.Compounds) == 0 || len(next.words) == 0 {
		return false
	}
	left := l.words[len(l.words)-1].text
	right := next.words[0].text
	w := strings.ToLower(strings.TrimLeft(left, "«(\"„") + strings.TrimRight(right, ".,;:!?»)\"“"))
	return o.Compounds[w]
}
