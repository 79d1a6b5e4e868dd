package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

// command describes one (sub)command for the help: the main help, `kartograf
// help NAME` and `kartograf NAME -h` are all printed from this table, and
// the test that walks every command's --help takes its list from here.
type command struct {
	name    string // "render", "templates check"
	args    string // synopsis after the name
	summary string // one line, Russian
	example string // one or more lines, without the leading indent
	details string // optional paragraph after the flags
	// viaOther, for a command that kartograf hands to another program,
	// says so in kartograf's help, after details; that program's own help
	// leaves it out.
	viaOther string
}

var commands = []command{
	{name: "render", args: "[-t ID@ВЕРСИЯ] [-f pdf|docx|xlsx] [-o ВЫХОД] [--sign ...] ВХОД.json",
		summary: "сформировать документ в PDF, DOCX или XLSX («-» — stdin/stdout)",
		example: "kartograf render карта.json -o карта.pdf\nkartograf render -f docx карта.json\nKARTOGRAF_P12_PASSWORD=… kartograf render --sign --p12 ключ.p12 карта.json",
		details: "Подпись PDF: --sign --p12 ФАЙЛ (пароль в KARTOGRAF_P12_PASSWORD) или --sign --key КЛЮЧ.pem --cert СЕРТ.pem;\n" +
			"просроченный, ещё не действующий или не предназначенный для подписи сертификат отклоняется\n(для тестовых ключей: --allow-invalid-cert)."},
	{name: "validate", args: "[-t ID@ВЕРСИЯ] ВХОД.json", summary: "проверить документ; ошибки — по одной в строке в stdout",
		example: "kartograf validate карта.json"},
	{name: "templates", args: "", summary: "список шаблонов и их хешей", example: "kartograf templates --templates ./мои-шаблоны"},
	{name: "templates check", args: "КАТАЛОГ_ВЕРСИИ", summary: "проверить версию шаблона пробным заполнением",
		example: "kartograf templates check мои-шаблоны/roadmap/1.3.0"},
	{name: "templates pack", args: "КАТАЛОГ_DOCX ФАЙЛ.docx", summary: "собрать DOCX шаблона для правки в Word",
		example: "kartograf templates pack мои-шаблоны/roadmap/1.3.0/docx шаблон.docx"},
	{name: "templates unpack", args: "ФАЙЛ.docx КАТАЛОГ_DOCX", summary: "разобрать DOCX, сохранённый в Word, обратно в каталог шаблона",
		example: "kartograf templates unpack шаблон.docx мои-шаблоны/roadmap/1.3.0/docx"},
	{name: "import", args: "ФАЙЛ.xlsx|ФАЙЛ.pdf [-o ВЫХОД.json]", summary: "прочитать книгу Excel (в том числе исправленную) или исходные данные PDF/A-3u (в том числе подписанного) в документ JSON",
		example: "kartograf import карта.xlsx -o карта.json\nkartograf import карта-2024.pdf -o карта-2024.json"},
	{name: "verify", args: "ФАЙЛ.pdf [--roots КОРНИ.pem]", summary: "проверить электронные подписи PDF",
		example: "kartograf verify карта.pdf --roots корни.pem",
		details: "Код выхода: 0 — подписи верны и сертификаты доверенные, 1 — подпись не верна (или подписей нет),\n3 — подписи верны, но сертификат не доверенный или данные DSS в файле не подтверждают, что он не отозван."},
	{name: "rollover", args: "--to 2024-2025 ВХОД.json|ВХОД.pdf [-o ВЫХОД.json]", summary: "черновик на новый учебный год и отчёт об изменениях",
		example: "kartograf rollover --to 2024-2025 карта-2023.json -o карта-2024.json"},
	{name: "analyze", args: "ПЛАН.json|ПЛАН.xlsx|--district КАТАЛОГ|АРХИВ.zip --date ДД.ММ.ГГГГ [--title ЗАГОЛОВОК] [-o КАТАЛОГ] [--formats pdf,docx,xlsx] [--keep АНАЛИЗ.json] [--indicators ПОКАЗАТЕЛИ.json|.xlsx] [--organization ОРГАН] [--target %]",
		summary: "анализ реализации дорожной карты по данным мониторинга",
		example: "kartograf analyze карта.xlsx --date 15.03.2024 -o анализ\nkartograf analyze карта.json --date 31.05.2024 --keep анализ/карта-analysis.json\n" +
			"kartograf analyze --district школы.zip --date 15.03.2024 --target 80 -o анализ",
		details: "Пишет ПЛАН-analysis.json (его можно дополнить выводами и задачами и сформировать снова: kartograf render)\n" +
			"и документ в каждом формате. Просроченным считается невыполненное и неотменённое мероприятие, срок которого\n" +
			"истёк к дате отчёта или которое отмечено в мониторинге как просроченное; срок, который нельзя отнести\n" +
			"к дате («по запросу»), просроченным по дате не считается и показывается отдельно.\n" +
			"С --district — сводный анализ района по каталогу или архиву .zip книг мониторинга школ (.xlsx, как их\n" +
			"пишет kartograf batch -f xlsx, или JSON): КАТАЛОГ-analysis.* рядом с каталогом или в -o. Школа, данные\n" +
			"которой не прочитаны, перечислена в документе и здесь, и тогда код выхода 1."},
	{name: "batch", args: "--plan ПЛАН.json|КАТАЛОГ --registry ШКОЛЫ.csv|.xlsx|.json -o КАТАЛОГ [--to ГОД] [-f pdf,docx,xlsx] [--zip ФАЙЛ] [--jobs N] [--shard i/n] " +
		"[--analysis-date ДД.ММ.ГГГГ [--organization ОРГАН] [--target %]]",
		summary: "документы всех школ реестра",
		example: "kartograf batch --plan план.json --registry школы.csv --to 2024-2025 -f pdf,xlsx -o out --zip out.zip\n" +
			"kartograf batch --plan карты-2023 --registry школы.csv --to 2024-2025 -o out --analysis-date 31.05.2024 --target 80",
		details: "С --analysis-date (только с --plan КАТАЛОГ — документами прошлого года с отметками мониторинга) в том же\n" +
			"прогоне формируются анализ реализации прошлогодней карты каждой школы (ИД-analysis.* в каждом формате -f)\n" +
			"и сводный анализ района по всем школам реестра (district-analysis.*; при --shard его формирует только часть 0/n).\n" +
			"Школа, анализ которой не сформирован, получает новую карту, ошибка анализа — в индексе и здесь; код выхода 1."},
	{name: "serve", args: "[--addr 127.0.0.1:8080] [--tokens-file ФАЙЛ] [--p12 ФАЙЛ | --key КЛЮЧ --cert СЕРТ]",
		summary: "HTTP-сервис формирования документов",
		example: "KARTOGRAF_TOKENS=секрет kartograf serve --addr :8080",
		details: "Каждый флаг можно задать и переменной окружения, указанной в скобках.",
		viaOther: "Сервис — отдельная программа kartograf-serve с теми же флагами: kartograf serve запускает её,\n" +
			"если она лежит рядом с kartograf или есть в PATH; из исходного кода — go run ./cmd/kartograf-serve."},
	{name: "demo", args: "-o КАТАЛОГ", summary: "сформировать эталонные документы во всех форматах", example: "kartograf demo -o out"},
	{name: "version", args: "", summary: "версия, ревизия и время сборки", example: "kartograf version"},
	{name: "help", args: "[КОМАНДА]", summary: "справка по всем командам или по одной", example: "kartograf help render"},
}

