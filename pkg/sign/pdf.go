package sign

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kartograf-ru/kartograf/internal/pdfobj"
)

// SubFilters of the signature dictionary.
const (
	PAdES  = "ETSI.CAdES.detached" // PAdES B-B, the default
	PKCS7D = "adbe.pkcs7.detached" // compatibility mode
)

// Options of SignPDF.
type Options struct {
	SubFilter string    // PAdES (default) or PKCS7D
	Time      time.Time // the signing time written to /M (not into the CMS)
	Reason    string
	Location  string
	// ContentsSize is the room reserved for the CMS in bytes (default
	// 16 KiB); a CMS that does not fit is an error, not a broken file.
	ContentsSize int
	// AllowInvalidCertificate signs even when the certificate is expired,
	// not yet valid at Time or not meant for signatures (see
	// CheckCertificate): for test keys only.
	AllowInvalidCertificate bool
	// TSA, when set, time-stamps the signature (PAdES B-T): its token
	// over the signature value goes into the CMS as an unsigned
	// attribute, and ContentsSize defaults to 32 KiB. nil: B-B, the file
	// exactly as without the field.
	TSA TimeStamper
}

// ErrContentsTooSmall is returned when the CMS does not fit the room
// reserved for it in /Contents.
var ErrContentsTooSmall = errors.New("подпись не помещается в отведённое место /Contents")

// SignPDF appends a signature to pdf as an incremental update and returns
// the signed file. The ByteRange covers the whole file except /Contents.
// It handles files with a classic cross-reference table, as Kartograf
// writes them. A certificate that may not sign at opt.Time (or now, when
// it is zero) is refused with a *CertificateError unless
// opt.AllowInvalidCertificate is set or s comes from
// AllowInvalidCertificate.
func SignPDF(pdf []byte, s Signer, opt Options) ([]byte, error) {
	return SignPDFContext(context.Background(), pdf, s, opt)
}

