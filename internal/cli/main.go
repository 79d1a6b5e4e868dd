// Package cli is the kartograf command line: every command, its flags, its
// Russian help and messages, and its exit codes. It is a package rather
// than cmd/kartograf's main so that two programs share it: cmd/kartograf
// (the CLI) and cmd/kartograf-serve (the HTTP service alone), whose serve
// command is this package's serve with pkg/service plugged in (NewServer).
// The CLI binary does without pkg/service and everything the service
// alone needs, half of a cold process's package initialisation (issue 16:
// a cold render within 25 ms).
//
//	kartograf render [-t ID@VERSION] [-f pdf|docx|xlsx] [-o OUT] INPUT.json
//	kartograf import FILE.xlsx|FILE.pdf [-o OUT.json]
//	kartograf validate [-t ID@VERSION] INPUT.json
//	kartograf templates [check DIR | pack DIR OUT.docx | unpack IN.docx DIR]
//	kartograf rollover --to 2024-2025 IN.json|IN.pdf [-o OUT.json]
//	kartograf analyze PLAN.json|PLAN.xlsx --date DD.MM.YYYY [--title T] [-o DIR] [--formats pdf,docx,xlsx] [--keep OLD.json] [--indicators IND.json|IND.xlsx]
//	kartograf analyze --district DIR|FILE.zip --date DD.MM.YYYY [--organization O] [--target PCT] [-o DIR]
//	kartograf batch --plan BASE.json|DIR --registry SCHOOLS.csv|.xlsx|.json [--to YEAR] [-f pdf,docx,xlsx] -o DIR [--zip FILE] [--jobs N] [--shard i/n]
//	kartograf serve [--addr 127.0.0.1:8080] [--tokens-file F] [--p12 F | --key K --cert C]
//	kartograf demo -o DIR
//	kartograf version
//
// Extra template directories: --templates DIR (repeatable) or
// $KARTOGRAF_TEMPLATES. Exit codes: 0 success, 1 invalid input or failed
// render, 2 wrong usage; verify also 3: the signatures are intact but a
// certificate is not trusted.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/atomicfile"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// Main runs the kartograf command line with args (os.Args[1:]) on the
// process's standard streams and returns the exit code for os.Exit.
func Main(args []string) int {
	deferGC(args)
	return mainOf(&cli{ownProcess: true}, args, (*cli).dispatch)
}

// ServeMain is the program kartograf-serve: the serve command with args
// (os.Args[1:], serve's flags), its help and hints naming kartograf-serve.
// Set NewServer first.
func ServeMain(args []string) int {
	return mainOf(&cli{ownProcess: true, standalone: true}, args, (*cli).serve)
}

// mainOf runs cmd on the process's streams with a context that SIGINT
// and SIGTERM cancel: serve stops gracefully on it, a render stops early.
func mainOf(c *cli, args []string, cmd func(*cli, []string) int) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c.ctx, c.stdin, c.stdout, c.stderr = ctx, os.Stdin, os.Stdout, os.Stderr
	return cmd(c, args)
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

	// ownProcess: the streams are the process's own and nothing else runs
	// in it, so serve may replace the process with kartograf-serve.
	ownProcess bool
	// standalone: this is kartograf-serve, whose one command is serve;
	// help and hints name kartograf-serve instead of kartograf serve.
	standalone bool
}

func (c *cli) dispatch(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, mainHelp())
		return exitUsage
	}
	run := map[string]func([]string) int{
		"render": c.render, "validate": c.validate, "templates": c.templates,
		"demo": c.demo, "import": c.importXLSX, "verify": c.verify,
		"serve": c.serve, "rollover": c.rollover, "batch": c.batch,
		"analyze": c.analyze,
	}
	if cmd, ok := run[args[0]]; ok {
		return cmd(args[1:])
	}
	switch args[0] {
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

// engine is the engine of a command that runs once and uses a version or
// two: it checks each template version at its first use (a broken one
// fails that use with its problem), which keeps a one-document command
// from compiling every DOCX template first. serve uses eagerEngine.
func (c *cli) engine(dirs *dirsFlag) (*kartograf.Engine, error) {
	all := append(kartograf.TemplateDirsFromEnv(), (*dirs)...)
	return kartograf.New(kartograf.Options{TemplateDirs: all, Lazy: true})
}

// eagerEngine checks every template version before it returns: a server
// must refuse to start with a broken one rather than fail its requests.
func (c *cli) eagerEngine(dirs *dirsFlag) (*kartograf.Engine, error) {
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

// argsCheck judges a command's positional arguments: it returns the
// command's own complaint, without the command's name, or "" when they
// are right.
type argsCheck func(pos []string) string

// exactly wants n positional arguments; anything else gets msg.
func exactly(n int, msg string) argsCheck {
	return func(pos []string) string {
		if len(pos) != n {
			return msg
		}
		return ""
	}
}

// anyArgs takes whatever follows the flags: demo and templates ignore it.
func anyArgs([]string) string { return "" }

// invoke is the preamble every command with flags shares, so that each
// states only its flags, its arguments and its work: parse args with fs
// (help and flag errors through usageExit), check the positional
// arguments (a complaint goes to stderr after the command's name, exit 2)
// and, when dirs is given, make the engine (its failure is reported under
// the command's name, exit 1) before body runs. Commands that must judge
// more of their flags before the engine pass nil dirs and make it later.
func (c *cli) invoke(fs *flag.FlagSet, dirs *dirsFlag, args []string, check argsCheck,
	body func(pos []string, eng *kartograf.Engine) int) int {
	name := strings.TrimPrefix(fs.Name(), "kartograf ")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return c.usageExit(fs, err)
	}
	if msg := check(pos); msg != "" {
		fmt.Fprintln(c.stderr, name+": "+msg)
		return exitUsage
	}
	var eng *kartograf.Engine
	if dirs != nil {
		if eng, err = c.engine(dirs); err != nil {
			return c.report(name, err)
		}
	}
	return body(pos, eng)
}

// bare is the preamble of a subcommand without flags: -h anywhere prints
// its help, and it wants exactly n arguments, else msg and exit 2. ok is
// false when the subcommand is done with code.
func (c *cli) bare(name string, args []string, n int, msg string) (code int, ok bool) {
	if helpRequested(args) {
		printHelp(c.stdout, name, nil)
		return exitOK, false
	}
	if len(args) != n {
		fmt.Fprintln(c.stderr, name+": "+msg)
		return exitUsage, false
	}
	return exitOK, true
}

func (c *cli) readDoc(path string) (*document.Document, error) {
	data, err := c.readSource(path)
	if err != nil {
		return nil, err
	}
	return document.DecodeBytes(data)
}

func (c *cli) readInput(path string) ([]byte, error) {
	r, done, err := c.open(path)
	if err != nil {
		return nil, err
	}
	defer done()
	return document.ReadInput(r)
}

// open opens path for reading, or stdin for "-"; done closes it.
func (c *cli) open(path string) (r io.Reader, done func(), err error) {
	if path == "-" {
		return c.stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// openSized opens a file for the readers that want its size too (a
// workbook or a DOCX is a ZIP, read from its end).
func openSized(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
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

// writeAtomic writes path through atomicfile, so a failed render never
// leaves a partial file. A temporary file that cannot be created is
// reported as op "createtemp" in the target directory, which russianOS
// turns into a sentence about that directory.
func writeAtomic(path string, write func(io.Writer) (*kartograf.Result, error)) (*kartograf.Result, error) {
	var res *kartograf.Result
	err := atomicfile.Write(path, atomicfile.Mode, func(w io.Writer) error {
		var err error
		res, err = write(w)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
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
