// Package testtool gives tests access to external readers (pdftotext,
// qpdf, pdffonts, soffice): a test skips when one is missing, unless
// KARTOGRAF_REQUIRE_TOOLS=1, under which a missing tool fails the test so
// that CI cannot pass by skipping.
package testtool

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// EnvRequire names the variable that turns skips into failures.
const EnvRequire = "KARTOGRAF_REQUIRE_TOOLS"

// Require returns the path of the named tool or skips (fails under
// KARTOGRAF_REQUIRE_TOOLS=1) the test.
func Require(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv(EnvRequire) == "1" {
		t.Fatalf("%s is required (%s=1) but not installed: %v", name, EnvRequire, err)
	}
	t.Skipf("%s not installed: %v", name, err)
	return ""
}

// Run runs the tool with args and returns its standard output; a non-zero
// exit fails the test with the tool's standard error.
func Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	path := Require(t, name)
	cmd := exec.Command(path, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, errb.String())
	}
	return out.String()
}
