package cli

import (
	"bytes"
	"strings"
	"testing"
)

// render --pdfa: 2u and 3u make PDF/A (3u with the source inside), none
// and no flag the plain file; a bad value or a non-PDF format is a usage
// error.
func TestRenderPDFA(t *testing.T) {
	outs := map[string]string{}
	for _, v := range []string{"", "none", "2u", "3u", "PDF/A-3u"} {
		args := []string{"render", "-o", "-", seed001}
		if v != "" {
			args = append(args, "--pdfa", v)
		}
		code, stdout, stderr := runCLI(t, "", args...)
		if code != 0 {
			t.Fatalf("--pdfa %q: exit %d: %s", v, code, stderr)
		}
		outs[v] = stdout
	}
	if outs["none"] != outs[""] || strings.Contains(outs[""], "pdfaid:part") {
		t.Error("--pdfa none or no flag is not the plain PDF")
	}
	if !strings.Contains(outs["2u"], "<pdfaid:part>2</pdfaid:part>") || strings.Contains(outs["2u"], "/EmbeddedFile") {
		t.Error("--pdfa 2u is not PDF/A-2u")
	}
	if !strings.Contains(outs["3u"], "<pdfaid:part>3</pdfaid:part>") || !strings.Contains(outs["3u"], "(kartograf-source.json)") {
		t.Error("--pdfa 3u is not PDF/A-3u with the source")
	}
	if !bytes.Equal([]byte(outs["3u"]), []byte(outs["PDF/A-3u"])) {
		t.Error("--pdfa PDF/A-3u differs from 3u")
	}
	for _, args := range [][]string{
		{"render", "--pdfa", "1b", "-o", "-", seed001},
		{"render", "--pdfa", "3u", "-f", "docx", "-o", "-", seed001},
	} {
		if code, _, stderr := runCLI(t, "", args...); code != exitUsage || !strings.Contains(stderr, "--pdfa") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
}
