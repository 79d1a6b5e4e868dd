package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/kartograf-ru/kartograf"
)

// importXLSX reads a Kartograf workbook back into a document.
func (c *cli) importXLSX(args []string) int {
	fs, dirs := c.flags("import")
	out := fs.String("o", "-", "выходной файл JSON или «-» для stdout")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return c.usageExit(fs, err)
	}
	if len(pos) != 1 {
		fmt.Fprintln(c.stderr, "import: укажите один файл .xlsx")
		return exitUsage
	}
	eng, err := c.engine(dirs)
	if err != nil {
		return c.report("import", err)
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return c.report("import", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return c.report(pos[0], err)
	}
	doc, err := eng.Import(f, st.Size())
	if err != nil {
		return c.report(pos[0], err)
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return c.report(pos[0], err)
	}
	data = append(data, '\n')
	if *out == "-" {
		c.stdout.Write(data)
		return exitOK
	}
	if _, err := writeAtomic(*out, func(w io.Writer) (*kartograf.Result, error) {
		_, err := w.Write(data)
		return nil, err
	}); err != nil {
		return c.report("import", err)
	}
	return exitOK
}
