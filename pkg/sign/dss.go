package sign

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/kartograf-ru/kartograf/internal/pdfobj"
)

// LTV is the validation material a Document Security Store keeps in the
// file (ISO 32000-2 12.8.4.3; ETSI EN 319 142-1, PAdES B-LT): the
// certificates of the chains and the revocation data that says they were
// not revoked, so that a signature can be checked years later, offline,
// after the certificate has expired and its responder is gone.
type LTV struct {
	Certs [][]byte // DER certificates
	OCSPs [][]byte // DER OCSP responses (BasicOCSPResponse inside an OCSPResponse)
	CRLs  [][]byte // DER certificate revocation lists
}

// ErrHasDSS is returned by AddDSS for a file that already has a DSS: a
// second store would hide the first from readers that look at one.
var ErrHasDSS = errors.New("в PDF уже есть хранилище проверочных данных (DSS)")

// AddDSS appends to a signed PDF an incremental update that adds a DSS
// dictionary holding v: each item a stream of its own, the catalog
// rewritten with /DSS and nothing else changed, so that the signatures
// before it stay valid (Verify accepts such an update and reads it).
// Identical items are stored once.
func AddDSS(pdf []byte, v LTV) ([]byte, error) {
	if len(v.Certs)+len(v.OCSPs)+len(v.CRLs) == 0 {
		return nil, errors.New("DSS: нет ни сертификатов, ни данных об отзыве")
	}
	sec, err := pdfobj.ReadLast(pdf)
	if err != nil {
		return nil, err
	}
	root := sec.Trailer.Root
	if root <= 0 {
		return nil, errors.New("PDF: в trailer нет /Root")
	}
	rootDict, err := objectDict(pdf, sec, root)
	if err != nil {
		return nil, err
	}
	if pdfobj.Value(rootDict, "DSS") != nil {
		return nil, ErrHasDSS
	}
	var b bytes.Buffer
	b.Grow(len(pdf) + 4096)
	b.Write(pdf)
	if pdf[len(pdf)-1] != '\n' {
		b.WriteByte('\n')
	}
	next := sec.Trailer.Size
	var entries []pdfobj.Entry
	seen := map[[32]byte]int{}
	streams := func(items [][]byte) string {
		var refs bytes.Buffer
		for _, it := range items {
			h := sha256.Sum256(it)
			n, ok := seen[h]
			if !ok {
				n = next
				next++
				seen[h] = n
				entries = append(entries, pdfobj.Entry{Num: n, Offset: b.Len()})
				fmt.Fprintf(&b, "%d 0 obj\n<< /Length %d >>\nstream\n", n, len(it))
				b.Write(it)
				b.WriteString("\nendstream\nendobj\n")
			}
			fmt.Fprintf(&refs, " %d 0 R", n)
		}
		return refs.String()
	}
	certs, ocsps, crls := streams(v.Certs), streams(v.OCSPs), streams(v.CRLs)
	dss := next
	next++
	entries = append(entries, pdfobj.Entry{Num: dss, Offset: b.Len()})
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /DSS", dss)
	for _, a := range [...]struct{ key, refs string }{{"Certs", certs}, {"OCSPs", ocsps}, {"CRLs", crls}} {
		if a.refs != "" {
			fmt.Fprintf(&b, " /%s [%s ]", a.key, a.refs)
		}
	}
	b.WriteString(" >>\nendobj\n")
	entries = append(entries, pdfobj.Entry{Num: root, Offset: b.Len()})
	fmt.Fprintf(&b, "%d 0 obj\n<<%s /DSS %d 0 R >>\nendobj\n", root, rootDict, dss)
	pdfobj.WriteXref(&b, entries, pdfobj.Trailer{Size: next, Root: root, Info: sec.Trailer.Info, ID: sec.Trailer.ID, Prev: sec.At})
	return b.Bytes(), nil
}
