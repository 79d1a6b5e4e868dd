package pdf

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

func qrDoc(data string) *document.Document {
	d := viewDoc(document.Block{Paragraph: &document.Paragraph{Text: "Текст дорожной карты."}})
	d.QR = data
	return d
}

// The code stands in the bottom right corner of the first page, inside the
// bottom margin with its quiet zone clear of the text frame, right-aligned
// with the frame, and nowhere else.
func TestQRPlacement(t *testing.T) {
	tv := testtpl.Edited(t, "school-roadmap@1.1.0", "", nil)
	l := validViewLayout(t, qrDoc("https://school3.edu.ru/docs/dk-2023-24"), tv)
	var rects int
	minX, maxX, minY, maxY := l.pageW, 0.0, l.pageH, 0.0
	for pi, p := range l.pages {
		for _, o := range p.ops {
			if o.kind != opRect {
				continue
			}
			if pi != 0 {
				t.Fatalf("QR module on page %d", pi+1)
			}
			rects++
			minX, maxX = min(minX, o.x), max(maxX, o.x2)
			minY, maxY = min(minY, o.y), max(maxY, o.y2)
		}
	}
	if rects == 0 {
		t.Fatal("no QR code drawn")
	}
	side := maxX - minX
	if d := side - qrSideMM*mm; d > 0.01 || d < -0.01 {
		t.Errorf("QR side %.2f pt, want %.2f", side, qrSideMM*mm)
	}
	if maxX > l.right+0.01 {
		t.Errorf("QR right edge %.2f beyond the text frame %.2f", maxX, l.right)
	}
	if quiet := view.QuietZone * side / 25; minY-l.bottom < quiet*0.8 {
		t.Errorf("QR top %.2f is %.2f pt under the text frame, want about its quiet zone %.2f", minY, minY-l.bottom, quiet)
	}
	if maxY > l.pageH {
		t.Errorf("QR below the sheet: %.2f > %.2f", maxY, l.pageH)
	}
	if none := validViewLayout(t, qrDoc(""), tv); hasRect(none) {
		t.Error("a document without qr got a QR code")
	}
}

func hasRect(l *layout) bool {
	for _, p := range l.pages {
		for _, o := range p.ops {
			if o.kind == opRect {
				return true
			}
		}
	}
	return false
}

// A phone reads back what the document gave: the first page rasterised at
// 300 dpi decodes with zbar to the same text.
func TestQRDecodes(t *testing.T) {
	testtool.Require(t, "pdftoppm")
	testtool.Require(t, "zbarimg")
	tv := testtpl.Edited(t, "school-roadmap@1.1.0", "", nil)
	for _, data := range []string{"https://school3.edu.ru/docs/dk-2023-24", "SHNOR-2023/0417"} {
		d := qrDoc(data)
		cov, err := tv.Coverage(new(fonts.Library))
		if err != nil {
			t.Fatal(err)
		}
		if err := tv.Rules(cov).Validate(d); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := NewRenderer(nil).Render(context.Background(), &buf, d, tv, Info{}); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		pdf := filepath.Join(dir, "qr.pdf")
		if err := os.WriteFile(pdf, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		testtool.Run(t, "pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png", pdf, filepath.Join(dir, "p"))
		pngs, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
		if len(pngs) != 1 {
			t.Fatalf("pdftoppm made %v", pngs)
		}
		got := strings.TrimSpace(testtool.Run(t, "zbarimg", "--raw", "-q", pngs[0]))
		if got != data {
			t.Errorf("QR decodes to %q, want %q", got, data)
		}
	}
}
