package document

import (
	"fmt"
	"strings"
)

// Problem is one validation finding: where (a JSON path such as
// "body[3].plan.sections[2].items[4].deadline") and what, in Russian.
type Problem struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// ValidationError carries every problem found in a document. Callers branch
// on it with errors.As to show the list (CLI lines, HTTP problem details).
type ValidationError struct {
	Problems []Problem
	// Partial, when a decoder sets it, is what could be read of the
	// document: values of the wrong type as zero values, unknown fields
	// and invisible characters removed. It is for further checks (see
	// DecodeAll), never for rendering.
	Partial *Document
}

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return "документ не прошёл проверку:\n" + strings.Join(lines, "\n")
}

// SyntaxError is input that is not well-formed JSON or not valid UTF-8.
type SyntaxError struct {
	Offset int64 // byte offset of the problem
	Line   int   // 1-based
	Column int   // 1-based, in bytes
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("некорректный JSON (строка %d, столбец %d): %s", e.Line, e.Column, e.Msg)
}

func newSyntaxError(data []byte, off int64, msg string) *SyntaxError {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return &SyntaxError{Offset: off, Line: line, Column: col, Msg: msg}
}
