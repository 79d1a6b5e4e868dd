package sign

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
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
}

// ErrContentsTooSmall is returned when the CMS does not fit the room
// reserved for it in /Contents.
var ErrContentsTooSmall = errors.New("подпись не помещается в отведённое место /Contents")

var (
	sizeRE = regexp.MustCompile(`/Size\s+(\d+)`)
	rootRE = regexp.MustCompile(`/Root\s+(\d+)\s+0\s+R`)
	infoRE = regexp.MustCompile(`/Info\s+(\d+)\s+0\s+R`)
	idRE   = regexp.MustCompile(`/ID\s*\[[^\]]*\]`)
)

// SignPDF appends a signature to pdf as an incremental update and returns
// the signed file. The ByteRange covers the whole file except /Contents.
// It handles files with a classic cross-reference table, as Kartograf
// writes them. A certificate that may not sign at opt.Time (or now, when
// it is zero) is refused with a *CertificateError unless
// opt.AllowInvalidCertificate is set or s comes from
// AllowInvalidCertificate.
func SignPDF(pdf []byte, s Signer, opt Options) ([]byte, error) {
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
	}
	prev, ok := startxref(pdf)
	if !ok {
		return nil, errors.New("PDF: нет startxref")
	}
	ti := bytes.LastIndex(pdf, []byte("trailer"))
	if ti < 0 || prev <= 0 || prev >= len(pdf) {
		return nil, errors.New("PDF: поддерживаются только файлы с таблицей xref (как пишет Kartograf)")
	}
	trailer := pdf[ti:]
	size := atoiSub(sizeRE, trailer)
	root := atoiSub(rootRE, trailer)
	if size <= 0 || root <= 0 {
		return nil, errors.New("PDF: в trailer нет /Size или /Root")
	}
	info := atoiSub(infoRE, trailer)
	id := idRE.Find(trailer)
	rootDict, err := objectDict(pdf, root)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(rootDict, []byte("/AcroForm")) {
		return nil, errors.New("PDF уже содержит формы или подписи: повторная подпись пока не поддерживается")
	}
	page, ok := firstPage(pdf)
	if !ok {
		return nil, errors.New("PDF: нет страниц")
	}
	pageDict, err := objectDict(pdf, page)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(pageDict, []byte("/Annots")) {
		return nil, errors.New("PDF: у первой страницы уже есть аннотации; не поддерживается")
	}

	sigN, widgetN := size, size+1
	var b bytes.Buffer
	b.Write(pdf)
	if pdf[len(pdf)-1] != '\n' {
		b.WriteByte('\n')
	}
	offsets := map[int]int{}
	offsets[widgetN] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T %s /V %d 0 R /P %d 0 R /Rect [0 0 0 0] /F 132 >>\nendobj\n",
		widgetN, pdfString("Подпись"), sigN, page)
	offsets[sigN] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /%s /M (D:%s)", sigN, opt.SubFilter, opt.Time.UTC().Format("20060102150405Z"))
	if opt.Reason != "" {
		fmt.Fprintf(&b, " /Reason %s", pdfString(opt.Reason))
	}
	if opt.Location != "" {
		fmt.Fprintf(&b, " /Location %s", pdfString(opt.Location))
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
	offsets[root] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<<%s /AcroForm << /Fields [%d 0 R] /SigFlags 3 >> >>\nendobj\n", root, rootDict, widgetN)
	offsets[page] = b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<<%s /Annots [%d 0 R] >>\nendobj\n", page, pageDict, widgetN)
	xrefAt := b.Len()
	b.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for _, n := range []int{root, page, sigN, widgetN} {
		fmt.Fprintf(&b, "%d 1\n%010d 00000 n \n", n, offsets[n])
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R", size+2, root)
	if info > 0 {
		fmt.Fprintf(&b, " /Info %d 0 R", info)
	}
	if id != nil {
		b.WriteString(" ")
		b.Write(id)
	}
	fmt.Fprintf(&b, " /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", prev, xrefAt)

	out := b.Bytes()
	br := fmt.Sprintf("[0 %d %d %d]", contentsAt, contentsEnd, len(out)-contentsEnd)
	if len(br) > brEnd-brAt {
		return nil, errors.New("PDF слишком большой для ByteRange")
	}
	copy(out[brAt:brEnd], br+strings.Repeat(" ", brEnd-brAt-len(br)))
	h := sha256.New()
	h.Write(out[:contentsAt])
	h.Write(out[contentsEnd:])
	cms, err := CMS(h.Sum(nil), s)
	if err != nil {
		return nil, err
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

func atoiSub(re *regexp.Regexp, b []byte) int {
	m := re.FindSubmatch(b)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// The file is scanned with bytes.Index rather than regular expressions:
// an unanchored regexp over a whole PDF cost more than the signature.

// startxref reads the offset after the last "startxref", which must be
// followed only by %%EOF and whitespace.
func startxref(pdf []byte) (int, bool) {
	i := bytes.LastIndex(pdf, []byte("startxref"))
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(pdf[i+len("startxref"):]))
	if len(f) != 2 || f[1] != "%%EOF" {
		return 0, false
	}
	n, err := strconv.Atoi(f[0])
	return n, err == nil
}

// objectHeaders calls fn with the number and the end offset of every
// "N 0 obj" that starts a line, in file order.
func objectHeaders(pdf []byte, fn func(n, end int) bool) {
	marker := []byte(" 0 obj")
	for i := 0; ; {
		j := bytes.Index(pdf[i:], marker)
		if j < 0 {
			return
		}
		j += i
		start := j
		for start > 0 && pdf[start-1] >= '0' && pdf[start-1] <= '9' {
			start--
		}
		end := j + len(marker)
		if start < j && (start == 0 || pdf[start-1] == '\n' || pdf[start-1] == '\r') {
			n, _ := strconv.Atoi(string(pdf[start:j]))
			if !fn(n, end) {
				return
			}
		}
		i = end
	}
}

// firstPage is the number of the first object whose dictionary has
// /Type /Page: Kartograf writes its pages in order.
func firstPage(pdf []byte) (int, bool) {
	page := 0
	objectHeaders(pdf, func(n, end int) bool {
		rest := bytes.TrimLeft(pdf[end:], " \t\r\n")
		if !bytes.HasPrefix(rest, []byte("<<")) {
			return true
		}
		rest = bytes.TrimLeft(rest[2:], " \t\r\n")
		if !bytes.HasPrefix(rest, []byte("/Type")) {
			return true
		}
		rest = bytes.TrimLeft(rest[len("/Type"):], " \t\r\n")
		if bytes.HasPrefix(rest, []byte("/Page")) && (len(rest) == 5 || !isNameChar(rest[5])) {
			page = n
			return false
		}
		return true
	})
	return page, page > 0
}

func isNameChar(c byte) bool {
	return c > ' ' && c < 0x7f && !bytes.ContainsRune([]byte("/<>[]()%{}"), rune(c))
}

// objectDict returns the inside of object n's dictionary (between the
// outer << and >>) from its last definition in the file.
func objectDict(pdf []byte, n int) ([]byte, error) {
	start := -1
	objectHeaders(pdf, func(m, end int) bool {
		if m == n {
			start = end
		}
		return true
	})
	if start < 0 {
		return nil, fmt.Errorf("PDF: нет объекта %d", n)
	}
	end := bytes.Index(pdf[start:], []byte("endobj"))
	if end < 0 {
		return nil, fmt.Errorf("PDF: объект %d не закрыт", n)
	}
	body := bytes.TrimSpace(pdf[start : start+end])
	if !bytes.HasPrefix(body, []byte("<<")) || !bytes.HasSuffix(body, []byte(">>")) || bytes.Contains(body, []byte("stream")) {
		return nil, fmt.Errorf("PDF: объект %d не словарь", n)
	}
	return body[2 : len(body)-2], nil
}

// pdfString encodes s as a UTF-16BE hex string with BOM.
func pdfString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
