package cli

import (
	"fmt"
	"strings"

	"github.com/kartograf-ru/kartograf"
)

// pdfaFlag is RenderOptions.Conformance for render's --pdfa value: 2u,
// 3u, none or a level's full name; empty leaves the template's choice.
func pdfaFlag(v string, f kartograf.Format) (string, error) {
	var c string
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "":
		return "", nil
	case "2u", "pdf/a-2u":
		c = kartograf.PDFA2u
	case "3u", "pdf/a-3u":
		c = kartograf.PDFA3u
	case "none":
		return kartograf.ConformanceNone, nil
	default:
		return "", fmt.Errorf("--pdfa: допустимо 2u, 3u или none, а не «%s»", v)
	}
	if f != kartograf.PDF {
		return "", fmt.Errorf("--pdfa %s: архивным бывает только PDF, а не %s", v, f)
	}
	return c, nil
}
