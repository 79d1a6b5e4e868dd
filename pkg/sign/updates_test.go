package sign_test

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/sign"
)

func newRSAKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// appendUpdate appends an incremental update defining objs (number →
// body) with its own xref and trailer, as an editor would.
func appendUpdate(t *testing.T, pdf []byte, objs map[int]string, order []int) []byte {
	t.Helper()
	prev := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`).FindSubmatch(pdf)
	root := regexp.MustCompile(`/Root\s+(\d+)\s+0\s+R`).FindAllSubmatch(pdf, -1)
	size := regexp.MustCompile(`/Size\s+(\d+)`).FindAllSubmatch(pdf, -1)
	if prev == nil || root == nil || size == nil {
		t.Fatal("no trailer")
	}
	var b bytes.Buffer
	b.Write(pdf)
	offs := map[int]int{}
	for _, n := range order {
		offs[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, objs[n])
	}
	xref := b.Len()
	b.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for _, n := range order {
		fmt.Fprintf(&b, "%d 1\n%010d 00000 n \n", n, offs[n])
	}
	sz, _ := strconv.Atoi(string(size[len(size)-1][1]))
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %s 0 R /Prev %s >>\nstartxref\n%d\n%%%%EOF\n", sz+10, root[len(root)-1][1], prev[1], xref)
	return b.Bytes()
}

// pageObject is the number and dictionary of the signed file's first page.
func pageObject(t *testing.T, pdf []byte) (int, string) {
	t.Helper()
	m := regexp.MustCompile(`(?m)^(\d+) 0 obj\s*<<\s*/Type\s*/Page\b`).FindSubmatchIndex(pdf)
	if m == nil {
		t.Fatal("no page")
	}
	n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
	end := bytes.Index(pdf[m[1]:], []byte("endobj"))
	return n, strings.TrimSpace(string(pdf[m[1]-len("<< /Type /Page") : m[1]+end]))
}

// What follows the signed revision is reported; an update that changes
// what the pages show is named as such.
func TestVerifyIncrementalUpdates(t *testing.T) {
	signed := signedSeed(t, testSigner(t, ecKey(t)), sign.Options{})
	page, _ := pageObject(t, signed)
	for _, c := range []struct {
		name    string
		pdf     []byte
		changed bool
		problem string
		what    string
	}{
		{"new content stream on the page", appendUpdate(t, signed, map[int]string{
			page: fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>", 900),
			900:  "<< /Length 24 >>\nstream\nBT /F1 12 Tf (X) Tj ET\nendstream",
		}, []int{900, page}), true, "после подписи изменено содержимое страниц", "страница"},
		{"an annotation", appendUpdate(t, signed, map[int]string{
			901: "<< /Type /Annot /Subtype /FreeText /Rect [0 0 100 100] /Contents (Отменено) >>",
		}, []int{901}), true, "после подписи изменено содержимое страниц", "аннотация"},
		{"an unrelated new object", appendUpdate(t, signed, map[int]string{
			902: "<< /Note (прочитано) >>",
		}, []int{902}), false, "подпись покрывает не весь файл: после неё добавлено обновление с объектами 902 (новый объект)", "новый объект"},
		{"bytes without objects", append(bytes.Clone(signed), "\n% appended\n"...), false, "дописано 12 байт", ""},
	} {
		sigs, err := sign.Verify(c.pdf)
		if err != nil || len(sigs) != 1 {
			t.Fatalf("%s: %v", c.name, err)
		}
		s := sigs[0]
		if s.Valid || !s.Integrity || s.WholeFile || s.ContentChanged != c.changed || !strings.Contains(s.Problem, c.problem) {
			t.Errorf("%s: Valid=%v Integrity=%v WholeFile=%v ContentChanged=%v Problem=%q", c.name, s.Valid, s.Integrity, s.WholeFile, s.ContentChanged, s.Problem)
		}
		found := c.what == ""
		for _, u := range s.Updates {
			found = found || u.What == c.what
		}
		if !found {
			t.Errorf("%s: updates %+v do not name %q", c.name, s.Updates, c.what)
		}
	}
}
