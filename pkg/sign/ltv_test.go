package sign_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/ocsptest"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// testCA is a CA with a loopback OCSP responder and a leaf it issued.
type testCA struct {
	*ocsptest.CA
	root *x509.Certificate
	leaf *sign.KeySigner
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	ca := ocsptest.Start(t)
	key, cert := ca.Issue(t, "Кулиева Аминат")
	return &testCA{CA: ca, root: ca.Root, leaf: &sign.KeySigner{Key: key, Cert: cert}}
}

func (ca *testCA) signed(t *testing.T) []byte {
	t.Helper()
	out, err := sign.SignPDF(seedPDF(t), ca.leaf, sign.Options{Time: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (ca *testCA) roots() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.root)
	return p
}

// A signed PDF made long-term holds the chain and the responder's answer
// in a DSS added as an incremental update; Verify accepts the update,
// checks the answer offline (the responder is gone by then) and the
// signature stays valid for pdfsig and qpdf.
func TestMakeLT(t *testing.T) {
	ca := newTestCA(t)
	signed := ca.signed(t)
	lt, err := sign.MakeLT(context.Background(), signed, sign.LTOptions{Issuers: []*x509.Certificate{ca.root}})
	if err != nil {
		t.Fatal(err)
	}
	if ca.Asked() != 1 {
		t.Errorf("the responder was asked %d times, want once (the leaf; the root is not asked about)", ca.Asked())
	}
	if !bytes.HasPrefix(lt, signed) || !regexp.MustCompile(`/Type /DSS /Certs \[ \d+ 0 R \d+ 0 R \] /OCSPs \[ \d+ 0 R \]`).Match(lt) {
		t.Fatalf("no DSS with two certificates and one OCSP response appended:\n%s", lt[len(signed):min(len(lt), len(signed)+300)])
	}
	// Offline from here on: Verify asks no responder.
	ca.SetAnswer(ocsptest.Garbage)
	asked := ca.Asked()
	sigs, err := sign.VerifyWith(lt, sign.VerifyOptions{Roots: ca.roots()})
	if ca.Asked() != asked {
		t.Error("Verify asked the OCSP responder")
	}
	if err != nil || len(sigs) != 1 {
		t.Fatal(err)
	}
	s := sigs[0]
	if !s.Valid || !s.Trusted || !s.LongTerm || !s.RevocationChecked || s.RevocationProblem != "" || s.WholeFile {
		t.Fatalf("Valid=%v Trusted=%v LongTerm=%v RevocationChecked=%v (%q) WholeFile=%v Problem=%q",
			s.Valid, s.Trusted, s.LongTerm, s.RevocationChecked, s.RevocationProblem, s.WholeFile, s.Problem)
	}
	if len(s.Updates) != 5 {
		t.Errorf("updates %+v, want the DSS, its three streams (two certificates, one response) and the catalog", s.Updates)
	}
	// Without the DSS the same signature has no revocation verdict.
	plain, _ := sign.VerifyWith(signed, sign.VerifyOptions{Roots: ca.roots()})
	if plain[0].LongTerm || plain[0].RevocationChecked {
		t.Errorf("a B-B signature reported long-term: %+v", plain[0])
	}
	if _, err := sign.AddDSS(lt, sign.LTV{Certs: [][]byte{ca.root.Raw}}); !errors.Is(err, sign.ErrHasDSS) {
		t.Errorf("a second DSS: %v, want ErrHasDSS", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "lt.pdf")
	if err := os.WriteFile(path, lt, 0o644); err != nil {
		t.Fatal(err)
	}
	testtool.Require(t, "qpdf")
	if out, err := execCombined("qpdf", "--check", path); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	testtool.Require(t, "pdfsig")
	if out, _ := execCombined("pdfsig", path); !strings.Contains(out, "Signature is Valid") {
		t.Errorf("pdfsig:\n%s", out)
	}
}

// A revoked certificate, an unknown answer, a responder that does not
// answer and one whose answer is not signed by the issuer: no DSS, and an
// error that says which certificate and why.
func TestMakeLTRefuses(t *testing.T) {
	for _, c := range []struct{ answer, want string }{
		{ocsptest.Revoked, "отозван"},
		{ocsptest.Hang, "нет ответа за"},
		{ocsptest.Garbage, "ответ OCSP не прочитан"},
		{ocsptest.OtherKey, "не подписан издателем"},
	} {
		t.Run(c.answer, func(t *testing.T) {
			ca := newTestCA(t)
			ca.SetAnswer(c.answer)
			_, err := sign.MakeLT(context.Background(), ca.signed(t), sign.LTOptions{Issuers: []*x509.Certificate{ca.root}, Timeout: 300 * time.Millisecond})
			var re *sign.RevocationError
			if !errors.As(err, &re) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "Кулиева Аминат") {
				t.Fatalf("MakeLT: %v, want a RevocationError about the leaf saying %q", err, c.want)
			}
			if re.Revoked != (c.answer == ocsptest.Revoked) {
				t.Errorf("Revoked = %v", re.Revoked)
			}
		})
	}
}

// A DSS whose response speaks of another certificate gives no
// revocation verdict; a DSS update that slips in a changed page content
// stream as a "certificate" (it even parses as one) is a changed page,
// not a DSS.
func TestVerifyDSSProblems(t *testing.T) {
	ca := newTestCA(t)
	signed := ca.signed(t)
	other := newTestCA(t)
	otherResp := func() []byte {
		lt, err := sign.MakeLT(context.Background(), other.signed(t), sign.LTOptions{Issuers: []*x509.Certificate{other.root}})
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`/OCSPs \[ (\d+) 0 R \]`).FindSubmatch(lt)
		n := string(m[1])
		k := bytes.Index(lt, []byte("\n"+n+" 0 obj\n"))
		body := lt[k:]
		start := bytes.Index(body, []byte("stream\n")) + len("stream\n")
		end := bytes.Index(body, []byte("\nendstream"))
		return body[start:end]
	}()
	wrong, err := sign.AddDSS(signed, sign.LTV{Certs: [][]byte{ca.leaf.Cert.Raw, ca.root.Raw}, OCSPs: [][]byte{otherResp}})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := sign.VerifyWith(wrong, sign.VerifyOptions{Roots: ca.roots()})
	if !s[0].Valid || !s[0].LongTerm || s[0].RevocationChecked || !strings.Contains(s[0].RevocationProblem, "нет данных об отзыве") {
		t.Errorf("a DSS about another certificate: Valid=%v LongTerm=%v RevocationChecked=%v %q", s[0].Valid, s[0].LongTerm, s[0].RevocationChecked, s[0].RevocationProblem)
	}

	// The page's content stream, redefined and listed in /Certs.
	page, _ := pageObject(t, signed)
	content := regexp.MustCompile(fmt.Sprintf(`(?s)\n%d 0 obj.*?/Contents\s+(\d+) 0 R`, page)).FindSubmatch(signed)
	if content == nil {
		t.Fatal("no content stream")
	}
	cn := string(content[1])
	root := string(regexp.MustCompile(`/Root (\d+) 0 R`).FindSubmatch(signed)[1])
	catalog := regexp.MustCompile(`(?s)\n`+root+` 0 obj\s*<<(.*?)>>\s*endobj`).FindAllSubmatch(signed, -1)
	cat := string(catalog[len(catalog)-1][1])
	n, _ := new(big.Int).SetString(cn, 10)
	forged := appendUpdate(t, signed, map[int]string{
		// A real certificate, so that the DSS reads: the page's content
		// is what changed.
		int(n.Int64()): fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(ca.root.Raw), ca.root.Raw),
		9000:           "<< /Type /DSS /Certs [ " + cn + " 0 R ] >>",
		atoi(root):     "<<" + cat + " /DSS 9000 0 R >>",
	}, []int{int(n.Int64()), 9000, atoi(root)})
	s, _ = sign.VerifyWith(forged, sign.VerifyOptions{Roots: ca.roots()})
	if s[0].Valid || !s[0].ContentChanged {
		t.Errorf("a page stream passed off as DSS data: Valid=%v ContentChanged=%v %q", s[0].Valid, s[0].ContentChanged, s[0].Problem)
	}
}

func atoi(s string) int {
	n, _ := new(big.Int).SetString(s, 10)
	return int(n.Int64())
}
