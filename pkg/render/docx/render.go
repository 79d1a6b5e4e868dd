package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// ErrNoDocx is returned for a template version that has no DOCX template.
var ErrNoDocx = errors.New("у версии шаблона нет шаблона DOCX")

// Renderer fills DOCX templates. It compiles each template version once
// and is safe for concurrent use.
type Renderer struct {
	mu    sync.Mutex
	cache map[string]*compiled // by template version hash
	zpool sync.Pool            // *flate.Writer
}

// NewRenderer returns a renderer with an empty template cache.
func NewRenderer() *Renderer { return &Renderer{cache: map[string]*compiled{}} }

type part struct {
	name    string
	dynamic bool
	data    []byte // static: deflated bytes
	crc     uint32
	size    uint64
}

// compiled is one template version ready to execute.
type compiled struct {
	ref       string
	parts     []part
	tmpl      *template.Template
	ctxs      []pctx
	lists     templates.ListStyles
	numbering string // the numbering part, filled with the render's lists
	numSrc    string
	numBase   int
	// defaultLevels are the default bullet's levels, which a bullet the
	// template does not map borrows.
	defaultLevels [maxLevels]numLevel
}

var (
	numIDRE    = regexp.MustCompile(`<w:num\s+w:numId="(\d+)"`)
	abstractRE = regexp.MustCompile(`<w:abstractNum\s+w:abstractNumId="(\d+)"`)
)

// Compile parses a template version's DOCX (or returns the cached one).
func (r *Renderer) Compile(v *templates.Version) (*compiled, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.cache[v.Hash]; ok {
		return c, nil
	}
	c, err := compile(v)
	if err != nil {
		return nil, fmt.Errorf("шаблон DOCX %s: %w", v.Ref(), err)
	}
	r.cache[v.Hash] = c
	return c, nil
}

func compile(v *templates.Version) (*compiled, error) {
	ds := v.Manifest.Docx
	if ds == nil {
		return nil, ErrNoDocx
	}
	root, err := fs.Sub(v.Files, ds.Dir)
	if err != nil {
		return nil, err
	}
	names, err := partNames(root)
	if err != nil {
		return nil, err
	}
	c := &compiled{ref: v.Ref(), lists: ds.Lists}
	funcs := template.FuncMap{"kx": kx, "kxp": c.kxp, "kxs": kxs, "kxw": kxw, "kxspan": kxspan, "kxspanw": kxspanw}
	c.tmpl = template.New("").Delims(lDelim, rDelim).Funcs(funcs).Option("missingkey=error")
	types, err := fs.ReadFile(root, "[Content_Types].xml")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		data, err := fs.ReadFile(root, name)
		if err != nil {
			return nil, err
		}
		if err := wellFormed(name, data); err != nil {
			return nil, err
		}
		if name != "[Content_Types].xml" && !coveredByTypes(string(types), name) {
			return nil, fmt.Errorf("[Content_Types].xml не описывает часть %s", name)
		}
		src := string(data)
		p := part{name: name}
		switch {
		case name == "word/numbering.xml":
			c.numbering, c.numSrc = name, src
			for _, m := range numIDRE.FindAllStringSubmatch(src, -1) {
				n, _ := strconv.Atoi(m[1])
				c.numBase = max(c.numBase, n)
			}
			have := map[int]bool{}
			for _, m := range abstractRE.FindAllStringSubmatch(src, -1) {
				n, _ := strconv.Atoi(m[1])
				have[n] = true
			}
			ids := []int{ds.Lists.Ordered, ds.Lists.Default}
			for _, id := range ds.Lists.Bullets {
				ids = append(ids, id)
			}
			for _, id := range ids {
				if !have[id] {
					return nil, fmt.Errorf("%s: нет w:abstractNum %d, указанного в manifest.json docx.lists", name, id)
				}
			}
			c.defaultLevels = abstractLevels(src, ds.Lists.Default)
			p.dynamic = true
		case strings.Contains(src, "{{"):
			var tsrc string
			if strings.HasPrefix(name, "word/") {
				tsrc, err = compileWordPart(name, src, &c.ctxs)
			} else {
				tsrc, err = compileTextPart(name, src)
			}
			if err != nil {
				return nil, err
			}
			if _, err := c.tmpl.New(name).Parse(tsrc); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			p.dynamic = true
		default:
			var buf bytes.Buffer
			fw, _ := flate.NewWriter(&buf, flate.BestCompression)
			fw.Write(data)
			fw.Close()
			p.data, p.crc, p.size = buf.Bytes(), crc32.ChecksumIEEE(data), uint64(len(data))
		}
		c.parts = append(c.parts, p)
	}
	styles, _ := fs.ReadFile(root, "word/styles.xml")
	parseStyles(styles).resolve(c.ctxs)
	if c.numbering == "" && (strings.Contains(string(types), "numbering")) {
		return nil, errors.New("numbering.xml объявлен, но отсутствует")
	}
	return c, nil
}

