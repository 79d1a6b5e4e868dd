package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The last line is a record lib/report.js and scripts/peers.sh read, and
// copy #1 is a real document of the format asked for.
func TestRecord(t *testing.T) {
	seed := filepath.Join("..", "..", "testdata", "seeds", "001_49fbf96383fe353c.json")
	for f, magic := range map[string]string{"pdf": "%PDF-", "docx": "PK", "xlsx": "PK"} {
		dir := t.TempDir()
		var out, errb bytes.Buffer
		if err := run([]string{"-f", f, "-n", "2", "-out", dir, seed}, &out, &errb); err != nil {
			t.Fatalf("%s: %v\n%s", f, err, errb.String())
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		var rec record
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &rec); err != nil {
			t.Fatalf("%s: the last line is no record: %v", f, err)
		}
		if rec.N != 2 || rec.MSPerDoc == nil || rec.MedianMS == nil || *rec.MSPerDoc <= 0 || rec.Format != strings.ToUpper(f) || rec.Procs != 1 {
			t.Errorf("%s: record %+v", f, rec)
		}
		data, err := os.ReadFile(rec.File)
		if err != nil || !bytes.HasPrefix(data, []byte(magic)) || len(data) != rec.Bytes {
			t.Errorf("%s: copy #1 %s: %v, %d bytes, record says %d", f, rec.File, err, len(data), rec.Bytes)
		}
	}
}

func TestBadArguments(t *testing.T) {
	for _, args := range [][]string{{"-n", "-1"}, {"-f", "odt"}, {"-procs", "0"}, {"a.json", "b.json"}, {"/nonexistent/x.json"}} {
		var out, errb bytes.Buffer
		if err := run(args, &out, &errb); err == nil {
			t.Errorf("%q: accepted", args)
		}
	}
}
