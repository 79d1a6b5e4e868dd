package pdfobj

import (
	"bytes"
	"fmt"
	"unicode/utf16"
)

// Object is one indirect object as it stands in the file.
type Object struct {
	Num   int
	Value []byte // the raw value; for a stream, its dictionary
	// Stream is the offset of a stream's first data byte, -1 when the
	// object is no stream. Its length is the dictionary's /Length, which
	// may itself be an indirect object: the caller resolves it and asks
	// StreamData.
	Stream int
}

// ObjectAt reads object e: any value, or a stream's dictionary and where
// its data starts.
func ObjectAt(pdf []byte, e Entry) (Object, error) {
	if e.Offset < 0 || e.Offset >= len(pdf) {
		return Object{}, fmt.Errorf("PDF: объект %d за пределами файла", e.Num)
	}
	i := skipWhite(pdf, e.Offset)
	num, gen, body, ok := header(pdf, i)
	if !ok || num != e.Num || gen != e.Gen {
		return Object{}, fmt.Errorf("PDF: таблица xref указывает на смещение %d, но там нет объекта %d", e.Offset, e.Num)
	}
	vs := skipSpace(pdf, body)
	ve, ok := valueEnd(pdf, vs, 0)
	if !ok {
		return Object{}, fmt.Errorf("PDF: объект %d не читается", e.Num)
	}
	o := Object{Num: e.Num, Value: pdf[vs:ve], Stream: -1}
	after := skipSpace(pdf, ve)
	switch {
	case hasKeyword(pdf, after, "endobj"):
		return o, nil
	case hasKeyword(pdf, after, "stream") && bytes.HasPrefix(o.Value, []byte("<<")):
		// The keyword is followed by CRLF or LF (a lone CR is tolerated
		// as readers do), then the data.
		s := after + len("stream")
		switch {
		case bytes.HasPrefix(pdf[s:], []byte("\r\n")):
			s += 2
		case s < len(pdf) && (pdf[s] == '\n' || pdf[s] == '\r'):
			s++
		default:
			return Object{}, fmt.Errorf("PDF: после stream объекта %d нет конца строки", e.Num)
		}
		o.Stream = s
		return o, nil
	}
	return Object{}, fmt.Errorf("PDF: объект %d не закрыт endobj", e.Num)
}

// StreamData returns the length bytes of o's stream, which must lie
// inside pdf and be followed by endstream (after an optional end of line).
func StreamData(pdf []byte, o Object, length int) ([]byte, error) {
	if o.Stream < 0 {
		return nil, fmt.Errorf("PDF: объект %d не поток", o.Num)
	}
	if length < 0 || length > len(pdf)-o.Stream {
		return nil, fmt.Errorf("PDF: длина потока объекта %d (%d байт) выходит за конец файла", o.Num, length)
	}
	end := o.Stream + length
	if !hasKeyword(pdf, skipWhite(pdf, end), "endstream") {
		return nil, fmt.Errorf("PDF: поток объекта %d длиной %d байт не кончается endstream — /Length неверна или файл повреждён", o.Num, length)
	}
	return pdf[o.Stream:end], nil
}

// Elems returns the raw items of an array value "[…]"; false when v is
// no well-formed array.
func Elems(v []byte) ([][]byte, bool) {
	if len(v) == 0 || v[0] != '[' {
		return nil, false
	}
	var out [][]byte
	for i := 1; ; {
		i = skipSpace(v, i)
		if i >= len(v) {
			return nil, false
		}
		if v[i] == ']' {
			return out, i+1 == len(v)
		}
		e, ok := valueEnd(v, i, 1)
		if !ok {
			return nil, false
		}
		out = append(out, v[i:e])
		i = e
	}
}

// Name decodes a name value "/A#20B" to its characters, without the
// slash; false when v is no name.
func Name(v []byte) (string, bool) {
	if len(v) == 0 || v[0] != '/' || token(v, 1) != len(v) {
		return "", false
	}
	var b []byte
	for i := 1; i < len(v); i++ {
		if v[i] == '#' && i+2 < len(v) {
			if h, ok := hexByte(v[i+1], v[i+2]); ok {
				b = append(b, h)
				i += 2
				continue
			}
		}
		b = append(b, v[i])
	}
	return string(b), true
}

// String decodes a literal "(…)" or hexadecimal "<…>" string value to its
// bytes; false when v is no string.
func String(v []byte) ([]byte, bool) {
	switch {
	case len(v) >= 2 && v[0] == '(' && v[len(v)-1] == ')':
		return literal(v[1 : len(v)-1]), true
	case len(v) >= 2 && v[0] == '<' && v[1] != '<' && v[len(v)-1] == '>':
		var out []byte
		var hi byte
		half := false
		for _, c := range v[1 : len(v)-1] {
			if isSpace(c) {
				continue
			}
			d, ok := hexDigit(c)
			if !ok {
				return nil, false
			}
			if half {
				out = append(out, hi<<4|d)
			} else {
				hi = d
			}
			half = !half
		}
		if half { // a missing last digit is 0
			out = append(out, hi<<4)
		}
		return out, true
	}
	return nil, false
}

// literal undoes the escapes of a literal string's inside.
func literal(s []byte) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\r' { // an end of line in a string reads as \n
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			out = append(out, '\n')
			continue
		}
		if c != '\\' || i+1 >= len(s) {
			out = append(out, c)
			continue
		}
		i++
		switch c = s[i]; c {
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case '\r': // a line continuation
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\n':
		default:
			if c >= '0' && c <= '7' {
				n := 0
				for k := 0; k < 3 && i < len(s) && s[i] >= '0' && s[i] <= '7'; k++ {
					n = n*8 + int(s[i]-'0')
					i++
				}
				i--
				out = append(out, byte(n))
			} else {
				out = append(out, c) // \( \) \\ and an unknown escape
			}
		}
	}
	return out
}

// Text decodes a text string value: UTF-16BE after its byte order mark,
// UTF-8 after its mark (PDF 2.0), else PDFDocEncoding, read here as
// Latin-1, which it equals for the letters of file names.
func Text(v []byte) (string, bool) {
	b, ok := String(v)
	if !ok {
		return "", false
	}
	switch {
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		b = b[2:]
		u := make([]uint16, 0, len(b)/2)
		for i := 0; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(u)), true
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		return string(bytes.ToValidUTF8(b[3:], []byte("\uFFFD"))), true
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r), true
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func hexByte(a, b byte) (byte, bool) {
	h, ok1 := hexDigit(a)
	l, ok2 := hexDigit(b)
	return h<<4 | l, ok1 && ok2
}
