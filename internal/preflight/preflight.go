package preflight

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Violation is one broken rule.
type Violation struct {
	// Clause is the clause of ISO 19005-2 (or, for part 3 only rules,
	// ISO 19005-3), such as "6.6.2.1". A rule the project keeps beyond the
	// standard names the standard it comes from ("19005-1:6.7.2").
	Clause string
	// Message says in Russian what is wrong and where.
	Message string
	// Object is the number of the offending indirect object, 0 for the
	// file as a whole.
	Object int
}

func (v Violation) String() string {
	if v.Object > 0 {
		return fmt.Sprintf("%s: %s (объект %d)", v.Clause, v.Message, v.Object)
	}
	return v.Clause + ": " + v.Message
}

// Limits on what Check reads, so that a hostile file costs bounded memory.
const (
	// MaxFileSize is the largest file Check accepts.
	MaxFileSize = 256 << 20
	// maxDecoded bounds one decoded stream (XMP, ICC, CIDSet, fonts).
	maxDecoded = 64 << 20
	// maxNesting bounds how deep embedded PDFs are checked in turn.
	maxNesting = 2
)

// ErrTooLarge is returned for a file over MaxFileSize.
var ErrTooLarge = errors.New("preflight: файл больше допустимого размера")

// file is the parsed PDF every rule reads.
type file struct {
	raw  []byte
	part int // 2 or 3
	ctx  *model.Context
	// depth is how many embedding levels up this file is (0: the file
	// given to Check).
	depth int
}

// rule is one check; rules are run in this order and their violations
// concatenated.
type rule func(f *file) []Violation

// rules lists every rule Check runs. Byte-level rules that must run even
// when the file cannot be parsed are in rawRules. It is a function because
// checkEmbeddedFiles runs Check on an embedded PDF in turn.
func rules() []rule {
	return []rule{
		checkTrailerID,            // 6.1.3
		checkPostEOF,              // 6.1.3
		checkStreamSyntax,         // 6.1.7.1
		checkFilters,              // 6.1.7.2
		checkOutputIntent,         // 6.2.3
		checkDeviceColour,         // 6.2.4.3
		checkTransparencyGroups,   // 6.2.10
		checkFontsEmbedded,        // 6.2.11.4.1
		checkCIDSet,               // 6.2.11.4.2
		checkToUnicode,            // 6.2.11.7.2
		checkNotdef,               // 6.2.11.8
		checkAnnotationFlags,      // 6.3.2
		checkAnnotationAppearance, // 6.3.3
		checkNeedAppearances,      // 6.4.1
		checkInfoMatchesXMP,       // 6.1.5
		checkMetadata,             // 6.6.2.1
		checkMetadataUnfiltered,   // 19005-1:6.7.2
		checkExtensionSchemas,     // 6.6.2.3.1
		checkIdentification,       // 6.6.4
		checkEmbeddedFiles,        // 6.8
	}
}

// rawRules need only the bytes.
var rawRules = []func(raw []byte) []Violation{
	checkHeader,  // 6.1.2
	checkEncrypt, // 6.1.3
}

// Check runs every rule on pdf as a PDF/A-part file of level U (part is 2
// or 3) and returns the violations, in the order of the rules; none for a
// file that passes. An error means the file could not be read at all (or
// is over MaxFileSize); a file that cannot be parsed by pdfcpu is reported
// as an error after the byte-level rules, which still run, found nothing
// to say, since an encrypted file is the one unparseable case with a
// clause of its own (6.1.3).
func Check(pdf []byte, part int) ([]Violation, error) {
	return check(pdf, part, 0)
}