// SignPDFContext is SignPDF with a context for opt.TSA's request.
func SignPDFContext(ctx context.Context, pdf []byte, s Signer, opt Options) ([]byte, error) {
	if err := checkSigner(s, opt); err != nil {
		return nil, err
	}
	if opt.SubFilter == "" {
		opt.SubFilter = PAdES
	}
	if opt.SubFilter != PAdES && opt.SubFilter != PKCS7D {
		return nil, fmt.Errorf("неизвестный SubFilter %q", opt.SubFilter)
	}
	if opt.ContentsSize <= 0 {
		opt.ContentsSize = 16 << 10
		if opt.TSA != nil {
			opt.ContentsSize = tsaContentsSize
		}
	}
	sec, err := pdfobj.ReadLast(pdf)
	if err != nil {
		return nil, err
	}
	size, root := sec.Trailer.Size, sec.Trailer.Root
	if root <= 0 {
		return nil, errors.New("PDF: в trailer нет /Root")
	}
	rootDict, err := objectDict(pdf, sec, root)
	if err != nil {
		return nil, err
	}
	if pdfobj.Value(rootDict, "AcroForm") != nil {
		return nil, errors.New("PDF уже содержит формы или подписи: повторная подпись пока не поддерживается")
	}
	page, ok := firstPage(pdf)
	if !ok {
		return nil, errors.New("PDF: нет страниц")
	}
	pageDict, err := objectDict(pdf, sec, page)
	if err != nil {
		return nil, err
	}
	if pdfobj.Value(pageDict, "Annots") != nil {
		return nil, errors.New("PDF: у первой страницы уже есть аннотации; не поддерживается")
	}

	sigN, widgetN := size, size+1
	var b bytes.Buffer
	b.Write(pdf)
	if pdf[len(pdf)-1] != '\n' {
		b.WriteByte('\n')
	}
	var entries []pdfobj.Entry
	at := func(n int) { entries = append(entries, pdfobj.Entry{Num: n, Offset: b.Len()}) }
	at(widgetN)
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T %s /V %d 0 R /P %d 0 R /Rect [0 0 0 0] /F 132 >>\nendobj\n",
		widgetN, pdfobj.TextString("Подпись"), sigN, page)
	at(sigN)
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /%s /M (D:%s)", sigN, opt.SubFilter, opt.Time.UTC().Format("20060102150405Z"))
	if opt.Reason != "" {
		fmt.Fprintf(&b, " /Reason %s", pdfobj.TextString(opt.Reason))
	}
	if opt.Location != "" {
		fmt.Fprintf(&b, " /Location %s", pdfobj.TextString(opt.Location))
	}
	b.WriteString(" /ByteRange ")
	brAt := b.Len()
	b.WriteString("[0 0000000000 0000000000 0000000000]")
	brEnd := b.Len()
	b.WriteString(" /Contents ")
	contentsAt := b.Len()
	b.WriteByte('<')
	b.Write(bytes.Repeat([]byte("0"), 2*opt.ContentsSize))
	b.WriteByte('>')
	contentsEnd := b.Len()
	b.WriteString(" >>\nendobj\n")
	at(root)
	fmt.Fprintf(&b, "%d 0 obj\n<<%s /AcroForm << /Fields [%d 0 R] /SigFlags 3 >> >>\nendobj\n", root, rootDict, widgetN)
	at(page)
	fmt.Fprintf(&b, "%d 0 obj\n<<%s /Annots [%d 0 R] >>\nendobj\n", page, pageDict, widgetN)
	pdfobj.WriteXref(&b, entries, pdfobj.Trailer{Size: size + 2, Root: root, Info: sec.Trailer.Info, ID: sec.Trailer.ID, Prev: sec.At})

	out := b.Bytes()
	br := fmt.Sprintf("[0 %d %d %d]", contentsAt, contentsEnd, len(out)-contentsEnd)
	if len(br) > brEnd-brAt {
		return nil, errors.New("PDF слишком большой для ByteRange")
	}
	copy(out[brAt:brEnd], br+strings.Repeat(" ", brEnd-brAt-len(br)))
	algs, err := algorithmsOf(s)
	if err != nil {
		return nil, err
	}
	digest, err := algs.Sum(out[:contentsAt], out[contentsEnd:])
	if err != nil {
		return nil, err
	}
	cms, err := CMS(digest, s)
	if err != nil {
		return nil, err
	}
	if opt.TSA != nil {
		if cms, err = timeStampCMS(ctx, cms, opt.TSA); err != nil {
			return nil, err
		}
	}
	if 2*len(cms) > 2*opt.ContentsSize {
		return nil, fmt.Errorf("%w: нужно %d байт, отведено %d", ErrContentsTooSmall, len(cms), opt.ContentsSize)
	}
	hex.Encode(out[contentsAt+1:], cms)
	return out, nil
}

func checkSigner(s Signer, opt Options) error {
	cert := s.Certificate()
	if cert == nil {
		return errors.New("нет сертификата подписанта")
	}
	if _, unchecked := s.(uncheckedSigner); unchecked || opt.AllowInvalidCertificate {
		return nil
	}
	at := opt.Time
	if at.IsZero() {
		at = time.Now()
	}
	return CheckCertificate(cert, at)
}

// objectDict is the inside of object n's dictionary, as the newest
// cross-reference section that lists it says. The update rewrites the
// object with generation 0, so another generation is refused.
func objectDict(pdf []byte, sec *pdfobj.Section, n int) ([]byte, error) {
	e, err := sec.Find(pdf, n)
	if err != nil {
		return nil, err
	}
	if e.Gen != 0 {
		return nil, fmt.Errorf("PDF: объект %d поколения %d не поддерживается", n, e.Gen)
	}
	return pdfobj.DictAt(pdf, e)
}

// firstPage is the number of the first object, in file order, whose
// dictionary has /Type /Page: Kartograf writes its pages in order.
func firstPage(pdf []byte) (int, bool) {
	page := 0
	pdfobj.Objects(pdf, func(n, _, body int) bool {
		d, _, ok := pdfobj.Dict(pdf[body:])
		if ok && string(pdfobj.Value(d, "Type")) == "/Page" {
			page = n
			return false
		}
		return true
	})
	return page, page > 0
}
