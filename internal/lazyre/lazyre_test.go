package lazyre_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

func TestCompilesOnceAtFirstUse(t *testing.T) {
	r := lazyre.New(`(\d{4})-(\d{4})`)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := r.FindStringSubmatch("2024-2025"); len(got) != 3 || got[1] != "2024" {
				t.Errorf("FindStringSubmatch = %q", got)
			}
		})
	}
	wg.Wait()
	first, again := r.Regexp(), r.Regexp()
	if first != again {
		t.Error("compiled twice")
	}
	if n := lazyre.CompileAll(); n < 1 {
		t.Errorf("CompileAll saw %d", n)
	}
}

func TestCompileAllPanicsOnABadExpression(t *testing.T) {
	bad := lazyre.New(`(`)
	defer func() {
		if recover() == nil {
			t.Error("no panic for an invalid expression")
		}
		_ = bad
	}()
	lazyre.CompileAll()
}

func Example() {
	year := lazyre.New(`^\d{4}$`) // compiled here, at the first match
	fmt.Println(year.MatchString("2024"), year.MatchString("24"))
	// Output: true false
}
