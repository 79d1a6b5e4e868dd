package pdfattach_test

import (
	"bytes"
	"fmt"

	"github.com/kartograf-ru/kartograf/internal/testtool/pdfattach"
	"github.com/kartograf-ru/kartograf/pkg/pdfsource"
)

// A PDF carrying a document's JSON as Kartograf attaches it, beside a
// supplement, read back by pkg/pdfsource.
func ExamplePDF() {
	pdf := pdfattach.PDF(
		pdfattach.File{Name: "monitoring.xlsx", Data: []byte("PK"), Relationship: "Supplement"},
		pdfattach.SourceJSON([]byte(`{"kind":"roadmap"}`), true))
	data, err := pdfsource.Source(pdf)
	fmt.Println(bytes.HasPrefix(pdf, []byte("%PDF-1.7")), string(data), err)
	// Output:
	// true {"kind":"roadmap"} <nil>
}
