package sign

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/kartograf-ru/kartograf/internal/pdfobj"
)

// dss is what a file's Document Security Store holds, read from the
// newest catalog.
type dss struct {
	num          int // its object number
	certs        []*x509.Certificate
	ocsps, crls  [][]byte
	parts        map[int]bool // the DSS and its streams' object numbers
	catalog      int
	problem      string
	present, bad bool
}

// maxDSSItems bounds how many items of each kind a DSS is read for.
const maxDSSItems = 256

// readDSS reads the DSS the file's last catalog points to.
func readDSS(pdf []byte) dss {
	var d dss
	sec, err := pdfobj.ReadLast(pdf)
	if err != nil || sec.Trailer.Root <= 0 {
		return d
	}
	d.catalog = sec.Trailer.Root
	cat, err := objectDict(pdf, sec, sec.Trailer.Root)
	if err != nil {
		return d
	}
	ref := pdfobj.Value(cat, "DSS")
	if ref == nil {
		return d
	}
	d.present = true
	fail := func(msg string) dss { d.bad, d.problem = true, "DSS: "+msg; return d }
	n, ok := pdfobj.Ref(ref)
	if !ok {
		return fail("/DSS не ссылка на объект")
	}
	d.num, d.parts = n, map[int]bool{n: true}
	body, err := objectDict(pdf, sec, n)
	if err != nil {
		return fail(err.Error())
	}
	read := func(key string) ([][]byte, error) {
		arr := pdfobj.Value(body, key)
		if arr == nil {
			return nil, nil
		}
		refs := refsRE.FindAllSubmatch(arr, maxDSSItems+1)
		if len(refs) > maxDSSItems {
			return nil, fmt.Errorf("в /%s больше %d элементов", key, maxDSSItems)
		}
		var out [][]byte
		for _, r := range refs {
			k, _ := pdfobj.Ref(r[0])
			data, err := rawStream(pdf, sec, k)
			if err != nil {
				return nil, fmt.Errorf("/%s: %w", key, err)
			}
			d.parts[k] = true
			out = append(out, data)
		}
		return out, nil
	}
	raw, err := read("Certs")
	if err != nil {
		return fail(err.Error())
	}
	for _, c := range raw {
		cert, err := x509.ParseCertificate(c)
		if err != nil {
			return fail("сертификат не прочитан: " + err.Error())
		}
		d.certs = append(d.certs, cert)
	}
	if d.ocsps, err = read("OCSPs"); err != nil {
		return fail(err.Error())
	}
	if d.crls, err = read("CRLs"); err != nil {
		return fail(err.Error())
	}
	return d
}

// dssCerts are the certificates of the file's DSS, to build chains with.
func dssCerts(pdf []byte) []*x509.Certificate { return readDSS(pdf).certs }

// rawStream is the data of stream object n, which must have no filter
// (AddDSS writes none) and a direct /Length.
func rawStream(pdf []byte, sec *pdfobj.Section, n int) ([]byte, error) {
	e, err := sec.Find(pdf, n)
	if err != nil {
		return nil, err
	}
	if e.Offset < 0 || e.Offset >= len(pdf) {
		return nil, fmt.Errorf("объект %d за пределами файла", n)
	}
	rest := pdf[e.Offset:]
	o := bytes.Index(rest, []byte("obj"))
	if o < 0 || o > 32 {
		return nil, fmt.Errorf("объект %d не найден по смещению из xref", n)
	}
	rest = bytes.TrimLeft(rest[o+3:], " \t\r\n")
	dict, end, ok := pdfobj.Dict(rest)
	if !ok {
		return nil, fmt.Errorf("объект %d не поток", n)
	}
	if pdfobj.Value(dict, "Filter") != nil {
		return nil, fmt.Errorf("поток %d сжат: не поддерживается", n)
	}
	length, ok := pdfobj.Int(pdfobj.Value(dict, "Length"))
	if !ok {
		return nil, fmt.Errorf("у потока %d нет прямой /Length", n)
	}
	rest = bytes.TrimLeft(rest[end:], " \t\r\n")
	switch {
	case bytes.HasPrefix(rest, []byte("stream\r\n")):
		rest = rest[len("stream\r\n"):]
	case bytes.HasPrefix(rest, []byte("stream\n")):
		rest = rest[len("stream\n"):]
	default:
		return nil, fmt.Errorf("объект %d не поток", n)
	}
	if length > len(rest) {
		return nil, fmt.Errorf("поток %d короче своей /Length", n)
	}
	return rest[:length], nil
}

