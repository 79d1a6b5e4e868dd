package main

import (
	"errors"
	"fmt"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

func (c *cli) validate(args []string) int {
	fs, dirs := c.flags("validate")
	tmpl := fs.String("t", "", "шаблон ID@ВЕРСИЯ или ID")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return c.usageExit(fs, err)
	}
	if len(pos) != 1 {
		fmt.Fprintln(c.stderr, "validate: укажите один входной файл JSON или «-»")
		return exitUsage
	}
	eng, err := c.engine(dirs)
	if err != nil {
		return c.report("validate", err)
	}
	doc, err := c.readDocFor(eng, pos[0], *tmpl)
	if err == nil {
		err = eng.Validate(doc, *tmpl)
	}
	if err != nil {
		var ve *document.ValidationError
		if errors.As(err, &ve) {
			for _, p := range ve.Problems {
				fmt.Fprintln(c.stdout, p.String())
			}
			return exitFail
		}
		return c.report(pos[0], err)
	}
	fmt.Fprintf(c.stderr, "%s: документ корректен\n", pos[0])
	return exitOK
}
