package preflight

import "testing"

// Fixture is a valid PDF/A-<part>u file for the external tests.
func Fixture(t *testing.T, part int) []byte { return build(t, validSpec(part)) }
