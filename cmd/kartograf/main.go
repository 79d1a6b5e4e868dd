// Command kartograf renders roadmaps («дорожные карты») and their analyses
// from JSON into official documents through versioned templates.
//
//	kartograf render [-t ID@VERSION] [-f pdf|docx|xlsx] [-o OUT] INPUT.json
//	kartograf import FILE.xlsx [-o OUT.json]
//	kartograf validate [-t ID@VERSION] INPUT.json
//	kartograf templates [check DIR | pack DIR OUT.docx | unpack IN.docx DIR]
//	kartograf rollover --to 2024-2025 IN.json [-o OUT.json]
//	kartograf batch --plan BASE.json|DIR --registry SCHOOLS.csv|.xlsx|.json [--to YEAR] [-f pdf,docx,xlsx] -o DIR [--zip FILE] [--jobs N] [--shard i/n]
//	kartograf serve [--addr 127.0.0.1:8080] [--tokens-file F] [--p12 F | --key K --cert C]
//	kartograf demo -o DIR
//	kartograf version
//
// Extra template directories: --templates DIR (repeatable) or
// $KARTOGRAF_TEMPLATES. Exit codes: 0 success, 1 invalid input or failed
// render, 2 wrong usage; verify also 3: the signatures are intact but a
// certificate is not trusted.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/docx"
	"github.com/kartograf-ru/kartograf/pkg/sign"
	"github.com/kartograf-ru/kartograf/templates"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exit codes
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

type dirsFlag []string

func (d *dirsFlag) String() string     { return strings.Join(*d, string(os.PathListSeparator)) }
func (d *dirsFlag) Set(v string) error { *d = append(*d, v); return nil }

type cli struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer

	lastFlags *flag.FlagSet // the flag set of the command run, for tests
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	return c.dispatch(args)
}

func (c *cli) dispatch(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, mainHelp())
		return exitUsage
	}
	switch args[0] {
	case "render":
		return c.render(args[1:])
	case "validate":
		return c.validate(args[1:])
	case "templates":
		return c.templates(args[1:])
	case "demo":
		return c.demo(args[1:])
	case "import":
		return c.importXLSX(args[1:])
	case "verify":
		return c.verify(args[1:])
	case "serve":
		return c.serve(args[1:])
	case "rollover":
		return c.rollover(args[1:])
	case "batch":
		return c.batch(args[1:])
	case "version", "--version", "-v":
		if helpRequested(args[1:]) {
			printHelp(c.stdout, "version", nil)
			return exitOK
		}
		fmt.Fprintln(c.stdout, kartograf.Build())
		return exitOK
	case "help", "-h", "--help", "-help":
		return c.help(args[1:])
	}
	return c.unknownCommand(args[0])
}

// help is `kartograf help [COMMAND [SUBCOMMAND]]`.
func (c *cli) help(args []string) int {
	if len(args) == 0 || helpRequested(args) {
		fmt.Fprint(c.stdout, mainHelp())
		return exitOK
	}
	name := strings.Join(args, " ")
	if _, ok := lookupCommand(name); !ok {
		return c.unknownCommand(name)
	}
	// Each command prints its help from its own flag set.
	return c.dispatch(append(args, "-h"))
}

func (c *cli) flags(name string) (*flag.FlagSet, *dirsFlag) {
	fs := flag.NewFlagSet("kartograf "+name, flag.ContinueOnError)
	// The flag package's own output is English («Usage of …», «flag
	// provided but not defined»): silence it, usageExit speaks instead.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	c.lastFlags = fs
	dirs := new(dirsFlag)
	fs.Var(dirs, "templates", "дополнительный каталог шаблонов (можно повторять)")
	return fs, dirs
}

func (c *cli) engine(dirs *dirsFlag) (*kartograf.Engine, error) {
	all := append(kartograf.TemplateDirsFromEnv(), (*dirs)...)
	return kartograf.New(kartograf.Options{TemplateDirs: all})
}

// parseArgs parses flags that may come before or after the positional
// argument (kartograf render IN.json -o OUT.pdf works too).
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func (c *cli) readDoc(path string) (*document.Document, error) {
	data, err := c.readInput(path)
	if err != nil {
		return nil, err
	}
	return document.DecodeBytes(data)
}

func (c *cli) readInput(path string) ([]byte, error) {
	var r io.Reader = c.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	return document.ReadInput(r)
}

// readDocFor reads a document to render or validate with template ref. A
// document that breaks the contract is also checked against the template's
// rules, so that its *document.ValidationError lists every problem at once.
func (c *cli) readDocFor(eng *kartograf.Engine, path, ref string) (*document.Document, error) {
	data, err := c.readInput(path)
	if err != nil {
		return nil, err
	}
	return eng.Decode(data, ref)
}

// report prints an error; validation problems one "path: message" per line.
func (c *cli) report(prefix string, err error) int {
	err = russianOS(err)
	var ve *document.ValidationError
	if errors.As(err, &ve) {
		fmt.Fprintf(c.stderr, "%s: документ содержит ошибки (%d):\n", prefix, len(ve.Problems))
		for _, p := range ve.Problems {
			fmt.Fprintln(c.stderr, p.String())
		}
		return exitFail
	}
	fmt.Fprintf(c.stderr, "%s: %v\n", prefix, err)
	return exitFail
}

