package cli

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// osErr is an error whose English OS part was rewritten in Russian; it
// still unwraps to the original, so errors.Is(err, fs.ErrNotExist) holds.
type osErr struct {
	msg string
	err error
}

func (e *osErr) Error() string { return e.msg }
func (e *osErr) Unwrap() error { return e.err }

// russianOS rewrites the *fs.PathError or *os.LinkError inside err
// («open x.json: no such file or directory») as a Russian sentence with
// the path («файл «x.json» не найден»), keeping whatever context the
// callers added around it. Other errors are returned unchanged.
func russianOS(err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	var le *os.LinkError
	var part, ru string
	switch {
	case errors.As(err, &pe):
		part, ru = pe.Error(), pathMessage(pe.Op, pe.Path, pe.Err)
	case errors.As(err, &le):
		part, ru = le.Error(), pathMessage("rename", le.New, le.Err)
	default:
		return err
	}
	msg := err.Error()
	if strings.Contains(msg, part) {
		msg = strings.Replace(msg, part, ru, 1)
	} else {
		msg = ru + ": " + msg
	}
	return &osErr{msg: msg, err: err}
}

func pathMessage(op, path string, err error) string {
	noun := "файл"
	switch op {
	case "mkdir", "readdirent", "readdir", "opendir":
		noun = "каталог"
	case "createtemp":
		// os.CreateTemp names its pattern; the user gave the directory.
		noun, path = "каталог", filepath.Dir(path)
	}
	q := "«" + path + "»"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return noun + " " + q + " не найден"
	case errors.Is(err, fs.ErrPermission):
		if noun == "каталог" {
			return "нет доступа к каталогу " + q
		}
		return "нет доступа к файлу " + q
	case errors.Is(err, syscall.EISDIR):
		return q + " — каталог, а нужен файл"
	case errors.Is(err, syscall.ENOTDIR):
		return q + ": часть пути — файл, а не каталог"
	case errors.Is(err, syscall.ENOSPC):
		return "нет места на диске для " + q
	case errors.Is(err, syscall.EROFS):
		return q + " на диске только для чтения"
	case errors.Is(err, fs.ErrExist):
		return noun + " " + q + " уже существует"
	}
	return noun + " " + q + ": " + err.Error()
}
