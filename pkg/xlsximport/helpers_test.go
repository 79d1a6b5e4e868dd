package xlsximport

// Helpers the importer's tests share with the writer's (copies of the few
// that pkg/render/xlsx's tests define: test files are not importable).

import (
	"bytes"
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
	"github.com/kartograf-ru/kartograf/templates"
)

var writeShared = xlsx.NewWriter(new(fonts.Library))

// writeTemplate resolves the template of d as the engine does.
func writeTemplate(tb testing.TB, d *document.Document) *templates.Version {
	tb.Helper()
	reg, err := builtinTemplates()
	if err != nil {
		tb.Fatal(err)
	}
	var v *templates.Version
	if d.Template != "" {
		v, err = reg.Resolve(d.Template)
	} else {
		v, err = reg.Default(string(d.Kind))
	}
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func writeOpen(tb testing.TB, data []byte) *excelize.File {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

func writeCell(col, row int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n + strconv.Itoa(row)
}

// splitUTF16 cuts s at rune boundaries into pieces of at most n UTF-16
// code units, as the writer cuts the stored copy.
func splitUTF16(s string, n int) []string {
	var out []string
	for len(s) > 0 {
		units, i := 0, 0
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			u := 1
			if r >= 0x10000 {
				u = 2
			}
			if units+u > n && i > 0 {
				break
			}
			units += u
			i += size
		}
		out = append(out, s[:i])
		s = s[i:]
	}
	return out
}
