package registry

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// errEncoding is the message for text that is neither UTF-8 nor
// Windows-1251 with a known header.
const errEncoding = "не удалось определить кодировку: ожидается UTF-8 или Windows-1251"

// ReadCSV reads a registry in CSV: UTF-8 (with or without BOM) or
// Windows-1251, delimited by «;», «,» or tab (see the package
// documentation). Problems with the content are an *Error.
func ReadCSV(r io.Reader) ([]School, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	return parseCSV(data)
}

func parseCSV(data []byte) ([]School, error) {
	if msg := sniff(data); msg != "" {
		return nil, fileError(msg)
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fileError("в файле есть нулевые байты: это не текст CSV или текст в кодировке UTF-16 без метки; сохраните реестр как «CSV UTF-8 (разделитель — запятая)»")
	}
	var text string
	cp1251 := false
	if utf8.Valid(data) {
		text = string(data)
	} else {
		if line, broken := brokenUTF8(data); broken {
			return nil, &Error{Problems: []Problem{{Row: line, Message: "текст в кодировке UTF-8 повреждён: в строке недопустимая последовательность байтов"}}}
		}
		dec, err := charmap.Windows1251.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fileError(errEncoding)
		}
		text, cp1251 = string(dec), true
	}
	// Old Mac line ends (CR only).
	if strings.IndexByte(text, '\n') < 0 && strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	delim := detectDelimiter(text)

	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	cr.TrimLeadingSpace = delim != '\t' // with tab it would eat empty fields

	var (
		p        problems
		h        header
		cols     = columns()
		haveHead bool
		recs     []record
		rows     int
		embedded int // line breaks inside values read so far: physical line - embedded = row
	)
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("чтение CSV: %w", err)
			}
			if cp1251 && !haveHead {
				return nil, fileError(errEncoding)
			}
			p.add(pe.StartLine-embedded, "", quoteMessage(pe, delim))
			embedded += pe.Line - pe.StartLine
			if !haveHead {
				return nil, &Error{Problems: p}
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		row := line - embedded
		blank := true
		for _, f := range fields {
			embedded += strings.Count(f, "\n")
			if blank && strings.TrimSpace(f) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		if rows++; rows > MaxRows {
			p.add(row, "", fmt.Sprintf("в реестре больше %d строк", MaxRows))
			return nil, &Error{Problems: p}
		}
		if !haveHead {
			var hp problems
			var known bool
			h, known = mapHeader(fields, cols, &hp)
			if cp1251 && !known {
				return nil, fileError(errEncoding)
			}
			p = append(p, hp...)
			haveHead = true
			continue
		}
		if n := len(fields); n != h.width {
			if n < h.width {
				p.add(row, "", fmt.Sprintf("значений в строке меньше, чем столбцов в заголовке (%d и %d): пропущен разделитель «%s» или значение разорвано переводом строки без кавычек", n, h.width, delimName(delim)))
				continue
			}
			extra := false
			for _, f := range fields[h.width:] {
				if strings.TrimSpace(f) != "" {
					extra = true
					break
				}
			}
			if extra {
				p.add(row, "", fmt.Sprintf("значений в строке больше, чем столбцов в заголовке (%d и %d): видимо, значение содержит разделитель «%s» и не заключено в кавычки", n, h.width, delimName(delim)))
				continue
			}
		}
		recs = append(recs, tableRecord(row, fields, &h))
	}
	if !haveHead {
		if cp1251 {
			return nil, fileError(errEncoding)
		}
		return nil, fileError("файл пуст")
	}
	if len(recs) == 0 && !hasRowProblems(p) {
		p.add(0, "", "реестр пуст: после заголовка нет ни одной строки со школой")
	}
	return finish(recs, p)
}

// hasRowProblems reports whether some problem is about a row (so data rows
// exist, though none was accepted).
func hasRowProblems(p problems) bool {
	for _, q := range p {
		if q.Row > 0 {
			return true
		}
	}
	return false
}

// sniff recognises inputs that are not CSV text at all and says what to
// do; "" when the input may be CSV.
func sniff(data []byte) string {
	switch {
	case len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))) == 0:
		return "файл пуст"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "файл в кодировке UTF-16 (в Excel — «Текст Юникод»): сохраните реестр как «CSV UTF-8 (разделитель — запятая)»"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "это книга Excel (.xlsx) или другой архив, а не CSV: дайте файлу расширение .xlsx или сохраните реестр как «CSV UTF-8»"
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return "это книга Excel старого формата (.xls), а не CSV: сохраните реестр как «CSV UTF-8» или «Книга Excel (.xlsx)»"
	}
	return ""
}

// brokenUTF8 reports whether invalid data looks like UTF-8 with a few bad
// bytes rather than a single-byte encoding: it has more valid multi-byte
// sequences than invalid bytes (Windows-1251 Cyrillic text is almost all
// invalid bytes). line is the 1-based line of the first invalid byte.
func brokenUTF8(data []byte) (line int, broken bool) {
	valid, invalid, first := 0, 0, -1
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			if first < 0 {
				first = i
			}
			invalid++
		} else {
			valid++
		}
		i += n
	}
	if valid <= invalid || first < 0 {
		return 0, false
	}
	return bytes.Count(data[:first], []byte{'\n'}) + 1, true
}

// detectDelimiter is the most frequent of «;», «,» and tab outside quotes
// in the header line (the first line with anything but delimiters and
// spaces); ties go to «;», then «,». With none, «,».
func detectDelimiter(text string) rune {
	var n [3]int // ; , tab
	inQuote, content := false, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '"' {
			inQuote, content = !inQuote, true
			continue
		}
		if inQuote {
			continue
		}
		switch c {
		case '\n', '\r':
			if content {
				i = len(text)
			}
			continue
		case ';':
			n[0]++
		case ',':
			n[1]++
		case '\t':
			n[2]++
		case ' ':
		default:
			content = true
		}
	}
	switch {
	case n[0] == 0 && n[1] == 0 && n[2] == 0:
		return ','
	case n[0] >= n[1] && n[0] >= n[2]:
		return ';'
	case n[1] >= n[2]:
		return ','
	}
	return '\t'
}

func delimName(d rune) string {
	if d == '\t' {
		return "табуляция"
	}
	return string(d)
}

// quoteMessage explains a CSV syntax error.
func quoteMessage(pe *csv.ParseError, delim rune) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return "кавычка внутри значения, не заключённого в кавычки: такое значение нужно целиком заключить в кавычки, а кавычки внутри него удвоить"
	case errors.Is(pe.Err, csv.ErrQuote):
		return fmt.Sprintf("ошибка в кавычках: после закрывающей кавычки значения нет разделителя «%s» или кавычка не закрыта до конца файла (кавычки внутри значения нужно удваивать)", delimName(delim))
	}
	return "ошибка разбора CSV: " + pe.Err.Error()
}
