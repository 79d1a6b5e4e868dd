// Command spacing prints the spacing measure of a PDF's justified text as
// one JSON object: scripts/typeset runs it on Typst's and Kartograf's
// renderings of one document.
//
//	go run ./internal/testtool/spacing/cmd/spacing -size 14 -right 28.35 doc.pdf
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/kartograf-ru/kartograf/internal/testtool/spacing"
)

func main() {
	var o spacing.Options
	flag.Float64Var(&o.FontSize, "size", 14, "body font size, pt")
	flag.Float64Var(&o.SpaceEm, "space", 0.25, "the font's normal space, em")
	flag.IntVar(&o.MinWords, "min-words", 3, "lines with fewer words are not measured")
	flag.Float64Var(&o.RightMargin, "right", 0, "right margin, pt (0: inferred per page)")
	ratios := flag.Bool("ratios", false, "print every line's ratio too")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: spacing [flags] file.pdf")
		os.Exit(2)
	}
	r, err := spacing.Measure(flag.Arg(0), o)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if !*ratios {
		r.Ratios = nil
	}
	e := json.NewEncoder(os.Stdout)
	if err := e.Encode(r); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
