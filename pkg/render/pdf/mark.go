package pdf

import "github.com/kartograf-ru/kartograf/pkg/render/view"

// markLine is one line of the signature mark's frame.
type markLine struct {
	style int
	text  string
}

// markLines are the view's mark lines in the PDF's styles.
func markLines(m *view.Mark) []markLine {
	var out []markLine
	for _, ln := range m.Lines() {
		st := regular
		if ln.Bold {
			st = bold
		}
		out = append(out, markLine{style: st, text: ln.Text})
	}
	return out
}
