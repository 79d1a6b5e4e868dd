package pdfobj

import (
	"bytes"
	"errors"
	"fmt"
)

// Entry is one line of a cross-reference table.
type Entry struct {
	Num    int // object number
	Gen    int // generation
	Offset int // where "Num Gen obj" starts; for a free entry, the next free object
	Free   bool
}

// Trailer holds the trailer keys Kartograf reads and writes.
type Trailer struct {
	Size int
	Root int    // the catalog's object number; 0 when absent
	Info int    // the information dictionary's object number; 0 when absent
	ID   []byte // the /ID array as written, "[<…> <…>]"; nil when absent
	Prev int    // offset of the previous section; 0 when this is the first
}

// Section is one cross-reference table and its trailer.
type Section struct {
	At      int     // offset of its "xref" keyword
	Entries []Entry // in file order
	Trailer Trailer
	end     int // just past the trailer dictionary
}

var errNoTable = errors.New("PDF: поддерживаются только файлы с таблицей перекрёстных ссылок xref (как пишет Kartograf), а не с потоком перекрёстных ссылок")

// Startxref returns the offset after the last "startxref", which must be
// followed by nothing but %%EOF and whitespace.
func Startxref(pdf []byte) (int, error) {
	i := bytes.LastIndex(pdf, []byte("startxref"))
	if i < 0 {
		return 0, errors.New("PDF: в конце файла нет startxref — файл обрезан или это не PDF")
	}
	s := skipWhite(pdf, i+len("startxref"))
	e := s
	for e < len(pdf) && isDigit(pdf[e]) {
		e++
	}
	at, ok := parseUint(pdf[s:e])
	r := skipWhite(pdf, e)
	if !ok || !bytes.HasPrefix(pdf[r:], []byte("%%EOF")) || skipWhite(pdf, r+len("%%EOF")) != len(pdf) {
		return 0, errors.New("PDF: после startxref ожидались смещение и %%EOF")
	}
	if at <= 0 || at >= len(pdf) {
		return 0, fmt.Errorf("PDF: startxref указывает на смещение %d за пределами файла (%d байт)", at, len(pdf))
	}
	return at, nil
}

