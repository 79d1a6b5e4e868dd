package xlsximport

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestNotAZipSaysSoInRussian: a truncated or .xls file is refused with a
// reason a methodologist reads, not archive/zip's English.
func TestNotAZipSaysSoInRussian(t *testing.T) {
	data := []byte("PK\x03\x04 not a workbook at all")
	_, err := ReadOptions{}.Read(bytes.NewReader(data), int64(len(data)))
	if !errors.Is(err, ErrNotWorkbook) || strings.Contains(err.Error(), "zip:") || !strings.Contains(err.Error(), "это не ZIP-архив") {
		t.Errorf("%v", err)
	}
}
