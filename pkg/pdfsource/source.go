package pdfsource

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/kartograf-ru/kartograf/internal/pdfobj"
)

// FileName is the name under which Kartograf attaches the source JSON.
const FileName = "kartograf-source.json"

// MaxSize bounds the decompressed attachment (64 MiB, as a JSON document
// given to Kartograf directly): a small stream may inflate to gigabytes.
const MaxSize = 64 << 20

// Limits on the structures walked, so that a crafted file cannot make the
// reader loop or allocate without end.
const (
	maxTreeDepth = 32     // nesting of the EmbeddedFiles name tree
	maxEntries   = 10_000 // attachments and name tree nodes looked at
	maxRefChain  = 8      // indirect references followed for one value
)

// IsPDF reports whether data starts as a PDF file does ("%PDF-"), so that
// a caller can tell an uploaded PDF from a workbook or a JSON text.
func IsPDF(data []byte) bool { return bytes.HasPrefix(data, []byte("%PDF-")) }

// MissingError is returned for a PDF that has no source attachment.
type MissingError struct {
	// Attachments are the names of the files the PDF does carry, as
	// written, in the order found: the catalog's /AF, then the
	// EmbeddedFiles name tree; empty when it carries none.
	Attachments []string
}

func (e *MissingError) Error() string {
	const msg = "в PDF нет исходных данных Kartograf (вложения " + FileName + "): файл сформирован не Kartograf в формате PDF/A-3u или без вложения исходного JSON"
	if len(e.Attachments) == 0 {
		return msg + "; вложений в файле нет"
	}
	shown := e.Attachments[:min(len(e.Attachments), maxListed)]
	list := make([]string, len(shown))
	for i, n := range shown {
		list[i] = "«" + printable(n) + "»"
	}
	if more := len(e.Attachments) - len(shown); more > 0 {
		list = append(list, fmt.Sprintf("и ещё %d", more))
	}
	return msg + "; вложения в файле: " + strings.Join(list, ", ")
}

// maxListed and maxNameRunes bound what of the attachments' names an
// error message repeats: they come from the file, and the message goes to
// terminals, logs and web pages.
const (
	maxListed    = 10
	maxNameRunes = 80
)