// exitCodes is the one table of exit codes (the README repeats it).
const exitCodes = `Коды выхода:
  0  успех
  1  документ с ошибками, сбой формирования, чтения или записи файла; verify: подпись не верна
  2  неверный вызов: неизвестная команда или флаг, не хватает аргументов
  3  только verify: подписи верны, но сертификат не доверенный
`

func lookupCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// mainHelp is `kartograf help`.
func mainHelp() string {
	var b strings.Builder
	b.WriteString("kartograf — дорожные карты ШНОР в PDF, DOCX и XLSX по версионным шаблонам\n\nКоманды:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-17s %s\n", c.name, c.summary)
	}
	b.WriteString("\nОбщий флаг: --templates КАТАЛОГ (можно повторять) или переменная KARTOGRAF_TEMPLATES.\n")
	b.WriteString("Справка по команде: kartograf help КОМАНДА или kartograf КОМАНДА -h.\n\nПример:\n  kartograf render карта.json -o карта.pdf\n\n")
	b.WriteString(exitCodes)
	return b.String()
}

// printHelp writes a command's help; fs is nil for commands without flags.
func printHelp(w io.Writer, name string, fs *flag.FlagSet) {
	printHelpAs(w, "kartograf "+name, name, fs)
}

// printHelpAs is printHelp for a command invoked as invocation: "kartograf
// serve", or "kartograf-serve" for the service's own program.
func printHelpAs(w io.Writer, invocation, name string, fs *flag.FlagSet) {
	c, ok := lookupCommand(name)
	if !ok {
		fmt.Fprint(w, mainHelp())
		return
	}
	own := invocation == "kartograf "+name
	fmt.Fprintf(w, "%s — %s\n\nИспользование:\n  %s %s\n", invocation, c.summary, invocation, c.args)
	if fs != nil {
		fmt.Fprint(w, "\nФлаги:\n")
		writeFlags(w, fs)
	}
	if c.details != "" {
		fmt.Fprintf(w, "\n%s\n", c.details)
	}
	if c.viaOther != "" && own {
		fmt.Fprintf(w, "%s\n", c.viaOther)
	}
	fmt.Fprint(w, "\nПример:\n")
	for _, line := range strings.Split(c.example, "\n") {
		fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(line, "kartograf "+name, invocation))
	}
	if !own {
		// kartograf-serve may run where kartograf help is not at hand.
		fmt.Fprint(w, "\n"+serveExitCodes)
		return
	}
	fmt.Fprint(w, "\nКоды выхода: kartograf help.\n")
}

// serveExitCodes are kartograf-serve's, for its own help.
const serveExitCodes = `Коды выхода: 0 — сервис остановлен по SIGTERM или SIGINT, 1 — сбой (адрес занят, шаблоны с ошибками),
2 — неверный вызов или настройки.
`

