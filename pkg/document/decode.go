package document

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// MaxInputSize bounds what Decode reads (64 MiB): a 10 000-row plan is ≈5 MiB.
const MaxInputSize = 64 << 20

// Decode reads one JSON document from r: it must be valid UTF-8, well-formed
// JSON, and match the contract (no unknown fields, right types, required
// fields present). Structural problems are returned together as a
// *ValidationError; malformed input as a *SyntaxError. Decode does not run
// the semantic checks of Validate.
func Decode(r io.Reader) (*Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("чтение документа: %w", err)
	}
	if len(data) > MaxInputSize {
		return nil, fmt.Errorf("документ больше %d МиБ", MaxInputSize>>20)
	}
	return DecodeBytes(data)
}

// DecodeBytes is Decode for a byte slice.
func DecodeBytes(data []byte) (*Document, error) {
	if off := invalidUTF8(data); off >= 0 {
		return nil, newSyntaxError(data, int64(off), "недопустимая последовательность байтов UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, syntaxError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, newSyntaxError(data, dec.InputOffset(), "лишние данные после документа")
	}
	s, err := compiledSchema()
	if err != nil {
		return nil, err
	}
	var problems []Problem
	s.validate(s.root, tree, "", &problems)
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	var doc Document
	if err := strictUnmarshal(data, &doc); err != nil {
		// The schema accepted the tree, so this is a contract drift between
		// schema.json and the Go types: report it rather than hide it.
		return nil, fmt.Errorf("документ соответствует схеме, но не читается в модель: %w", err)
	}
	return &doc, nil
}

func invalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return newSyntaxError(data, se.Offset, se.Error())
	}
	if errors.Is(err, io.EOF) {
		return newSyntaxError(data, int64(len(data)), "пустой ввод")
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return newSyntaxError(data, int64(len(data)), "неожиданный конец ввода")
	}
	return newSyntaxError(data, 0, err.Error())
}