// printable is name with control and bidirectional formatting characters
// replaced, cut to maxNameRunes.
func printable(name string) string {
	var b strings.Builder
	n := 0
	for _, r := range name {
		if n++; n > maxNameRunes {
			b.WriteRune('…')
			break
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || unicode.Is(unicode.Join_Control, r) {
			r = '\uFFFD'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ErrTooLarge is wrapped by the error for an attachment beyond MaxSize.
var ErrTooLarge = fmt.Errorf("исходные данные в PDF больше %d МиБ", MaxSize>>20)

// Source returns the source JSON attached to pdf, decompressed. It does
// not decode the JSON.
func Source(pdf []byte) ([]byte, error) {
	if !IsPDF(pdf) {
		return nil, errors.New("это не PDF: файл не начинается с %PDF-")
	}
	r, err := open(pdf)
	if err != nil {
		return nil, err
	}
	files, err := r.attachments()
	if err != nil {
		return nil, err
	}
	if f := pick(files); f != nil {
		return r.contents(f)
	}
	names := make([]string, 0, len(files))
	seen := map[string]bool{}
	for _, f := range files {
		if n := f.label(); !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return nil, &MissingError{Attachments: names}
}

// file is one file specification found in the catalog.
type file struct {
	key      string // the name tree key, "" for an /AF entry
	name     string // /UF, else /F
	relation string // /AFRelationship, "" when absent
	af       bool   // listed in the catalog's /AF
	stream   []byte // the raw /EF /F value (a reference), nil when absent
	subtype  string // the embedded stream's /Subtype, "" when absent
}

// label is the name an attachment is known by: /UF, /F, else its key.
func (f *file) label() string {
	switch {
	case f.name != "":
		return f.name
	case f.key != "":
		return f.key
	}
	return "(без имени)"
}

func (f *file) display() string { return "«" + printable(f.label()) + "»" }

// pick chooses the source among the files: an /AF entry with
// /AFRelationship /Source and a JSON subtype (named kartograf-source.json
// first, should there be several), else an embedded file of that name.
func pick(files []*file) *file {
	var best *file
	for _, f := range files {
		if f.af && f.relation == "Source" && isJSON(f.subtype) && f.stream != nil {
			if f.name == FileName {
				return f
			}
			if best == nil {
				best = f
			}
		}
	}
	if best != nil {
		return best
	}
	for _, f := range files {
		if f.stream != nil && (f.key == FileName || f.name == FileName) {
			return f
		}
	}
	return nil
}

func isJSON(subtype string) bool {
	s := strings.ToLower(subtype)
	return s == "application/json" || strings.HasSuffix(s, "+json") || s == "text/json"
}

// reader resolves objects in the newest revision of a file.
type reader struct {
	pdf []byte
	sec *pdfobj.Section
	n   int // entries looked at, against maxEntries
}

func open(pdf []byte) (*reader, error) {
	sec, err := pdfobj.ReadLast(pdf)
	if err != nil {
		return nil, err
	}
	if sec.Trailer.Root <= 0 {
		return nil, errors.New("PDF: в trailer нет /Root")
	}
	return &reader{pdf: pdf, sec: sec}, nil
}

// object reads object n as the newest section that lists it says.
func (r *reader) object(n int) (pdfobj.Object, error) {
	e, err := r.sec.Find(r.pdf, n)
	if err != nil {
		return pdfobj.Object{}, err
	}
	return pdfobj.ObjectAt(r.pdf, e)
}

// resolve follows v while it is a reference and returns the direct
// value; a stream's value is its dictionary. A missing object reads as
// null, as the standard says.
func (r *reader) resolve(v []byte) ([]byte, error) {
	for range maxRefChain {
		n, ok := pdfobj.Ref(v)
		if !ok {
			return v, nil
		}
		o, err := r.object(n)
		if err != nil {
			return nil, err
		}
		v = o.Value
	}
	return nil, errors.New("PDF: слишком длинная цепочка ссылок на объекты")
}

// dict resolves v to a dictionary's inside; ok is false when v is absent,
// null or no dictionary.
func (r *reader) dict(v []byte) (inner []byte, ok bool, err error) {
	if v == nil {
		return nil, false, nil
	}
	v, err = r.resolve(v)
	if err != nil {
		return nil, false, err
	}
	d, end, ok := pdfobj.Dict(v)
	return d, ok && end == len(v), nil
}

// array resolves v to an array's items; nil when absent or no array.
func (r *reader) array(v []byte) ([][]byte, error) {
	if v == nil {
		return nil, nil
	}
	v, err := r.resolve(v)
	if err != nil {
		return nil, err
	}
	items, _ := pdfobj.Elems(v)
	return items, nil
}

func (r *reader) count() error {
	if r.n++; r.n > maxEntries {
		return fmt.Errorf("PDF: больше %d вложений или узлов их дерева имён", maxEntries)
	}
	return nil
}

// attachments lists the catalog's /AF entries, then the EmbeddedFiles
// name tree's, in file order.
func (r *reader) attachments() ([]*file, error) {
	root, err := r.object(r.sec.Trailer.Root)
	if err != nil {
		return nil, fmt.Errorf("каталог PDF: %w", err)
	}
	cat, _, ok := pdfobj.Dict(root.Value)
	if !ok {
		return nil, errors.New("PDF: /Root не словарь каталога")
	}
	var files []*file
	af, err := r.array(pdfobj.Value(cat, "AF"))
	if err != nil {
		return nil, fmt.Errorf("PDF: /AF: %w", err)
	}
	for _, v := range af {
		if err := r.count(); err != nil {
			return nil, err
		}
		f, err := r.fileSpec(v)
		if err != nil {
			return nil, err
		}
		if f != nil {
			f.af = true
			files = append(files, f)
		}
	}
	names, _, err := r.dict(pdfobj.Value(cat, "Names"))
	if err != nil {
		return nil, fmt.Errorf("PDF: /Names: %w", err)
	}
	if names != nil {
		if err := r.nameTree(pdfobj.Value(names, "EmbeddedFiles"), 0, &files); err != nil {
			return nil, fmt.Errorf("PDF: /EmbeddedFiles: %w", err)
		}
	}
	return files, nil
}

// nameTree appends the files of the name tree node v and its kids.
func (r *reader) nameTree(v []byte, depth int, files *[]*file) error {
	if depth > maxTreeDepth {
		return fmt.Errorf("дерево имён глубже %d уровней", maxTreeDepth)
	}
	if err := r.count(); err != nil {
		return err
	}
	node, ok, err := r.dict(v)
	if err != nil || !ok {
		return err
	}
	pairs, err := r.array(pdfobj.Value(node, "Names"))
	if err != nil {
		return err
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := r.count(); err != nil {
			return err
		}
		key, _ := pdfobj.Text(pairs[i])
		f, err := r.fileSpec(pairs[i+1])
		if err != nil {
			return err
		}
		if f != nil {
			f.key = key
			*files = append(*files, f)
		}
	}
	kids, err := r.array(pdfobj.Value(node, "Kids"))
	if err != nil {
		return err
	}
	for _, k := range kids {
		if err := r.nameTree(k, depth+1, files); err != nil {
			return err
		}
	}
	return nil
}

// fileSpec reads a file specification dictionary; nil when v is none
// (a file specification may also be a bare string, which embeds nothing).
func (r *reader) fileSpec(v []byte) (*file, error) {
	d, ok, err := r.dict(v)
	if err != nil || !ok {
		return nil, err
	}
	f := &file{}
	for _, k := range []string{"UF", "F"} {
		if t, err := r.resolve(pdfobj.Value(d, k)); err == nil {
			if s, ok := pdfobj.Text(t); ok && s != "" {
				f.name = s
				break
			}
		}
	}
	f.relation, _ = pdfobj.Name(pdfobj.Value(d, "AFRelationship"))
	ef, ok, err := r.dict(pdfobj.Value(d, "EF"))
	if err != nil {
		return nil, err
	}
	if ok {
		f.stream = pdfobj.Value(ef, "UF")
		if f.stream == nil {
			f.stream = pdfobj.Value(ef, "F")
		}
	}
	if f.stream != nil {
		if sd, ok, err := r.dict(f.stream); err == nil && ok {
			f.subtype, _ = pdfobj.Name(pdfobj.Value(sd, "Subtype"))
		}
	}
	return f, nil
}

// contents reads f's embedded stream and undoes its filter.
func (r *reader) contents(f *file) ([]byte, error) {
	n, ok := pdfobj.Ref(f.stream)
	if !ok {
		return nil, fmt.Errorf("PDF: вложение %s — не ссылка на поток", f.display())
	}
	o, err := r.object(n)
	if err != nil {
		return nil, fmt.Errorf("PDF: вложение %s: %w", f.display(), err)
	}
	d, _, ok := pdfobj.Dict(o.Value)
	if !ok || o.Stream < 0 {
		return nil, fmt.Errorf("PDF: вложение %s — не поток", f.display())
	}
	lv, err := r.resolve(pdfobj.Value(d, "Length"))
	if err != nil {
		return nil, fmt.Errorf("PDF: вложение %s: /Length: %w", f.display(), err)
	}
	length, ok := pdfobj.Int(lv)
	if !ok {
		return nil, fmt.Errorf("PDF: у вложения %s нет верной /Length", f.display())
	}
	raw, err := pdfobj.StreamData(r.pdf, o, length)
	if err != nil {
		return nil, fmt.Errorf("вложение %s: %w", f.display(), err)
	}
	filters, err := r.filters(d)
	if err != nil {
		return nil, fmt.Errorf("PDF: вложение %s: %w", f.display(), err)
	}
	switch {
	case len(filters) == 0:
		if len(raw) > MaxSize {
			return nil, fmt.Errorf("вложение %s: %w", f.display(), ErrTooLarge)
		}
		return bytes.Clone(raw), nil
	case len(filters) == 1 && filters[0] == "FlateDecode":
		return inflate(raw, f)
	}
	return nil, fmt.Errorf("PDF: вложение %s сжато фильтром %s; поддерживается только FlateDecode", f.display(), strings.Join(filters, ", "))
}

// filters are the names of the stream's /Filter; parameters of a filter
// (predictors) are refused, Kartograf writes none.
func (r *reader) filters(d []byte) ([]string, error) {
	fv, err := r.resolve(pdfobj.Value(d, "Filter"))
	if err != nil {
		return nil, err
	}
	var out []string
	if fv != nil && string(fv) != "null" {
		items := [][]byte{fv}
		if a, ok := pdfobj.Elems(fv); ok {
			items = a
		}
		for _, it := range items {
			n, ok := pdfobj.Name(it)
			if !ok {
				return nil, errors.New("неверный /Filter")
			}
			out = append(out, n)
		}
	}
	if p, err := r.resolve(pdfobj.Value(d, "DecodeParms")); err != nil {
		return nil, err
	} else if p != nil && string(p) != "null" && string(p) != "[]" && string(p) != "[null]" {
		if pd, _, ok := pdfobj.Dict(p); !ok || len(bytes.TrimSpace(pd)) > 0 {
			return nil, errors.New("параметры фильтра (/DecodeParms) не поддерживаются")
		}
	}
	return out, nil
}

// inflate undoes FlateDecode, stopping past MaxSize.
func inflate(raw []byte, f *file) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("PDF: сжатый поток вложения %s повреждён: %w", f.display(), err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("PDF: сжатый поток вложения %s повреждён: %w", f.display(), err)
	}
	if len(out) > MaxSize {
		return nil, fmt.Errorf("вложение %s: %w", f.display(), ErrTooLarge)
	}
	return out, nil
}