// invocation is how the user runs the command name: "kartograf name", or
// "kartograf-serve" for serve in the service's own program.
func (c *cli) invocation(name string) string {
	if c.standalone && name == "serve" {
		return serveProgram
	}
	return "kartograf " + name
}

// writeFlags replaces flag.PrintDefaults, whose type names and defaults
// are in English.
func writeFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		kind, usage := flag.UnquoteUsage(f)
		line := "  " + dashed(f.Name)
		if k := russianKind(kind); k != "" {
			line += " " + k
		}
		fmt.Fprintf(w, "%s\n      %s%s\n", line, usage, defaultNote(f, kind, usage))
	})
}

// dashed spells a flag as the help does: -o, --jobs (the flag package
// accepts either form).
func dashed(name string) string {
	if len([]rune(name)) > 1 {
		return "--" + name
	}
	return "-" + name
}

func russianKind(kind string) string {
	switch kind {
	case "":
		return ""
	case "string", "value":
		return "СТРОКА"
	case "int", "int64", "uint", "uint64":
		return "ЧИСЛО"
	case "float":
		return "ДРОБЬ"
	case "duration":
		return "ДЛИТЕЛЬНОСТЬ"
	}
	return strings.ToUpper(kind)
}

func defaultNote(f *flag.Flag, kind, usage string) string {
	switch {
	case strings.Contains(usage, "по умолчанию"):
		return ""
	case kind == "": // bool
		if f.DefValue == "true" {
			return " (по умолчанию включён)"
		}
		return " (по умолчанию выключен)"
	case f.DefValue == "" || f.DefValue == "[]":
		return " (по умолчанию не задан)"
	}
	return " (по умолчанию «" + f.DefValue + "»)"
}

// helpRequested reports whether a flagless command was asked for help.
func helpRequested(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			return true
		}
	}
	return false
}

// usageExit finishes a failed fs.Parse: help goes to stdout with exit 0,
// a wrong flag gets a Russian message and exit 2.
func (c *cli) usageExit(fs *flag.FlagSet, err error) int {
	name := strings.TrimPrefix(fs.Name(), "kartograf ")
	if errors.Is(err, flag.ErrHelp) {
		printHelpAs(c.stdout, c.invocation(name), name, fs)
		return exitOK
	}
	fmt.Fprintf(c.stderr, "%s: %s\nсправка: %s -h\n", name, flagError(fs, err), c.invocation(name))
	return exitUsage
}

var (
	reUndefined = lazyre.New(`^flag provided but not defined: -+(.*)$`)
	reNeedsArg  = lazyre.New(`^flag needs an argument: -+(.*)$`)
	reInvalid   = lazyre.New(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^:]*): (.*)$`)
	reSyntax    = lazyre.New(`^bad flag syntax: (.*)$`)
)

// flagError translates the flag package's errors, which are plain English
// strings with no typed form.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if m := reUndefined.FindStringSubmatch(msg); m != nil {
		return "неизвестный флаг " + dashed(m[1]) + suggestFlag(fs, m[1])
	}
	if m := reNeedsArg.FindStringSubmatch(msg); m != nil {
		return "флагу " + dashed(m[1]) + " нужно значение"
	}
	if m := reInvalid.FindStringSubmatch(msg); m != nil {
		s := "неверное значение «" + m[1] + "» для " + dashed(m[2])
		if f := fs.Lookup(m[2]); f != nil {
			kind, _ := flag.UnquoteUsage(f)
			switch kind {
			case "":
				return s + ": ожидается true или false"
			case "int", "int64", "uint", "uint64":
				return s + ": ожидается целое число"
			case "duration":
				return s + ": ожидается длительность, например 30s или 2m"
			}
		}
		if m[3] != "parse error" {
			s += ": " + m[3]
		}
		return s
	}
	if m := reSyntax.FindStringSubmatch(msg); m != nil {
		return "неверная запись флага «" + m[1] + "»"
	}
	return msg
}

func suggestFlag(fs *flag.FlagSet, name string) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if s := closest(name, names); s != "" {
		return "; может быть, " + dashed(s) + "?"
	}
	return ""
}

// unknownCommand is exit 2 with the closest command name, if any.
func (c *cli) unknownCommand(name string) int {
	var names []string
	for _, cmd := range commands {
		names = append(names, cmd.name)
	}
	msg := "неизвестная команда «" + name + "»"
	if s := closest(name, names); s != "" {
		msg += "; может быть, " + s + "?"
	}
	fmt.Fprintf(c.stderr, "%s\nсписок команд: kartograf help\n", msg)
	return exitUsage
}

// closest is the candidate within edit distance 2 of s (fewest edits,
// then alphabetical), or "". A one-letter s matches nothing: everything is
// within two edits of it.
func closest(s string, candidates []string) string {
	if len([]rune(s)) < 2 {
		return ""
	}
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	best, bestD := "", 3
	for _, c := range sorted {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the optimal string alignment (Damerau–Levenshtein with
// adjacent transpositions) distance over runes.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}
