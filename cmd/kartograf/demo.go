package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

func (c *cli) demo(args []string) int {
	fs, dirs := c.flags("demo")
	out := fs.String("o", "out", "каталог для результатов")
	return c.invoke(fs, dirs, args, anyArgs, func(_ []string, eng *kartograf.Engine) int {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return c.report("demo", err)
		}
		for _, d := range kartograf.Demos() {
			doc, err := document.DecodeBytes(d.JSON)
			if err != nil {
				return c.report(d.Name, err)
			}
			for _, f := range kartograf.Formats() {
				path := filepath.Join(*out, d.Name+"."+string(f))
				res, err := writeAtomic(path, func(w io.Writer) (*kartograf.Result, error) {
					return eng.Render(c.ctx, w, doc, kartograf.RenderOptions{Format: f})
				})
				if err != nil {
					return c.report(d.Name, err)
				}
				fmt.Fprintf(c.stdout, "%s (%s)\n", path, res.Template)
			}
		}
		return exitOK
	})
}