func (c *cli) render(args []string) int {
	fs, dirs := c.flags("render")
	tmpl := fs.String("t", "", "шаблон ID@ВЕРСИЯ или ID (по умолчанию — из документа или по виду)")
	format := fs.String("f", "", "формат: pdf, docx или xlsx (по умолчанию — по расширению ВЫХОДА, иначе pdf)")
	out := fs.String("o", "", "выходной файл или «-» для stdout (по умолчанию — ВХОД с расширением формата)")
	doSign := fs.Bool("sign", false, "подписать PDF электронной подписью (PAdES)")
	p12 := fs.String("p12", os.Getenv("KARTOGRAF_P12"), "ключ и сертификат PKCS #12 (пароль в KARTOGRAF_P12_PASSWORD)")
	keyFile := fs.String("key", "", "закрытый ключ PEM")
	certFile := fs.String("cert", "", "сертификат PEM (и цепочка)")
	allowInvalid := fs.Bool("allow-invalid-cert", false, "подписывать и просроченным, ещё не действующим или не предназначенным для подписи сертификатом (только для тестовых ключей)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return c.usageExit(fs, err)
	}
	if len(pos) != 1 {
		fmt.Fprintln(c.stderr, "render: укажите один входной файл JSON или «-»")
		return exitUsage
	}
	var signer sign.Signer
	if *doSign {
		if signer, err = loadSigner(*p12, *keyFile, *certFile); err != nil {
			fmt.Fprintln(c.stderr, "render:", russianOS(err))
			return exitUsage
		}
	}
	in := pos[0]
	f, err := chooseFormat(*format, *out)
	if err != nil {
		fmt.Fprintln(c.stderr, "render:", russianOS(err))
		return exitUsage
	}
	if *out == "" {
		if in == "-" {
			*out = "-"
		} else {
			*out = strings.TrimSuffix(in, filepath.Ext(in)) + "." + string(f)
		}
	}
	eng, err := c.engine(dirs)
	if err != nil {
		return c.report("render", err)
	}
	doc, err := c.readDocFor(eng, in, *tmpl)
	if err != nil {
		return c.report(in, err)
	}
	if signer != nil && f != kartograf.PDF {
		fmt.Fprintln(c.stderr, "render:", kartograf.ErrSignFormat)
		return exitUsage
	}
	opts := kartograf.RenderOptions{Format: f, Template: *tmpl, Signer: signer, AllowInvalidCertificate: *allowInvalid}
	render := func(w io.Writer) (*kartograf.Result, error) {
		return eng.Render(c.ctx, w, doc, opts)
	}
	if *out == "-" {
		if _, err := render(c.stdout); err != nil {
			return c.report(in, certHint(err))
		}
		return exitOK
	}
	res, err := writeAtomic(*out, render)
	if err != nil {
		return c.report(in, certHint(err))
	}
	fmt.Fprintf(c.stderr, "%s: %s (%s, %s)\n", in, *out, res.Template, res.InputHash)
	return exitOK
}

func chooseFormat(flagValue, out string) (kartograf.Format, error) {
	if flagValue != "" {
		return kartograf.ParseFormat(flagValue)
	}
	if ext := filepath.Ext(out); ext != "" && out != "-" {
		return kartograf.ParseFormat(ext)
	}
	return kartograf.PDF, nil
}

// writeAtomic writes through a temporary file in the target directory and
// renames it into place, so a failed render never leaves a partial file.
func writeAtomic(path string, write func(io.Writer) (*kartograf.Result, error)) (*kartograf.Result, error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		// Name the directory the user gave, not our temporary file.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, &fs.PathError{Op: "createtemp", Path: pe.Path, Err: pe.Err}
		}
		return nil, err
	}
	defer os.Remove(tmp.Name())
	res, err := write(tmp)
	if err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return nil, err
	}
	return res, nil
}

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

// loadSigner reads the signing key from PKCS #12 or PEM files.
func loadSigner(p12, keyFile, certFile string) (sign.Signer, error) {
	switch {
	case p12 != "":
		data, err := os.ReadFile(p12)
		if err != nil {
			return nil, err
		}
		return sign.LoadPKCS12(data, os.Getenv("KARTOGRAF_P12_PASSWORD"))
	case keyFile != "" && certFile != "":
		k, err := os.ReadFile(keyFile)
		if err != nil {
			return nil, err
		}
		cert, err := os.ReadFile(certFile)
		if err != nil {
			return nil, err
		}
		return sign.LoadPEM(k, cert)
	}
	return nil, errors.New("для --sign укажите --p12 ФАЙЛ или --key и --cert")
}

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

func (c *cli) demo(args []string) int {
	fs, dirs := c.flags("demo")
	out := fs.String("o", "out", "каталог для результатов")
	if _, err := parseArgs(fs, args); err != nil {
		return c.usageExit(fs, err)
	}
	eng, err := c.engine(dirs)
	if err != nil {
		return c.report("demo", err)
	}
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
}
