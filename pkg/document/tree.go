package document

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// The decoder has the whole input as a tree (map[string]any, []any,
// string, json.Number, bool, nil) once the schema has been checked on it;
// reading the bytes a second time with encoding/json to fill the model
// cost as much as everything else in decoding. documentFromTree fills the
// model from the tree instead, and must give exactly what strictUnmarshal
// gives for the same JSON: the same values, nil and empty slices where it
// makes them, and an error wherever it refuses (an unknown field, a value
// of the wrong type, an integer with a fraction). tree_test.go holds it to
// that for every test document, for fuzzed input, and for a document
// whose every field is set, so that a field added to the model and not
// here fails a test. null, which the schema never admits, leaves the zero
// value as encoding/json does.

// errUnknownField is encoding/json's refusal under DisallowUnknownFields.
var errUnknownField = errors.New("неизвестное поле")

// documentFromTree builds the Document that strictUnmarshal would read
// from the JSON text of v.
func documentFromTree(v any) (*Document, error) {
	var d Document
	if err := treeStruct(v, &d, (*Document).fromTree); err != nil {
		return nil, err
	}
	return &d, nil
}

// treeTypeError says what a value of the wrong type was.
func treeTypeError(v any, want string) error {
	return fmt.Errorf("ожидается %s, получено %s", want, valueTypeName(v))
}

// fieldErr keeps the error of the smallest key, so that the message does
// not depend on the order a map is walked in.
type fieldErr struct {
	key string
	err error
}

func (f *fieldErr) add(key string, err error) {
	if err != nil && (f.err == nil || key < f.key) {
		f.key, f.err = key, err
	}
}

func (f *fieldErr) result() error {
	if f.err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", f.key, f.err)
}

func treeString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case nil:
		return "", nil
	}
	return "", treeTypeError(v, "строка")
}

func treeBool(v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case nil:
		return false, nil
	}
	return false, treeTypeError(v, "логическое значение")
}

// treeInt parses as encoding/json does: base 10, no fraction or exponent.
func treeInt(v any) (int, error) {
	switch x := v.(type) {
	case json.Number:
		n, err := strconv.ParseInt(string(x), 10, 64)
		if err != nil || int64(int(n)) != n {
			return 0, fmt.Errorf("число %s не помещается в целое", x)
		}
		return int(n), nil
	case nil:
		return 0, nil
	}
	return 0, treeTypeError(v, "целое число")
}

func treeFloat(v any) (float64, error) {
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return 0, fmt.Errorf("число %s вне допустимого диапазона", x)
		}
		return f, nil
	case nil:
		return 0, nil
	}
	return 0, treeTypeError(v, "число")
}

func treeBoolPtr(v any) (*bool, error) {
	if v == nil {
		return nil, nil
	}
	b, err := treeBool(v)
	if err != nil {
		return nil, err
	}
	return &b, nil
}

func treeIntPtr(v any) (*int, error) {
	if v == nil {
		return nil, nil
	}
	n, err := treeInt(v)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// treeStruct fills *t from an object; null leaves it as it is.
func treeStruct[T any](v any, t *T, fill func(*T, map[string]any) error) error {
	switch x := v.(type) {
	case map[string]any:
		return fill(t, x)
	case nil:
		return nil
	}
	return treeTypeError(v, "объект")
}

// treePtr is a new *T filled from an object, nil for null.
func treePtr[T any](v any, fill func(*T, map[string]any) error) (*T, error) {
	switch x := v.(type) {
	case map[string]any:
		t := new(T)
		return t, fill(t, x)
	case nil:
		return nil, nil
	}
	return nil, treeTypeError(v, "объект")
}

// treeSlice reads an array element by element: [] is an empty slice, not
// nil, as encoding/json makes it; null is nil.
func treeSlice[T any](v any, elem func(*T, any) error) ([]T, error) {
	switch x := v.(type) {
	case []any:
		out := make([]T, len(x))
		for i, e := range x {
			if err := elem(&out[i], e); err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return out, nil
	case nil:
		return nil, nil
	}
	return nil, treeTypeError(v, "массив")
}

// structElem adapts an object filler to treeSlice.
func structElem[T any](fill func(*T, map[string]any) error) func(*T, any) error {
	return func(t *T, v any) error { return treeStruct(v, t, fill) }
}

func stringElem(s *string, v any) (err error) {
	*s, err = treeString(v)
	return err
}

func floatElem(f *float64, v any) (err error) {
	*f, err = treeFloat(v)
	return err
}

func (d *Document) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "kind":
			var s string
			s, err = treeString(v)
			d.Kind = Kind(s)
		case "template":
			d.Template, err = treeString(v)
		case "language":
			d.Language, err = treeString(v)
		case "organization":
			err = treeStruct(v, &d.Organization, (*Organization).fromTree)
		case "title":
			d.Title, err = treeString(v)
		case "subtitle":
			d.Subtitle, err = treeString(v)
		case "period":
			d.Period, err = treePtr(v, (*Period).fromTree)
		case "date":
			d.Date, err = treeString(v)
		case "number":
			d.Number, err = treeString(v)
		case "place":
			d.Place, err = treeString(v)
		case "approvals":
			d.Approvals, err = treeSlice(v, structElem((*Approval).fromTree))
		case "qr":
			d.QR, err = treeString(v)
		case "letterhead":
			d.Letterhead, err = treeBoolPtr(v)
		case "appendix":
			d.Appendix, err = treePtr(v, (*Appendix).fromTree)
		case "cover":
			d.Cover, err = treeBool(v)
		case "heading_numbering":
			d.HeadingNumbering, err = treeString(v)
		case "body":
			d.Body, err = treeSlice(v, structElem((*Block).fromTree))
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (o *Organization) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "full_name":
			o.FullName, err = treeString(v)
		case "short_name":
			o.ShortName, err = treeString(v)
		case "parent":
			o.Parent, err = treeString(v)
		case "district":
			o.District, err = treeString(v)
		case "region":
			o.Region, err = treeString(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (p *Period) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "year":
			p.Year, err = treeInt(v)
		case "academic_year":
			p.AcademicYear, err = treeString(v)
		case "from":
			p.From, err = treeString(v)
		case "to":
			p.To, err = treeString(v)
		case "years":
			p.Years, err = treeString(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (a *Appendix) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "number":
			a.Number, err = treeString(v)
		case "to":
			a.To, err = treeString(v)
		case "date":
			a.Date, err = treeString(v)
		case "order_number":
			a.OrderNumber, err = treeString(v)
		case "reference":
			a.Reference, err = treeString(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (a *Approval) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "kind":
			var s string
			s, err = treeString(v)
			a.Kind = ApprovalKind(s)
		case "title":
			a.Title, err = treeString(v)
		case "position":
			a.Position, err = treeString(v)
		case "issuer":
			a.Issuer, err = treeString(v)
		case "name":
			a.Name, err = treeString(v)
		case "date":
			a.Date, err = treeString(v)
		case "number":
			a.Number, err = treeString(v)
		case "basis":
			a.Basis, err = treeString(v)
		case "side":
			a.Side, err = treeString(v)
		case "lines":
			a.Lines, err = treeSlice(v, stringElem)
		case "heading":
			a.Heading, err = treeBoolPtr(v)
		case "signature_line":
			a.SignatureLine, err = treeBoolPtr(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}
