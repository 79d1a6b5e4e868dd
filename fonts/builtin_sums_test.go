package fonts

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
)

// The recorded sums must be the fonts' own: a stale line would key a
// built-in face apart from the same bytes loaded by Load and change the
// PDF subset tags derived from Sum.
func TestBuiltinSums(t *testing.T) {
	var want strings.Builder
	bad := false
	for _, name := range BuiltinNames() {
		data, _ := Builtin(name)
		sum := sha256.Sum256(data)
		fmt.Fprintf(&want, "\t%q: \"%x\",\n", name, sum)
		if builtinSum(name, data) != sum {
			bad = true
		}
	}
	if bad || len(builtinSums) != len(BuiltinNames()) {
		t.Fatalf("builtinSums is stale; the table should read:\n%s", want.String())
	}
}

func TestFaceSum(t *testing.T) {
	var lib Library
	for _, name := range []string{"LiberationSerif-Regular", "DejaVuSerif-Bold"} {
		f, err := lib.LoadBuiltin(name)
		if err != nil {
			t.Fatal(err)
		}
		if f.Sum() != sha256.Sum256(f.Data()) {
			t.Errorf("%s: Sum is not the SHA-256 of Data", name)
		}
		if !f.summed {
			t.Errorf("%s: the library did not record the sum it keyed the face by", name)
		}
	}
	data, _ := Builtin("LiberationSerif-Italic")
	f, err := lib.Load("", append([]byte(nil), data...))
	if err != nil {
		t.Fatal(err)
	}
	if !f.summed || f.Sum() != sha256.Sum256(data) {
		t.Error("Load did not record the SHA-256 of the bytes")
	}
	// The face Load made is the one LoadBuiltin finds by the recorded sum.
	if g, _ := lib.LoadBuiltin("LiberationSerif-Italic"); g != f {
		t.Error("LoadBuiltin did not find the face loaded from the same bytes")
	}
}

// BenchmarkLoadBuiltinCold is a process's first load of the eight
// built-in faces (parse included), the part of a cold start fonts own.
func BenchmarkLoadBuiltinCold(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var lib Library
		for _, name := range BuiltinNames() {
			if _, err := lib.LoadBuiltin(name); err != nil {
				b.Fatal(err)
			}
		}
	}
}
