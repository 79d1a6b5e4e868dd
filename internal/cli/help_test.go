package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

func hasCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

// TestEveryCommandHelp walks the command table: every command's --help and
// -h exit 0 and print, to stdout, Russian help with an example and every
// flag the command defines, and nothing of the flag package's English.
func TestEveryCommandHelp(t *testing.T) {
	for _, cmd := range commands {
		for _, h := range []string{"--help", "-h"} {
			t.Run(cmd.name+" "+h, func(t *testing.T) {
				var out, errb bytes.Buffer
				c := &cli{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
				code := c.dispatch(append(strings.Fields(cmd.name), h))
				got := out.String()
				if code != exitOK {
					t.Fatalf("exit %d, stderr %q", code, errb.String())
				}
				if got == "" || !hasCyrillic(got) || !strings.Contains(got, "Пример") {
					t.Fatalf("help is not Russian or has no example:\n%s", got)
				}
				for _, bad := range []string{"Usage of", "flag provided", "default"} {
					if strings.Contains(got+errb.String(), bad) {
						t.Errorf("output has %q:\n%s", bad, got)
					}
				}
				if c.lastFlags == nil {
					return
				}
				n := 0
				c.lastFlags.VisitAll(func(f *flag.Flag) {
					n++
					if !strings.Contains(got, dashed(f.Name)+" ") && !strings.Contains(got, dashed(f.Name)+"\n") {
						t.Errorf("flag %s is not in the help", dashed(f.Name))
					}
				})
				if n == 0 {
					t.Error("no flags seen")
				}
			})
		}
	}
}

func TestHelpCommand(t *testing.T) {
	code, out, _ := runCLI(t, "", "help")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"PDF, DOCX и XLSX", "Коды выхода", "  3  ", "render", "batch", "serve"} {
		if !strings.Contains(out, want) {
			t.Errorf("main help has no %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, "", "help", "batch")
	if code != exitOK || !strings.Contains(out, "--registry") || !strings.Contains(out, "kartograf batch —") ||
		!strings.Contains(out, "--analysis-date ДД.ММ.ГГГГ") || !strings.Contains(out, "district-analysis.*") {
		t.Errorf("help batch: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "help", "templates", "check")
	if code != exitOK || !strings.Contains(out, "kartograf templates check —") {
		t.Errorf("help templates check: exit %d\n%s", code, out)
	}
	if code, _, stderr := runCLI(t, ""); code != exitUsage || !strings.Contains(stderr, "Команды:") {
		t.Errorf("no arguments: exit %d\n%s", code, stderr)
	}
}

func TestUnknownCommandSuggests(t *testing.T) {
	for arg, want := range map[string]string{
		"rendr":    "неизвестная команда «rendr»; может быть, render?",
		"rednre":   "может быть, render?",
		"vrify":    "может быть, verify?",
		"serv":     "может быть, serve?",
		"xyzzy":    "неизвестная команда «xyzzy»\n",
		"--render": "неизвестная команда «--render»; может быть, render?",
	} {
		code, _, stderr := runCLI(t, "", arg)
		if code != exitUsage || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, stderr %q, want %q", arg, code, stderr, want)
		}
	}
}

func TestFlagErrorsInRussian(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"render", "-x", "a.json"}, "render: неизвестный флаг -x"},
		{[]string{"render", "--sing", "a.json"}, "неизвестный флаг --sing; может быть, --sign?"},
		{[]string{"render", "a.json", "-o"}, "render: флагу -o нужно значение"},
		{[]string{"batch", "--jobs", "abc"}, "batch: неверное значение «abc» для --jobs: ожидается целое число"},
		{[]string{"render", "--sign=maybe", "a.json"}, "неверное значение «maybe» для --sign: ожидается true или false"},
		{[]string{"serve", "--render-timeout", "soon"}, "ожидается длительность"},
	} {
		code, stdout, stderr := runCLI(t, "", tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "справка: kartograf") {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, stderr, tc.want)
		}
		for _, bad := range []string{"Usage of", "flag provided", "invalid value", "needs an argument"} {
			if strings.Contains(stdout+stderr, bad) {
				t.Errorf("%v: English %q in %q", tc.args, bad, stdout+stderr)
			}
		}
	}
}

func TestOSErrorsInRussian(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "x.json")
	code, _, stderr := runCLI(t, "", "render", missing)
	if code != exitFail || !strings.Contains(stderr, "файл «"+missing+"» не найден") || strings.Contains(stderr, "no such file") {
		t.Errorf("missing input: exit %d, %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "", "render", "-o", filepath.Join(dir, "нет", "out.pdf"), seed001)
	if code != exitFail || !strings.Contains(stderr, "каталог «"+filepath.Join(dir, "нет")+"» не найден") {
		t.Errorf("missing output directory: exit %d, %q", code, stderr)
	}

	_, err := os.Open(missing)
	ru := russianOS(err)
	if ru.Error() != "файл «"+missing+"» не найден" || !errors.Is(ru, fs.ErrNotExist) {
		t.Errorf("russianOS = %q (Is ErrNotExist %v)", ru, errors.Is(ru, fs.ErrNotExist))
	}
	wrapped := russianOS(errors.Join(errors.New("--roots"), &fs.PathError{Op: "open", Path: "k.pem", Err: fs.ErrPermission}))
	if !strings.Contains(wrapped.Error(), "нет доступа к файлу «k.pem»") || !strings.Contains(wrapped.Error(), "--roots") {
		t.Errorf("wrapped permission error: %q", wrapped)
	}
	if other := errors.New("другое"); russianOS(other) != other {
		t.Error("a non-OS error must pass through unchanged")
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"render", "render", 0}, {"rendr", "render", 1}, {"rednre", "render", 2}, {"ab", "ba", 1}, {"шаблон", "шаблоны", 1}, {"", "abc", 3}} {
		if got := editDistance(tc.a, tc.b); got != tc.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}
