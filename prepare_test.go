package kartograf

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/docx"
)

func seedDoc(t testing.TB, name string) *document.Document {
	t.Helper()
	data, err := os.ReadFile("testdata/seeds/" + name)
	if err != nil {
		t.Fatal(err)
	}
	d, err := document.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// One preparation renders every format, and each output is the one Render
// makes from the document.
func TestPrepareOnceRenderEveryFormat(t *testing.T) {
	eng, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := seedDoc(t, "001_49fbf96383fe353c.json")
	p, err := eng.Prepare(context.Background(), d, "")
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := InputHash(d)
	if p.InputHash != hash || p.Template.Ref() != "school-roadmap@1.1.0" || p.View == nil || p.View.Meta.InputHash != hash {
		t.Fatalf("prepared: hash %s template %s", p.InputHash, p.Template.Ref())
	}
	if got := p.Formats(); len(got) != 3 {
		t.Errorf("formats of %s = %v", p.Template.Ref(), got)
	}
	for _, f := range Formats() {
		var a, b bytes.Buffer
		res, err := eng.RenderPrepared(context.Background(), &a, p, RenderOptions{Format: f})
		if err != nil {
			t.Fatal(f, err)
		}
		if _, err := eng.Render(context.Background(), &b, d, RenderOptions{Format: f}); err != nil {
			t.Fatal(f, err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) || res.Format != f || res.InputHash != hash {
			t.Errorf("%s: RenderPrepared and Render differ (%d and %d bytes) or result %+v", f, a.Len(), b.Len(), res)
		}
	}
}

func TestRenderPreparedRefusesMissingFormat(t *testing.T) {
	eng, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := eng.Prepare(context.Background(), seedDoc(t, "001_49fbf96383fe353c.json"), "school-roadmap@1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	_, err = eng.RenderPrepared(context.Background(), &buf, p, RenderOptions{Format: DOCX})
	if !errors.Is(err, ErrNoFormat) || !errors.Is(err, docx.ErrNoDocx) || buf.Len() != 0 {
		t.Fatalf("DOCX from a version without one: %v (%d bytes written)", err, buf.Len())
	}
	if _, err := eng.RenderPrepared(context.Background(), &buf, p, RenderOptions{Format: "odt"}); err == nil {
		t.Error("an unknown format was accepted")
	}
	if got := FormatsOf(p.Template); len(got) != 2 || got[0] != PDF || got[1] != XLSX {
		t.Errorf("FormatsOf(1.0.0) = %v", got)
	}
}

func TestPrepareValidates(t *testing.T) {
	eng, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := seedDoc(t, "001_49fbf96383fe353c.json")
	d.Title = ""
	_, err = eng.Prepare(context.Background(), d, "")
	var ve *document.ValidationError
	if !errors.As(err, &ve) || ve.Problems[0].Path != "title" {
		t.Fatalf("Prepare of a document without a title = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := eng.Prepare(ctx, seedDoc(t, "001_49fbf96383fe353c.json"), ""); !errors.Is(err, context.Canceled) {
		t.Errorf("Prepare with a cancelled context = %v", err)
	}
}

func TestFormatContentTypes(t *testing.T) {
	for f, want := range map[Format]string{PDF: "application/pdf",
		DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
		if got := f.ContentType(); got != want {
			t.Errorf("%s.ContentType() = %s", f, got)
		}
	}
}
