package service

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/csvsafe/csvcheck"
)

// The index inside the /v1/batch archive opens in LibreOffice with school
// names that look like formulas as text, and carries index.xlsx too.
func TestBatchIndexOpensAsText(t *testing.T) {
	names := []string{`=HYPERLINK("http://example.invalid","x")`, "+1+1", "-2+3", "@SUM(1+1)"}
	var schools []string
	for i, n := range names {
		js, _ := json.Marshal(n)
		schools = append(schools, fmt.Sprintf(`{"id": "s%d", "short_name": %s, "full_name": "Школа №%d", "district": "Баксанский район", "director": "А.А. Ан"}`, i+1, js, i+1))
	}
	f := newFixture(t, nil)
	r := f.do(t, "POST", "/v1/batch", bytes.NewReader(batchBody(t, "["+strings.Join(schools, ",")+"]", `, "formats": ["xlsx"]`)))
	if r.status != http.StatusOK {
		t.Fatalf("%d %.300s", r.status, r.body)
	}
	zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range zr.File {
		rc, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files["index.xlsx"]) == 0 {
		t.Error("the archive has no index.xlsx")
	}
	csvcheck.OpenedAsText(t, files["index.csv"], "short_name", names)
}
