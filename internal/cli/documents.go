package cli

// The commands about one document: render, validate, import (a workbook
// back to JSON) and demo (the two reference documents in every format).

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

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
	var tf tsaFlags
	fs.StringVar(&tf.url, "tsa", os.Getenv("KARTOGRAF_TSA"), tsaUsage+" (KARTOGRAF_TSA)")
	fs.DurationVar(&tf.timeout, "tsa-timeout", sign.DefaultTSATimeout, tsaTimeoutUsage)
	fs.IntVar(&tf.retries, "tsa-retries", defaultRetries, tsaRetriesUsage)
	lt := fs.Bool("lt", false, "долговременная подпись PAdES B-LT: добавить в PDF цепочку сертификатов и ответы OCSP (или CRL), полученные сейчас")
	ltCA := fs.String("lt-ca", "", "сертификаты PEM для построения цепочки при --lt (обычно корневой сертификат УЦ)")
	pdfa := fs.String("pdfa", "", "архивный PDF: 2u (PDF/A-2u), 3u (PDF/A-3u с исходным JSON внутри) или none (по умолчанию — как задано в шаблоне)")
	// The engine comes after the signer and the format: those are usage
	// errors, and they are told first.
	return c.invoke(fs, nil, args, exactly(1, "укажите один входной файл JSON или «-»"), func(pos []string, _ *kartograf.Engine) int {
		var signer sign.Signer
		var tsa sign.TimeStamper
		if *doSign {
			var err error
			if signer, err = loadSigner(*p12, *keyFile, *certFile); err != nil {
				fmt.Fprintln(c.stderr, "render:", russianOS(err))
				return exitUsage
			}
			if tsa, err = tf.stamper(); err != nil {
				fmt.Fprintln(c.stderr, "render:", err)
				return exitUsage
			}
		}
		in := pos[0]
		f, err := chooseFormat(*format, *out)
		if err != nil {
			fmt.Fprintln(c.stderr, "render:", russianOS(err))
			return exitUsage
		}
		conf, err := pdfaFlag(*pdfa, f)
		if err != nil {
			fmt.Fprintln(c.stderr, "render:", err)
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
		opts := kartograf.RenderOptions{Format: f, Template: *tmpl, Signer: signer, AllowInvalidCertificate: *allowInvalid, TSA: tsa,
			Conformance: conf}
		if *lt || *ltCA != "" {
			if signer == nil {
				fmt.Fprintln(c.stderr, "render: --lt и --lt-ca действуют только с --sign")
				return exitUsage
			}
			lto := &sign.LTOptions{Timeout: tf.timeout}
			if *ltCA != "" {
				if lto.Issuers, err = loadCerts("--lt-ca", *ltCA); err != nil {
					fmt.Fprintln(c.stderr, "render:", russianOS(err))
					return exitUsage
				}
			}
			opts.LongTerm = lto
		}
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
	})
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

// importXLSX reads a Kartograf workbook, or the source JSON of a PDF/A-3u,
// back into a document.
func (c *cli) importXLSX(args []string) int {
	fs, dirs := c.flags("import")
	out := fs.String("o", "-", "выходной файл JSON или «-» для stdout")
	return c.invoke(fs, dirs, args, exactly(1, "укажите один файл .xlsx или .pdf"), func(pos []string, eng *kartograf.Engine) int {
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
			// One preparation (validation, input hash, view) for the
			// three formats, as batch does.
			p, err := eng.Prepare(c.ctx, doc, "")
			if err != nil {
				return c.report(d.Name, err)
			}
			for _, f := range kartograf.Formats() {
				path := filepath.Join(*out, d.Name+"."+string(f))
				res, err := writeAtomic(path, func(w io.Writer) (*kartograf.Result, error) {
					return eng.RenderPrepared(c.ctx, w, p, kartograf.RenderOptions{Format: f})
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
