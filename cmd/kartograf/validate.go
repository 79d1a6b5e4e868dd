package main

import (
	"errors"
	"fmt"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

func (c *cli) validate(args []string) int {
	fs, dirs := c.flags("validate")
	tmpl := fs.String("t", "", "шаблон ID@ВЕРСИЯ или ID")
	return c.invoke(fs, dirs, args, exactly(1, "укажите один входной файл JSON или «-»"), func(pos []string, eng *kartograf.Engine) int {
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
	})
}