// checkRevocation checks the signer's chain against the file's DSS,
// offline, at the signing time.
func (s *Signature) checkRevocation(pdf []byte) {
	d := readDSS(pdf)
	s.LongTerm = d.present
	if !d.present || s.Cert == nil || !s.Integrity {
		return
	}
	if d.bad {
		s.RevocationProblem = d.problem
		return
	}
	pool := append(append([]*x509.Certificate{s.Cert}, s.chain...), d.certs...)
	for c := s.Cert; ; {
		issuer := issuerOf(c, pool)
		if issuer == nil || bytes.Equal(issuer.Raw, c.Raw) {
			if issuer == nil && !bytes.Equal(c.RawIssuer, c.RawSubject) {
				s.RevocationProblem = fmt.Sprintf("в DSS нет сертификата издателя «%s»", c.Issuer.String())
				return
			}
			break
		}
		if err := revokedIn(d, c, issuer, s.CheckedAt); err != nil {
			s.RevocationProblem = err.Error()
			return
		}
		c = issuer
	}
	s.RevocationChecked = true
}

// revokedIn finds in d a response or CRL about c and checks it; the
// first that speaks of c decides.
func revokedIn(d dss, c, issuer *x509.Certificate, at time.Time) error {
	var last error
	for _, raw := range d.ocsps {
		err := checkOCSP(raw, c, issuer, at)
		var re *RevocationError
		if err == nil || errors.As(err, &re) {
			return err
		}
		last = err
	}
	for _, raw := range d.crls {
		err := checkCRL(raw, c, issuer, at)
		var re *RevocationError
		if err == nil || errors.As(err, &re) {
			return err
		}
		last = err
	}
	if last != nil {
		return fmt.Errorf("в DSS нет данных об отзыве сертификата «%s»: %v", c.Subject.String(), last)
	}
	return fmt.Errorf("в DSS нет данных об отзыве сертификата «%s»", c.Subject.String())
}

// dssUpdate lists the objects of the updates after the signed revision
// that only add a DSS: its dictionary and streams — new objects, never
// one of the signed revision's (a page's content stream listed as a DSS
// certificate is still a changed page) — and the catalog when it differs
// from the signed revision's by /DSS alone.
func dssUpdate(pdf, signed []byte, existing map[int]bool) map[int]string {
	d := readDSS(pdf)
	if !d.present || d.bad {
		return nil
	}
	out := map[int]string{}
	for n := range d.parts {
		if existing[n] {
			return nil
		}
		out[n] = "хранилище проверочных данных DSS"
	}
	sec, err := pdfobj.ReadLast(signed)
	if err != nil || sec.Trailer.Root != d.catalog {
		return out
	}
	before, err := objectDict(signed, sec, d.catalog)
	if err != nil {
		return out
	}
	last, err := pdfobj.ReadLast(pdf)
	if err != nil {
		return out
	}
	after, err := objectDict(pdf, last, d.catalog)
	if err != nil {
		return out
	}
	ref := fmt.Appendf(nil, " /DSS %d 0 R", d.num)
	if k := bytes.LastIndex(after, ref); k >= 0 && bytes.Equal(bytes.TrimSpace(append(after[:k:k], after[k+len(ref):]...)), bytes.TrimSpace(before)) {
		out[d.catalog] = "каталог документа: добавлена ссылка на DSS"
	}
	return out
}
