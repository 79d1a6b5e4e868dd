package main

import "github.com/kartograf-ru/kartograf"

// importXLSX reads a Kartograf workbook back into a document.
func (c *cli) importXLSX(args []string) int {
	fs, dirs := c.flags("import")
	out := fs.String("o", "-", "выходной файл JSON или «-» для stdout")
	return c.invoke(fs, dirs, args, exactly(1, "укажите один файл .xlsx"), func(pos []string, eng *kartograf.Engine) int {
		f, size, err := openSized(pos[0])
		if err != nil {
			return c.report("import", err)
		}
		defer f.Close()
		doc, err := eng.Import(f, size)
		if err != nil {
			return c.report(pos[0], err)
		}
		if err := c.writeJSON(*out, doc); err != nil {
			return c.report("import", err)
		}
		return exitOK
	})
}