func check(pdf []byte, part, depth int) (vs []Violation, err error) {
	if part != 2 && part != 3 {
		return nil, fmt.Errorf("preflight: часть PDF/A %d не поддерживается (2 или 3)", part)
	}
	if len(pdf) > MaxFileSize {
		return nil, fmt.Errorf("%w: %d байт, допустимо %d", ErrTooLarge, len(pdf), MaxFileSize)
	}
	for _, r := range rawRules {
		vs = append(vs, r(pdf)...)
	}
	if slices.ContainsFunc(vs, func(v Violation) bool { return v.Clause == clauseTrailer && v.Message == msgEncrypt }) {
		// An encrypted file's objects cannot be read without its key:
		// 6.1.3 forbids encryption, which is the whole finding.
		return vs, nil
	}
	ctx, err := parse(pdf)
	if err != nil {
		return vs, fmt.Errorf("preflight: файл не разобран: %w", err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return vs, fmt.Errorf("preflight: страницы не прочитаны: %w", err)
	}
	f := &file{raw: pdf, part: part, ctx: ctx, depth: depth}
	for _, r := range rules() {
		vs = append(vs, r(f)...)
	}
	return vs, nil
}

// pdfcpuOnce keeps pdfcpu from reading or creating a configuration
// directory in the user's home: the checker must not touch the disk.
var pdfcpuOnce sync.Once

func config() *model.Configuration {
	pdfcpuOnce.Do(api.DisableConfigDir)
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	return conf
}

// parse reads pdf with pdfcpu; a panic inside the parser on a hostile
// file becomes an error.
func parse(pdf []byte) (ctx *model.Context, err error) {
	defer func() {
		if r := recover(); r != nil {
			ctx, err = nil, fmt.Errorf("сбой разбора: %v", r)
		}
	}()
	return api.ReadContext(bytes.NewReader(pdf), config())
}

// Validate runs pdfcpu's own validation in strict mode (ISO 32000-1
// syntax, not PDF/A): the second opinion the issue asks for next to
// qpdf --check.
func Validate(pdf []byte) error { return validate(pdf, model.ValidationStrict) }

// ValidateRelaxed is Validate in pdfcpu's relaxed mode: for PDF/A-3,
// whose required /AFRelationship pdfcpu's strict mode refuses as a PDF 2.0
// key in a 1.x file.
func ValidateRelaxed(pdf []byte) error { return validate(pdf, model.ValidationRelaxed) }

func validate(pdf []byte, mode int) (err error) {
	if len(pdf) > MaxFileSize {
		return fmt.Errorf("%w: %d байт", ErrTooLarge, len(pdf))
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("preflight: сбой проверки pdfcpu: %v", r)
		}
	}()
	conf := config()
	conf.ValidationMode = mode
	if err := api.Validate(bytes.NewReader(pdf), conf); err != nil {
		return fmt.Errorf("preflight: pdfcpu (%s режим): %w", map[int]string{model.ValidationStrict: "строгий", model.ValidationRelaxed: "мягкий"}[mode], err)
	}
	return nil
}

// objects calls fn for every in-use object of the file, in object number
// order, so that the violations come out in a stable order.
func (f *file) objects(fn func(num int, o types.Object)) {
	nums := make([]int, 0, len(f.ctx.Table))
	for n, e := range f.ctx.Table {
		if e != nil && !e.Free && e.Object != nil {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	for _, n := range nums {
		fn(n, f.ctx.Table[n].Object)
	}
}

// deref resolves o; a dangling reference is nil.
func (f *file) deref(o types.Object) types.Object {
	r, err := f.ctx.Dereference(o)
	if err != nil {
		return nil
	}
	return r
}

// dict resolves o to a dictionary (a stream's dictionary included).
func (f *file) dict(o types.Object) types.Dict {
	switch d := f.deref(o).(type) {
	case types.Dict:
		return d
	case types.StreamDict:
		return d.Dict
	}
	return nil
}

// stream resolves o to a stream with its decoded content; ok is false for
// anything else or a stream that cannot be decoded within maxDecoded.
func (f *file) stream(o types.Object) (types.StreamDict, bool) {
	sd, ok := f.deref(o).(types.StreamDict)
	if !ok {
		return types.StreamDict{}, false
	}
	if sd.Content == nil {
		if err := sd.DecodeWithLimit(maxDecoded); err != nil {
			return sd, false
		}
	}
	return sd, true
}

// name is o resolved to a name, "" for anything else.
func (f *file) name(o types.Object) string {
	if n, ok := f.deref(o).(types.Name); ok {
		return n.Value()
	}
	return ""
}

// text is o resolved to a text string, decoded from PDFDocEncoding or
// UTF-16; ok is false for anything else.
func (f *file) text(o types.Object) (string, bool) {
	switch f.deref(o).(type) {
	case types.StringLiteral, types.HexLiteral:
		s, err := f.ctx.DereferenceText(o)
		return s, err == nil
	}
	return "", false
}

// refNum is the object number o refers to, 0 when o is direct.
func refNum(o types.Object) int {
	if r, ok := o.(types.IndirectRef); ok {
		return r.ObjectNumber.Value()
	}
	return 0
}

// catalog is the document catalog, nil when missing.
func (f *file) catalog() types.Dict {
	d, err := f.ctx.Catalog()
	if err != nil {
		return nil
	}
	return d
}

// catalogNum is the catalog's object number.
func (f *file) catalogNum() int {
	if f.ctx.Root == nil {
		return 0
	}
	return f.ctx.Root.ObjectNumber.Value()
}

// pages calls fn with every page dictionary and its object number.
func (f *file) pages(fn func(num int, page types.Dict)) {
	for i := 1; i <= f.ctx.PageCount; i++ {
		d, ref, _, err := f.ctx.PageDict(i, false)
		if err != nil || d == nil {
			continue
		}
		num := 0
		if ref != nil {
			num = ref.ObjectNumber.Value()
		}
		fn(num, d)
	}
}
