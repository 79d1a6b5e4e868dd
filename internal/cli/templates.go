package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/render/docx"
	"github.com/kartograf-ru/kartograf/templates"
)

func (c *cli) templates(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return c.templatesCheck(args[1:])
		case "pack":
			return c.templatesPack(args[1:])
		case "unpack":
			return c.templatesUnpack(args[1:])
		}
	}
	fs, dirs := c.flags("templates")
	return c.invoke(fs, dirs, args, anyArgs, func(_ []string, eng *kartograf.Engine) int {
		// The list vouches for every version it names: each is checked, as
		// an eager engine would at start.
		for _, v := range eng.Templates().List() {
			if err := eng.CheckTemplate(v); err != nil {
				return c.report("templates", err)
			}
		}
		for _, v := range eng.Templates().List() {
			fmt.Fprintf(c.stdout, "%s %s\n", v.Ref(), v.Hash)
		}
		return exitOK
	})
}

// templatesCheck loads one version directory and dry-runs it.
func (c *cli) templatesCheck(args []string) int {
	if code, ok := c.bare("templates check", args, 1, "укажите каталог версии шаблона (…/<id>/<версия>)"); !ok {
		return code
	}
	v, err := templates.LoadVersion(args[0])
	if err == nil {
		var eng *kartograf.Engine
		// Only the version asked about is checked, fully.
		if eng, err = kartograf.New(kartograf.Options{Lazy: true}); err == nil {
			err = eng.CheckTemplate(v)
		}
	}
	if err != nil {
		for _, line := range strings.Split(err.Error(), "; ") {
			fmt.Fprintln(c.stdout, line)
		}
		return exitFail
	}
	fmt.Fprintf(c.stderr, "%s: шаблон %s исправен\n", args[0], v.Ref())
	return exitOK
}

func (c *cli) templatesPack(args []string) int {
	if code, ok := c.bare("templates pack", args, 2, "укажите каталог DOCX шаблона и выходной файл .docx"); !ok {
		return code
	}
	_, err := writeAtomic(args[1], func(w io.Writer) (*kartograf.Result, error) {
		return nil, docx.Pack(os.DirFS(args[0]), w)
	})
	if err != nil {
		return c.report("templates pack", err)
	}
	return exitOK
}

func (c *cli) templatesUnpack(args []string) int {
	if code, ok := c.bare("templates unpack", args, 2, "укажите файл .docx и каталог"); !ok {
		return code
	}
	f, size, err := openSized(args[0])
	if err != nil {
		return c.report("templates unpack", err)
	}
	defer f.Close()
	if err := docx.Unpack(f, size, args[1]); err != nil {
		return c.report("templates unpack", err)
	}
	return exitOK
}
