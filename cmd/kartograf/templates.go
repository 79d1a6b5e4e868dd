package main

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
	if _, err := parseArgs(fs, args); err != nil {
		return c.usageExit(fs, err)
	}
	eng, err := c.engine(dirs)
	if err != nil {
		return c.report("templates", err)
	}
	for _, v := range eng.Templates().List() {
		fmt.Fprintf(c.stdout, "%s %s\n", v.Ref(), v.Hash)
	}
	return exitOK
}

// templatesCheck loads one version directory and dry-runs it.
func (c *cli) templatesCheck(args []string) int {
	if helpRequested(args) {
		printHelp(c.stdout, "templates check", nil)
		return exitOK
	}
	if len(args) != 1 {
		fmt.Fprintln(c.stderr, "templates check: укажите каталог версии шаблона (…/<id>/<версия>)")
		return exitUsage
	}
	v, err := templates.LoadVersion(args[0])
	if err == nil {
		var eng *kartograf.Engine
		if eng, err = kartograf.New(kartograf.Options{}); err == nil {
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
	if helpRequested(args) {
		printHelp(c.stdout, "templates pack", nil)
		return exitOK
	}
	if len(args) != 2 {
		fmt.Fprintln(c.stderr, "templates pack: укажите каталог DOCX шаблона и выходной файл .docx")
		return exitUsage
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
	if helpRequested(args) {
		printHelp(c.stdout, "templates unpack", nil)
		return exitOK
	}
	if len(args) != 2 {
		fmt.Fprintln(c.stderr, "templates unpack: укажите файл .docx и каталог")
		return exitUsage
	}
	f, err := os.Open(args[0])
	if err != nil {
		return c.report("templates unpack", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return c.report("templates unpack", err)
	}
	if err := docx.Unpack(f, st.Size(), args[1]); err != nil {
		return c.report("templates unpack", err)
	}
	return exitOK
}
