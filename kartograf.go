package kartograf

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/docx"
	"github.com/kartograf-ru/kartograf/pkg/render/pdf"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
	"github.com/kartograf-ru/kartograf/pkg/sign"
	"github.com/kartograf-ru/kartograf/pkg/xlsximport"
	"github.com/kartograf-ru/kartograf/templates"
)

// EnvTemplates names the environment variable with extra template
// directories, separated like PATH.
const EnvTemplates = "KARTOGRAF_TEMPLATES"

// Options configure an Engine.
type Options struct {
	// TemplateDirs are extra directories of <id>/<version>/ templates.
	TemplateDirs []string
	// Lazy checks each template version at its first use instead of all
	// of them in New: its fonts' coverage when a document first resolves
	// it, its fonts for the PDF layout before its first PDF (or DOCX; the
	// PDF writer parses each face when a document first uses it), its
	// DOCX template before its first DOCX. A broken version
	// then fails those uses with the error New would have returned, and
	// only them. It is for short processes that use one or two versions
	// (a one-document CLI command): the default, an eager check, is for
	// anything that serves many documents and must refuse to start with a
	// broken version.
	Lazy bool
}

// TemplateDirsFromEnv splits $KARTOGRAF_TEMPLATES.
func TemplateDirsFromEnv() []string {
	v := os.Getenv(EnvTemplates)
	if v == "" {
		return nil
	}
	var out []string
	for _, d := range filepath.SplitList(v) {
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}

// Engine renders documents. It holds the template registry and caches of
// parsed fonts; it is safe for concurrent use.
type Engine struct {
	reg  *templates.Registry
	pdf  *pdf.Renderer
	docx *docx.Renderer
	xlsx *xlsx.Writer
	// rules answer validation from the fonts themselves: checking a
	// document does not go through any renderer.
	rules rulesCache
	// checks record each version's check, run once (see Options.Lazy).
	checks versionChecks
}

// New builds an engine with the built-in templates plus opts.TemplateDirs.
func New(opts Options) (*Engine, error) {
	reg, err := templates.New()
	if err != nil {
		return nil, err
	}
	for _, d := range opts.TemplateDirs {
		if err := reg.AddDir(d); err != nil {
			return nil, err
		}
	}
	lib := new(fonts.Library)
	e := &Engine{reg: reg, pdf: pdf.NewRenderer(lib), docx: docx.NewRenderer(), xlsx: xlsx.NewWriter(lib), rules: rulesCache{lib: lib, reg: reg}}
	// A template version that cannot be filled is refused at load, with the
	// problem, rather than failing the first document that uses it; a lazy
	// engine leaves that to the version's first use.
	if opts.Lazy {
		return e, nil
	}
	for _, v := range reg.List() {
		if err := e.CheckTemplate(v); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// CheckTemplate loads a version's fonts and, when it has one, compiles its
// DOCX template and fills it with sample data.
// It runs once per version (by content hash) and engine: later calls, and
// a lazy engine's first use of the version, return the recorded outcome.
func (e *Engine) CheckTemplate(v *templates.Version) error {
	if err := e.checkRules(v); err != nil {
		return err
	}
	if err := e.checkPDFWriter(v); err != nil {
		return err
	}
	return e.checkDocx(v)
}

// Templates is the engine's template registry.
func (e *Engine) Templates() *templates.Registry { return e.reg }

// Template resolves the template for d: ref when given, else the document's
// own reference, else the default for its kind.
func (e *Engine) Template(d *document.Document, ref string) (*templates.Version, error) {
	if ref == "" {
		ref = d.Template
	}
	var v *templates.Version
	var err error
	if ref == "" {
		v, err = e.reg.Default(string(d.Kind))
	} else {
		v, err = e.reg.Resolve(ref)
	}
	if err != nil {
		return nil, err
	}
	if err := e.use(v, ""); err != nil {
		return nil, err
	}
	return v, nil
}

// Validate checks d against the template it would be rendered with: its
// column set and the characters its fonts can draw. Problems come back as
// one *document.ValidationError.
func (e *Engine) Validate(d *document.Document, ref string) error {
	v, err := e.Template(d, ref)
	if err != nil {
		return err
	}
	return e.validate(context.Background(), d, v)
}

// Decode reads a document from JSON for rendering or validation with the
// template ref (empty: the document's own, then the default for its kind).
// A document that decodes is returned without the semantic checks, which
// Validate and Render run. One that breaks the contract (unknown field,
// wrong type, duplicate key, invisible character…) is still read as far as
// possible and checked against its template's rules, so the
// *document.ValidationError lists every problem at once, in document order.
func (e *Engine) Decode(data []byte, ref string) (*document.Document, error) {
	d, err := document.DecodeBytes(data)
	var ve *document.ValidationError
	if !errors.As(err, &ve) || ve.Partial == nil {
		return d, err
	}
	_, err = document.DecodeAll(data, func(d *document.Document) (document.Rules, error) {
		v, err := e.Template(d, ref)
		if err != nil {
			return document.Rules{}, err
		}
		return e.rules.rules(v)
	})
	return nil, err
}

// validate checks d against v's rules; a cancelled ctx stops the check
// with ctx.Err() (see document.Rules.ValidateContext).
func (e *Engine) validate(ctx context.Context, d *document.Document, v *templates.Version) error {
	rules, err := e.rules.rules(v)
	if err != nil {
		return err
	}
	return rules.ValidateContext(ctx, d)
}

// RenderOptions choose the output.
type RenderOptions struct {
	Format   Format // default PDF
	Template string // id@version or id; default: the document's, then per kind
	// Mark draws the visible electronic signature mark (PDF): set it when
	// the PDF will be signed elsewhere; MarkFor makes one from the
	// certificate. With Signer set it is derived from the certificate.
	Mark *view.Mark
	// Signer, when set, signs the PDF (PAdES B-B) and draws the visible
	// mark from its certificate. Only PDF can be signed.
	Signer sign.Signer
	// SignTime is the signing time written to /M; zero means now — the
	// one place where the clock belongs in the output.
	SignTime time.Time
	// SubFilter is sign.PAdES (default) or sign.PKCS7D.
	SubFilter string
	// AllowInvalidCertificate signs even with a certificate that is
	// expired or not yet valid at SignTime or not meant for signatures;
	// otherwise Render fails with a *sign.CertificateError. Test keys only.
	AllowInvalidCertificate bool
	// TSA, with Signer, time-stamps the signature (PAdES B-T); a TSA that
	// fails makes Render fail with a *sign.TSAError. nil: B-B.
	TSA sign.TimeStamper
	// LongTerm, with Signer, makes the signed PDF long-term (PAdES B-LT):
	// the chain and its OCSP answers or CRLs, fetched now, appended as a
	// DSS (sign.MakeLT). A certificate that cannot be shown unrevoked
	// makes Render fail with a *sign.RevocationError. nil: no DSS.
	LongTerm *sign.LTOptions
	// Conformance overrides the template version's PDF conformance
	// (manifest "pdf": {"conformance"}): ConformanceNone, PDFA2u or
	// PDFA3u (the document's canonical JSON attached); empty: the
	// version's, which is plain PDF for every released version. PDF only.
	Conformance string
}

// ErrSignFormat is returned when a signature is asked for a format other
// than PDF.
var ErrSignFormat = errors.New("подписать электронной подписью можно только PDF")

// MarkFor is the visible signature mark for a certificate: its serial
// number, owner and validity as ГОСТ Р 7.0.97 lists them.
func MarkFor(cert *x509.Certificate) *view.Mark {
	owner := cert.Subject.CommonName
	if owner == "" {
		owner = cert.Subject.String()
	}
	return &view.Mark{
		Certificate: fmt.Sprintf("%X", cert.SerialNumber),
		Owner:       owner,
		ValidFrom:   cert.NotBefore.UTC().Format("02.01.2006"),
		ValidTo:     cert.NotAfter.UTC().Format("02.01.2006"),
	}
}

// Result describes a rendered output.
type Result struct {
	Format    Format
	Template  string // id@version used
	InputHash string // sha256:<hex> of the canonical JSON of the document
}

// Import reads a workbook written by Render with XLSX — possibly edited in
// Excel or LibreOffice — back into a document, and validates it against its
// template. Problems in the workbook are *xlsximport.ReadError (sheet, row,
// column) — among them an edit outside the plan table, which the document
// would not take, and a stored copy that fails its hash; problems in the
// document *document.ValidationError. A PDF (it starts with %PDF-) is
// read by ImportPDF: the source JSON attached to a PDF/A-3u.
func (e *Engine) Import(r io.ReaderAt, size int64) (*document.Document, error) {
	if IsPDF(r) {
		return e.ImportPDF(r, size)
	}
	opts := xlsximport.ReadOptions{Columns: func(ref string) ([]document.Column, error) {
		v, err := e.reg.Resolve(ref)
		if err != nil {
			return nil, err
		}
		return v.Manifest.Plan.Columns, nil
	}, Template: e.Template}
	d, err := opts.Read(r, size)
	if err != nil {
		return nil, err
	}
	if err := e.Validate(d, ""); err != nil {
		return nil, err
	}
	return d, nil
}

func subject(d *document.Document) string { return view.Subject(d.Kind) }

// InputHash is "sha256:<hex>" of the document's canonical JSON, so that the
// same data gives the same hash whatever its formatting.
func InputHash(d *document.Document) (string, error) {
	return InputHashContext(context.Background(), d)
}

// InputHashContext is InputHash that gives up when ctx is done, with
// ctx.Err() itself: the JSON (json.Marshal's bytes) is streamed into the
// hash a measure at a time by document.WriteJSON, which looks at ctx every
// 64 measures, instead of marshalled at once, which for 100 000 rows takes
// up to a second that a caller who has left could not stop.
func InputHashContext(ctx context.Context, d *document.Document) (string, error) {
	h := sha256.New()
	if err := document.WriteJSON(ctx, h, d); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
			return "", err
		}
		return "", fmt.Errorf("хеш документа: %w", err)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

//go:embed testdata/seeds/*.json
var seeds embed.FS

// Demo is one built-in sample document.
type Demo struct {
	Name string // file name without extension
	JSON []byte
}

// Demos returns the two reference documents the project is built around
// (a municipal plan with its analysis, and a school roadmap).
func Demos() []Demo {
	entries, _ := fs.Glob(seeds, "testdata/seeds/*.json")
	var out []Demo
	for _, p := range entries {
		data, _ := seeds.ReadFile(p)
		out = append(out, Demo{Name: strings.TrimSuffix(filepath.Base(p), ".json"), JSON: data})
	}
	return out
}