// skipWhite skips whitespace only: no comments in the xref table, and
// "%%EOF" is itself one.
func skipWhite(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// ReadLast reads the section startxref points at: the file's newest.
func ReadLast(pdf []byte) (*Section, error) {
	at, err := Startxref(pdf)
	if err != nil {
		return nil, err
	}
	return ReadSection(pdf, at)
}

// ReadSection reads the cross-reference table at offset at and its
// trailer. In-use entries must point inside pdf.
func ReadSection(pdf []byte, at int) (*Section, error) {
	if at <= 0 || at >= len(pdf) {
		return nil, fmt.Errorf("PDF: таблица xref по смещению %d за пределами файла (%d байт)", at, len(pdf))
	}
	if !hasKeyword(pdf, at, "xref") {
		return nil, errNoTable
	}
	s := &Section{At: at}
	i := at + len("xref")
	for {
		i = skipWhite(pdf, i)
		if hasKeyword(pdf, i, "trailer") {
			break
		}
		if i >= len(pdf) || !isDigit(pdf[i]) {
			return nil, fmt.Errorf("PDF: после таблицы xref по смещению %d нет trailer", at)
		}
		first, count, next, ok := subsection(pdf, i)
		if !ok {
			return nil, fmt.Errorf("PDF: неверный заголовок подраздела таблицы xref по смещению %d", i)
		}
		i = next
		if count > (len(pdf)-i)/20 {
			return nil, fmt.Errorf("PDF: таблица xref по смещению %d обрезана", at)
		}
		for k := range count {
			e, ok := entry(pdf[i : i+20])
			if !ok || first+k > maxNum || !e.Free && e.Offset >= len(pdf) {
				return nil, fmt.Errorf("PDF: неверная запись таблицы xref для объекта %d", first+k)
			}
			e.Num = first + k
			s.Entries = append(s.Entries, e)
			i += 20
		}
	}
	t, end, ok := trailer(pdf[i+len("trailer"):])
	if !ok {
		return nil, fmt.Errorf("PDF: неверный словарь trailer по смещению %d", i)
	}
	if t.Size <= 0 {
		return nil, fmt.Errorf("PDF: в trailer по смещению %d нет /Size", i)
	}
	s.Trailer, s.end = t, i+len("trailer")+end
	return s, nil
}

// subsection reads "first count" and its line end at i.
func subsection(b []byte, i int) (first, count, next int, ok bool) {
	fe := token(b, i)
	first, ok1 := parseUint(b[i:fe])
	c := fe
	for c < len(b) && (b[c] == ' ' || b[c] == '\t') {
		c++
	}
	ce := token(b, c)
	count, ok2 := parseUint(b[c:ce])
	if !ok1 || !ok2 || c == fe {
		return 0, 0, 0, false
	}
	for ce < len(b) && (b[ce] == ' ' || b[ce] == '\t') {
		ce++
	}
	switch {
	case bytes.HasPrefix(b[ce:], []byte("\r\n")):
		ce += 2
	case ce < len(b) && (b[ce] == '\n' || b[ce] == '\r'):
		ce++
	default:
		return 0, 0, 0, false
	}
	return first, count, ce, true
}

// entry reads one 20-byte line "oooooooooo ggggg n" and its two-byte end.
func entry(b []byte) (Entry, bool) {
	off, ok1 := parseUint(b[0:10])
	gen, ok2 := parseUint(b[11:16])
	end := string(b[18:20])
	if !ok1 || !ok2 || b[10] != ' ' || b[16] != ' ' || (b[17] != 'n' && b[17] != 'f') ||
		(end != " \n" && end != " \r" && end != "\r\n") {
		return Entry{}, false
	}
	return Entry{Gen: gen, Offset: off, Free: b[17] == 'f'}, true
}

func trailer(b []byte) (Trailer, int, bool) {
	d, end, ok := Dict(b)
	if !ok {
		return Trailer{}, 0, false
	}
	var t Trailer
	t.Size, _ = Int(Value(d, "Size"))
	t.Root, _ = Ref(Value(d, "Root"))
	t.Info, _ = Ref(Value(d, "Info"))
	t.Prev, _ = Int(Value(d, "Prev"))
	if id := Value(d, "ID"); len(id) > 0 && id[0] == '[' {
		t.ID = id
	}
	return t, end, true
}

// Find returns the entry of object n in the newest section that lists it,
// following /Prev from s.
func (s *Section) Find(pdf []byte, n int) (Entry, error) {
	seen := map[int]bool{s.At: true}
	// Sections of a well-formed file do not overlap, so together they
	// are no longer than the file; sections nested in one another's
	// trailers would make the search quadratic.
	read := s.end - s.At
	for sec := s; ; {
		for i := len(sec.Entries) - 1; i >= 0; i-- {
			if e := sec.Entries[i]; e.Num == n {
				if e.Free {
					return Entry{}, fmt.Errorf("PDF: объект %d удалён", n)
				}
				return e, nil
			}
		}
		prev := sec.Trailer.Prev
		if prev == 0 {
			return Entry{}, fmt.Errorf("PDF: нет объекта %d", n)
		}
		if seen[prev] {
			return Entry{}, errors.New("PDF: цепочка таблиц xref (/Prev) замкнута в кольцо")
		}
		seen[prev] = true
		var err error
		if sec, err = ReadSection(pdf, prev); err != nil {
			return Entry{}, err
		}
		if read += sec.end - sec.At; read > len(pdf) {
			return Entry{}, errors.New("PDF: таблицы xref (/Prev) перекрывают друг друга")
		}
	}
}

// DictAt returns the inside of the dictionary that is object e, which
// must not be a stream.
func DictAt(pdf []byte, e Entry) ([]byte, error) {
	if e.Offset < 0 || e.Offset >= len(pdf) {
		return nil, fmt.Errorf("PDF: объект %d за пределами файла", e.Num)
	}
	i := skipWhite(pdf, e.Offset)
	num, gen, body, ok := header(pdf, i)
	if !ok || num != e.Num || gen != e.Gen {
		return nil, fmt.Errorf("PDF: таблица xref указывает на смещение %d, но там нет объекта %d", e.Offset, e.Num)
	}
	d, end, ok := Dict(pdf[body:])
	if !ok {
		return nil, fmt.Errorf("PDF: объект %d не словарь", e.Num)
	}
	if !hasKeyword(pdf, skipSpace(pdf, body+end), "endobj") {
		return nil, fmt.Errorf("PDF: объект %d не словарь или не закрыт endobj", e.Num)
	}
	return d, nil
}

// header reads "N G obj" at i and returns the index just past "obj".
func header(b []byte, i int) (num, gen, body int, ok bool) {
	ne := token(b, i)
	num, ok1 := parseUint(b[i:ne])
	g := skipWhite(b, ne)
	ge := token(b, g)
	gen, ok2 := parseUint(b[g:ge])
	o := skipWhite(b, ge)
	if !ok1 || !ok2 || g == ne || o == ge || !hasKeyword(b, o, "obj") {
		return 0, 0, 0, false
	}
	return num, gen, o + len("obj"), true
}

// Objects calls fn, in file order, for every object header "N G obj"
// that starts a line (after spaces or tabs), with the index just past
// "obj"; it stops when fn returns false. It finds objects whether or not
// a cross-reference table lists them: readers that repair a file show
// such objects, so a verifier must see them too.
func Objects(pdf []byte, fn func(num, gen, body int) bool) {
	for i := 0; ; {
		j := bytes.Index(pdf[i:], []byte("obj"))
		if j < 0 {
			return
		}
		j += i
		i = j + len("obj")
		if i < len(pdf) && isRegular(pdf[i]) {
			continue
		}
		// Walk back over " G ", then "N", then indentation.
		gs, ok := back(pdf, j)
		if !ok {
			continue
		}
		ns, ok := back(pdf, gs)
		if !ok {
			continue
		}
		ls := ns
		for ls > 0 && (pdf[ls-1] == ' ' || pdf[ls-1] == '\t') {
			ls--
		}
		if ls > 0 && pdf[ls-1] != '\n' && pdf[ls-1] != '\r' {
			continue
		}
		num, gen, body, ok := header(pdf, ns)
		if ok && body == i && !fn(num, gen, body) {
			return
		}
	}
}

// back walks back from e over whitespace and then over digits, and
// returns where the digits start.
func back(b []byte, e int) (int, bool) {
	w := e
	for w > 0 && isSpace(b[w-1]) {
		w--
	}
	d := w
	for d > 0 && isDigit(b[d-1]) {
		d--
	}
	return d, w < e && d < w
}
