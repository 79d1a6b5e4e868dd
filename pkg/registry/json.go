package registry

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ReadJSON reads a registry in JSON: an array of objects, or an object
// whose only key "schools" holds that array. Keys are canonical or the
// Russian headers; unknown keys are an error. Values are strings or null
// (empty); id and the order and protocol numbers may also be numbers.
// School.Row is the line on which the school's object begins. Problems with
// the content are an *Error.
func ReadJSON(r io.Reader) ([]School, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	return parseJSON(data)
}

// jsonReader walks a JSON registry.
type jsonReader struct {
	data  []byte
	dec   *json.Decoder
	cols  *[numKeys]column
	index map[string]key
	p     problems
	recs  []record

	unknown map[string]*unknownKey
	order   []string // unknown keys in order of appearance

	// line counting, incremental
	linePos, line int
}

// unknownKey is where an unknown key first appears and how often.
type unknownKey struct {
	first record // row and number only
	count int
}

func parseJSON(data []byte) ([]School, error) {
	switch {
	case len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))) == 0:
		return nil, fileError("файл пуст")
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, fileError("файл в кодировке UTF-16: сохраните JSON в кодировке UTF-8")
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		line := 1
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			if r == '\n' {
				line++
			}
			i += n
		}
		return nil, &Error{Problems: []Problem{{Row: line, Message: "JSON должен быть в кодировке UTF-8, а в строке недопустимая последовательность байтов"}}}
	}
	jr := &jsonReader{data: data, dec: json.NewDecoder(bytes.NewReader(data)), cols: columns(), line: 1, unknown: map[string]*unknownKey{}}
	jr.dec.UseNumber()
	jr.index = aliasIndex(jr.cols)
	if !jr.top() {
		slices.SortStableFunc(jr.p, func(a, b Problem) int { return a.Row - b.Row })
		return nil, &Error{Problems: jr.p}
	}
	for _, k := range jr.order {
		u := jr.unknown[k]
		msg := u.first.prefix() + "неизвестный ключ «" + show(k) + "»"
		if s := jr.suggest(k); s != "" {
			msg += " (возможно, имелось в виду «" + s + "»)"
		}
		if u.count > 1 {
			msg += fmt.Sprintf(", всего в записях: %d", u.count)
		}
		msg += "; допустимые ключи: " + jr.keyList()
		jr.p.add(u.first.row, k, msg)
	}
	if len(jr.recs) == 0 && len(jr.p) == 0 {
		jr.p.add(0, "", "реестр пуст: в списке нет ни одной школы")
	}
	return finish(jr.recs, jr.p)
}

// lineAt is the 1-based line of byte offset pos; pos must not decrease
// between calls.
func (jr *jsonReader) lineAt(pos int) int {
	pos = min(max(pos, jr.linePos), len(jr.data))
	jr.line += bytes.Count(jr.data[jr.linePos:pos], []byte{'\n'})
	jr.linePos = pos
	return jr.line
}

// next is the offset of the next value after the decoder's position.
func (jr *jsonReader) next() int {
	i := int(jr.dec.InputOffset())
	for i < len(jr.data) && strings.IndexByte(" \t\r\n,:", jr.data[i]) >= 0 {
		i++
	}
	return i
}

// syntax records a syntax error; false, for chaining.
func (jr *jsonReader) syntax(err error) bool {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		jr.p.add(jr.lineAt(int(se.Offset)), "", "ошибка синтаксиса JSON: "+se.Error())
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		jr.p.add(0, "", "JSON обрывается: файл неполон")
	default:
		jr.p.add(0, "", "ошибка JSON: "+err.Error())
	}
	return false
}

// top reads the whole document; false when it cannot be read to the end.
func (jr *jsonReader) top() bool {
	tok, err := jr.dec.Token()
	if err != nil {
		return jr.syntax(err)
	}
	switch tok {
	case json.Delim('['):
		if !jr.array() {
			return false
		}
	case json.Delim('{'):
		found := false
		for jr.dec.More() {
			line := jr.lineAt(jr.next())
			tok, err := jr.dec.Token()
			if err != nil {
				return jr.syntax(err)
			}
			name, _ := tok.(string)
			if name != "schools" || found {
				var skip json.RawMessage
				if err := jr.dec.Decode(&skip); err != nil {
					return jr.syntax(err)
				}
				msg := "неизвестный ключ «" + show(name) + "»: ожидается объект с единственным ключом «schools», содержащим список школ"
				if found && name == "schools" {
					msg = "ключ «schools» повторяется"
				}
				jr.p.add(line, name, msg)
				continue
			}
			found = true
			tok, err = jr.dec.Token()
			if err != nil {
				return jr.syntax(err)
			}
			if tok != json.Delim('[') {
				jr.p.add(line, "schools", "значение «schools» должно быть списком школ […]")
				return false
			}
			if !jr.array() {
				return false
			}
		}
		if _, err := jr.dec.Token(); err != nil {
			return jr.syntax(err)
		}
		if !found {
			jr.p.add(0, "", "нет ключа «schools»: ожидается список школ […] или объект {\"schools\": […]}")
			return false
		}
	default:
		jr.p.add(0, "", "ожидается список школ […] или объект {\"schools\": […]}")
		return false
	}
	if _, err := jr.dec.Token(); err != io.EOF {
		jr.p.add(jr.lineAt(jr.next()), "", "после конца JSON лишние данные")
		return false
	}
	return true
}

