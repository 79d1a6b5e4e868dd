package rollover_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// TestRollAllTestdata rolls every document in testdata one year forward and
// checks the invariants: the report equals the JSON difference, every year
// either moved by one or is reported as kept, and the result is valid.
func TestRollAllTestdata(t *testing.T) {
	var files []string
	for _, dir := range []string{"seeds", "documents"} {
		m, err := filepath.Glob(filepath.Join("..", "..", "testdata", dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 2 {
		t.Fatalf("found only %d documents", len(files))
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := decode(t, raw)
		if d.Period == nil || d.Period.Year == 0 && d.Period.AcademicYear == "" {
			continue // a programme of several years is not rolled (TestRollKeepsSeveralYears)
		}
		to := strconv.Itoa(d.Period.Year + 1)
		if a := d.Period.AcademicYear; a != "" {
			y, _ := strconv.Atoi(a[:4])
			to = fmt.Sprintf("%d-%d", y+1, y+2)
		}
		out, rep := roll(t, d, to)
		checkReportMatchesDiff(t, d, out, rep)
		checkYearsAccounted(t, d, out, rep, 1)
		back, err := document.DecodeBytes(mustJSON(t, out))
		if err != nil {
			t.Errorf("%s: rolled document does not decode: %v", f, err)
			continue
		}
		if err := document.Validate(back); err != nil {
			t.Errorf("%s: rolled document does not validate: %v", f, err)
		}
		if !reflect.DeepEqual(d, decode(t, raw)) {
			t.Errorf("%s: input modified", f)
		}
	}
}