// partNames lists the files of an unpacked package in the order they are
// written: [Content_Types].xml, the package relationships, then by name.
func partNames(fsys fs.FS) ([]string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			names = append(names, p)
		}
		return nil
	})
	sort.Slice(names, func(i, j int) bool {
		return partRank(names[i]) < partRank(names[j]) || partRank(names[i]) == partRank(names[j]) && names[i] < names[j]
	})
	return names, err
}

// partRank puts [Content_Types].xml and the package relationships first,
// as Word writes them.
func partRank(name string) int {
	switch name {
	case "[Content_Types].xml":
		return 0
	case "_rels/.rels":
		return 1
	}
	return 2
}

// coveredByTypes reports whether a part has an Override or its extension a
// Default in [Content_Types].xml.
func coveredByTypes(types, name string) bool {
	if strings.Contains(types, `PartName="/`+name+`"`) {
		return true
	}
	ext := strings.TrimPrefix(path.Ext(name), ".")
	return strings.Contains(types, `Extension="`+ext+`"`)
}

func wellFormed(name string, data []byte) error {
	if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") {
		return nil
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: XML не корректен: %w", name, err)
		}
	}
}

// Render fills template version v with d and writes the .docx to w. It is
// view.Build followed by RenderView; a caller that renders one document in
// several formats builds the view once and calls RenderView.
func (r *Renderer) Render(ctx context.Context, w io.Writer, d *document.Document, v *templates.Version, meta Meta) error {
	if d == nil || v == nil {
		return view.ErrNoDocument
	}
	// Compile first: a version without a DOCX template fails before the
	// view of a large document is built.
	if _, err := r.Compile(v); err != nil {
		return err
	}
	vw, err := view.Build(ctx, d, v, meta)
	if err != nil {
		return err
	}
	return r.RenderView(ctx, w, vw)
}

// RenderView fills the view's template version with the view and writes the
// .docx to w. The template sees only what the view decided.
func (r *Renderer) RenderView(ctx context.Context, w io.Writer, v *view.View) error {
	if v == nil || v.Version == nil || v.Doc == nil {
		return view.ErrNoDocument
	}
	c, err := r.Compile(v.Version)
	if err != nil {
		return err
	}
	root, err := buildRoot(ctx, v)
	if err != nil {
		return err
	}
	return r.render(ctx, w, c, root)
}

func (r *Renderer) render(ctx context.Context, w io.Writer, c *compiled, root *Root) error {
	st := &state{c: c, ctx: ctx}
	root.S = st
	outs := make([][]byte, len(c.parts))
	for i, p := range c.parts {
		if !p.dynamic || p.name == c.numbering {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		var buf bytes.Buffer
		buf.Grow(64 << 10)
		if err := c.tmpl.ExecuteTemplate(&buf, p.name, root); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("шаблон DOCX %s: %w", c.ref, err)
		}
		outs[i] = buf.Bytes()
	}
	for i, p := range c.parts {
		if p.name == c.numbering {
			outs[i] = []byte(c.withNums(st.nums))
		}
	}
	zw := zip.NewWriter(w)
	for i, p := range c.parts {
		// Every entry is dated 1980-01-01 00:00, the earliest a zip entry
		// can carry, so output never depends on the clock. CreateRaw takes
		// the MS-DOS fields as they are; Modified would add an
		// extended-timestamp extra field and change the bytes.
		//lint:ignore SA1019 the MS-DOS field keeps the output byte for byte the same
		fh := &zip.FileHeader{Name: p.name, Method: zip.Deflate, ModifiedDate: 1<<5 | 1}
		data := p.data
		if p.dynamic {
			var err error
			if data, err = r.deflate(ctx, outs[i]); err != nil {
				return err
			}
			fh.CRC32, fh.UncompressedSize64 = crc32.ChecksumIEEE(outs[i]), uint64(len(outs[i]))
		} else {
			fh.CRC32, fh.UncompressedSize64 = p.crc, p.size
		}
		fh.CompressedSize64 = uint64(len(data))
		fw, err := zw.CreateRaw(fh)
		if err != nil {
			return fmt.Errorf("запись DOCX: %w", err)
		}
		if _, err := fw.Write(data); err != nil {
			return fmt.Errorf("запись DOCX: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("запись DOCX: %w", err)
	}
	return nil
}

// deflate compresses data in 1 MiB pieces, checking ctx between them:
// the document part of a 100 000-row plan is tens of megabytes.
func (r *Renderer) deflate(ctx context.Context, data []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data)/4 + 64)
	fw, _ := r.zpool.Get().(*flate.Writer)
	if fw == nil {
		fw, _ = flate.NewWriter(&buf, flate.BestSpeed)
	} else {
		fw.Reset(&buf)
	}
	defer r.zpool.Put(fw)
	for len(data) > 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := min(len(data), 1<<20)
		if _, err := fw.Write(data[:n]); err != nil {
			return nil, err
		}
		data = data[n:]
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func zipReader(data []byte) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("DOCX: %w", err)
	}
	return zr, nil
}

func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("DOCX %s: %w", f.Name, err)
	}
	defer rc.Close()
	return io.ReadAll(rc)
}