// array reads the elements of the list of schools and its closing bracket.
func (jr *jsonReader) array() bool {
	for jr.dec.More() {
		line := jr.lineAt(jr.next())
		var raw json.RawMessage
		if err := jr.dec.Decode(&raw); err != nil {
			return jr.syntax(err)
		}
		if len(jr.recs) >= MaxRows {
			jr.p.add(line, "", fmt.Sprintf("в реестре больше %d записей", MaxRows))
			return false
		}
		jr.recs = append(jr.recs, record{row: line, number: len(jr.recs) + 1})
		jr.object(&jr.recs[len(jr.recs)-1], raw)
	}
	_, err := jr.dec.Token()
	if err != nil {
		return jr.syntax(err)
	}
	return true
}

// object fills rec from one element of the list; raw is valid JSON.
func (jr *jsonReader) object(rec *record, raw json.RawMessage) {
	if raw[0] != '{' {
		jr.p.add(rec.row, "", rec.prefix()+"ожидается объект с полями школы {\"id\": …}, а не "+jsonKind(raw, false))
		for k := range rec.skip {
			rec.skip[k] = true
		}
		return
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		return
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		name, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return
		}
		k, ok := jr.index[normHeader(name)]
		if !ok {
			u := jr.unknown[name]
			if u == nil {
				u = &unknownKey{first: record{row: rec.row, number: rec.number}}
				jr.unknown[name] = u
				jr.order = append(jr.order, name)
			}
			u.count++
			continue
		}
		if rec.has[k] {
			jr.p.add(rec.row, name, rec.prefix()+"«"+show(rec.col[k])+"» и «"+show(name)+"» означают одно и то же ("+jr.cols[k].what+"): ключ задан дважды")
			continue
		}
		rec.has[k], rec.col[k] = true, name
		switch v[0] {
		case '"':
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				rec.skip[k] = true
				continue
			}
			rec.val[k] = normValue(s)
		case 'n': // null: not given
		case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			if !jr.cols[k].number {
				jr.p.add(rec.row, name, rec.prefix()+"значение должно быть строкой"+jr.hint(k)+", а не "+jsonKind(v, true))
				rec.skip[k] = true
				continue
			}
			s, ok := numberString(json.Number(v))
			if !ok {
				jr.p.add(rec.row, name, rec.prefix()+"число "+string(v)+" не годится: нужно целое число или строка")
				rec.skip[k] = true
				continue
			}
			rec.val[k] = s
		default:
			jr.p.add(rec.row, name, rec.prefix()+"значение должно быть строкой"+jr.hint(k)+", а не "+jsonKind(v, true))
			rec.skip[k] = true
		}
	}
}

// hint adds the expected form of a date.
func (jr *jsonReader) hint(k key) string {
	if jr.cols[k].date {
		return " вида \"ДД.ММ.ГГГГ\""
	}
	return ""
}

// numberString is a JSON number as decimal text: integers as they are,
// other finite values in the shortest decimal form without exponent.
func numberString(n json.Number) (string, bool) {
	s := string(n)
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return s, true
	}
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) >= 1e21 {
		return "", false
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// jsonKind names the type of a JSON value, in the nominative case («а не
// строка»), or in the instrumental («а не строкой») when instr.
func jsonKind(v json.RawMessage, instr bool) string {
	pick := func(nom, ins string) string {
		if instr {
			return ins
		}
		return nom
	}
	switch v[0] {
	case '{':
		return pick("объект", "объектом")
	case '[':
		return pick("список", "списком")
	case '"':
		return pick("строка", "строкой")
	case 't', 'f':
		return pick("логическое значение ", "логическим значением ") + string(v)
	case 'n':
		return "null"
	}
	return pick("число ", "числом ") + string(v)
}

// keyList is the canonical keys, for messages.
func (jr *jsonReader) keyList() string {
	names := make([]string, numKeys)
	for k := range numKeys {
		names[k] = jr.cols[k].name
	}
	return strings.Join(names, ", ") + " (или русские названия столбцов)"
}

// suggest is the canonical key or alias closest to an unknown key, when it
// is close enough to be a typo.
func (jr *jsonReader) suggest(name string) string {
	n := normHeader(name)
	best, bestD := "", 3
	try := func(cand string) {
		if d := editDistance(n, normHeader(cand)); d < bestD {
			best, bestD = cand, d
		}
	}
	for k := range numKeys {
		try(jr.cols[k].name)
		for _, a := range jr.cols[k].aliases {
			try(a)
		}
	}
	if utf8.RuneCountInString(n) <= bestD { // too short to judge
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
