package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
)

// serveElsewhere is serve in a binary without the service (NewServer is
// nil: the kartograf CLI): it starts kartograf-serve with the same
// arguments, environment and streams, so that `kartograf serve …` keeps
// working while the CLI does not link the service. Help is printed here
// from serve's own flag set, whether or not kartograf-serve is at hand.
func (c *cli) serveElsewhere(fs *flag.FlagSet, args []string) int {
	if helpRequested(args) {
		printHelp(c.stdout, "serve", fs)
		return exitOK
	}
	path, ok := findServeProgram()
	if !ok {
		fmt.Fprint(c.stderr, noServeProgram())
		return exitUsage
	}
	if c.ownProcess && canReplaceProcess {
		// Same PID: signals, a container's init, pgrep and the load
		// test's memory figures reach the service itself.
		err := replaceProcess(path, args)
		fmt.Fprintf(c.stderr, "serve: не удалось запустить %s: %v\n", path, russianOS(err))
		return exitFail
	}
	return c.runServeProgram(path, args)
}

// findServeProgram looks for kartograf-serve next to the running
// executable, then on PATH.
func findServeProgram() (string, bool) {
	if exe, err := os.Executable(); err == nil {
		for _, name := range serveProgramNames(filepath.Base(exe), runtime.GOOS) {
			if p, err := exec.LookPath(filepath.Join(filepath.Dir(exe), name)); err == nil {
				return p, true
			}
		}
	}
	p, err := exec.LookPath(serveProgram)
	return p, err == nil
}

// serveProgramNames are the names kartograf-serve may have next to an
// executable named exe: with the same tail after «kartograf» — a release
// keeps kartograf_v1.2.3_linux_amd64 beside kartograf-serve_v1.2.3_linux_amd64
// — and plain. On Windows every name ends in .exe.
func serveProgramNames(exe, goos string) []string {
	ext := ""
	if goos == "windows" {
		ext = ".exe"
		if n := len(exe) - len(ext); n >= 0 && strings.EqualFold(exe[n:], ext) {
			exe = exe[:n]
		}
	}
	names := []string{serveProgram + ext}
	if tail, ok := strings.CutPrefix(exe, "kartograf"); ok && tail != "" && !strings.HasPrefix(tail, "-") {
		names = append([]string{serveProgram + tail + ext}, names...)
	}
	return names
}

// noServeProgram is the message of a kartograf without kartograf-serve:
// what the user can do to get the service.
func noServeProgram() string {
	where := "рядом с kartograf"
	if exe, err := os.Executable(); err == nil {
		where += " (" + filepath.Dir(exe) + ")"
	}
	return "serve: HTTP-сервис — отдельная программа " + serveProgram + ", а её нет ни " + where + ", ни в PATH.\n" +
		"Что можно сделать:\n" +
		"  запустить из исходного кода: go run ./cmd/kartograf-serve [ФЛАГИ]\n" +
		"  установить рядом с kartograf: go install github.com/kartograf-ru/kartograf/cmd/kartograf-serve@latest\n" +
		"  из выпуска: положить файл kartograf-serve_ВЕРСИЯ_ОС_АРХ рядом с kartograf;\n" +
		"  в контейнере: образ сам запускает /kartograf-serve.\n" +
		"Флаги у kartograf-serve те же, что у kartograf serve (kartograf serve -h).\n"
}

// runServeProgram runs kartograf-serve as a child where the process cannot
// be replaced (Windows; tests): it passes SIGINT and SIGTERM on, stops it
// when the context ends, and returns its exit code.
func (c *cli) runServeProgram(path string, args []string) int {
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c.stdin, c.stdout, c.stderr
	// Registered before Start, so that no signal falls between.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(c.stderr, "serve: не удалось запустить %s: %v\n", path, russianOS(err))
		return exitFail
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	ctxDone := c.ctx.Done()
	for {
		select {
		case s := <-sigs:
			// Windows cannot send os.Interrupt to another process; there
			// the console's Ctrl+C reaches the child by itself.
			_ = cmd.Process.Signal(s)
		case <-ctxDone:
			ctxDone = nil
			stopChild(cmd.Process)
		case err := <-done:
			return c.childExitCode(err)
		}
	}
}

// stopChild asks the child to stop as SIGTERM does; where there is no
// SIGTERM to send (Windows), it ends it.
func stopChild(p *os.Process) {
	if err := p.Signal(syscall.SIGTERM); err != nil {
		_ = p.Kill()
	}
}

// childExitCode is the child's exit code; a child ended by a signal is a
// failure (1).
func (c *cli) childExitCode(err error) int {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		if code := ee.ExitCode(); code >= 0 {
			return code
		}
		return exitFail
	}
	fmt.Fprintf(c.stderr, "serve: %v\n", err)
	return exitFail
}
