package kartograf_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/docx"
	"github.com/kartograf-ru/kartograf/pkg/render/pdf"
)

// The QR-code requisite (ГОСТ Р 7.0.97-2025) reads back as the document's
// datum from the PDF and from the DOCX as LibreOffice prints it, and stands
// on the same square of the first page in both (within 1 mm).
func TestQRCrossFormat(t *testing.T) {
	testtool.Require(t, "pdftoppm")
	testtool.Require(t, "zbarimg")
	const data = "https://school3.edu.ru/docs/dk-2023-24"
	d := &document.Document{
		Kind:         document.KindRoadmap,
		Organization: document.Organization{FullName: "МБОУ «СОШ № 3»"},
		Title:        "Дорожная карта",
		QR:           data,
		Body:         []document.Block{{Paragraph: &document.Paragraph{Text: "Текст дорожной карты."}}},
	}
	tv := testtpl.Edited(t, "school-roadmap@1.1.0", "", nil)
	dir := t.TempDir()
	var pb, db bytes.Buffer
	if err := pdf.NewRenderer(nil).Render(context.Background(), &pb, d, tv, pdf.Info{}); err != nil {
		t.Fatal(err)
	}
	if err := docx.NewRenderer().Render(context.Background(), &db, d, tv, docx.Meta{}); err != nil {
		t.Fatal(err)
	}
	checkQRParts(t, db.Bytes())
	pdfPath, docxPath := filepath.Join(dir, "qr.pdf"), filepath.Join(dir, "qr.docx")
	for p, b := range map[string][]byte{pdfPath: pb.Bytes(), docxPath: db.Bytes()} {
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lo := extract.ConvertDOCXToPDF(t, filepath.Join(dir, "lo"), docxPath)
	a := qrBox(t, pdfPath, data)
	b := qrBox(t, lo[0], data)
	t.Logf("QR box: PDF %v, DOCX via LibreOffice %v", a, b)
	const tol = 1 / 25.4 * 300 // 1 mm at 300 dpi
	for i := range a {
		if diff := a[i] - b[i]; diff > tol || diff < -tol {
			t.Errorf("QR box in the PDF %v, in the DOCX printed by LibreOffice %v (px at 300 dpi)", a, b)
			break
		}
	}
}

// checkQRParts: the picture, its relationship and the png content type.
func checkQRParts(t *testing.T, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(b)
	}
	if !strings.HasPrefix(parts["word/media/kartograf-qr.png"], "\x89PNG") {
		t.Error("no QR picture in word/media")
	}
	if !strings.Contains(parts["word/_rels/document.xml.rels"], `Target="media/kartograf-qr.png"`) {
		t.Error("no relationship to the QR picture")
	}
	if !strings.Contains(parts["[Content_Types].xml"], `Extension="png"`) {
		t.Error("png not declared in [Content_Types].xml")
	}
	if err := xml.Unmarshal([]byte(parts["word/document.xml"]), new(struct{})); err != nil {
		t.Errorf("document.xml is not well-formed: %v", err)
	}
}

// qrBox decodes the first page of a PDF at 300 dpi and returns the code's
// bounding box (min x, min y, max x, max y) in pixels.
func qrBox(t *testing.T, pdfPath, want string) [4]float64 {
	t.Helper()
	prefix := strings.TrimSuffix(pdfPath, ".pdf") + "-p"
	testtool.Run(t, "pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png", pdfPath, prefix)
	pngs, _ := filepath.Glob(prefix + "*.png")
	if len(pngs) != 1 {
		t.Fatalf("pdftoppm made %v", pngs)
	}
	if got := strings.TrimSpace(testtool.Run(t, "zbarimg", "--raw", "-q", pngs[0])); got != want {
		t.Fatalf("%s: QR decodes to %q, want %q", filepath.Base(pdfPath), got, want)
	}
	f, err := os.Open(pngs[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// The dark pixels of the bottom right quarter of the page are the code:
	// the test document has nothing else there.
	r := img.Bounds()
	box := [4]float64{1e9, 1e9, -1, -1}
	for y := r.Min.Y + r.Dy()*3/4; y < r.Max.Y; y++ {
		for x := r.Min.X + r.Dx()/2; x < r.Max.X; x++ {
			if g := color.GrayModel.Convert(img.At(x, y)).(color.Gray); g.Y < 128 {
				box[0], box[1] = min(box[0], float64(x)), min(box[1], float64(y))
				box[2], box[3] = max(box[2], float64(x)), max(box[3], float64(y))
			}
		}
	}
	if side := box[2] - box[0]; side < 100 || side > 250 {
		t.Fatalf("%s: QR box %v is not a 15 mm square at 300 dpi (177 px)", filepath.Base(pdfPath), box)
	}
	return box
}
