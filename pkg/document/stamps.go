package document

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of a stamp written line by line. A real stamp has three to seven
// lines of at most a hundred characters («на заседании педагогического
// совета МБОУ «СОШ № 3» г. …»); the limits leave room for that twice over
// and keep a stamp within its half of the first page.
const (
	MaxStampLines    = 12
	MaxStampLineRune = 200
)

// stampLines checks a stamp's lines as written and what they exclude: with
// lines the stamp prints its heading and the lines only, so a composed
// field beside them would be dropped — validation says so instead.
func (v *validator) stampLines(path string, a Approval) {
	if a.Heading != nil && !*a.Heading && a.Title != "" {
		v.add(path+".heading", "heading: false убирает заголовок грифа, а title «%s» задан: оставьте одно из двух", a.Title)
	}
	if !a.HasHeading() && len(a.Lines) == 0 && a.Position == "" && a.Issuer == "" && a.Name == "" && a.Reference() == "" {
		v.add(path, "гриф без заголовка (heading: false) и без строк ничего не печатает: добавьте lines")
	}
	if len(a.Lines) == 0 {
		if a.Lines != nil {
			v.add(path+".lines", "не может быть пустым: уберите lines или напишите строки грифа")
		}
		return
	}
	for _, f := range [...]struct{ name, value string }{
		{"position", a.Position}, {"issuer", a.Issuer}, {"name", a.Name},
		{"date", a.Date}, {"number", a.Number}, {"basis", a.Basis},
	} {
		if f.value != "" {
			v.add(path+"."+f.name, "при заданных lines гриф печатает только заголовок и строки lines, «%s» не будет напечатано: перенесите его в lines", f.value)
		}
	}
	if a.SignatureLine != nil {
		v.add(path+".signature_line", "при заданных lines подчёркивания для подписи пишутся в самой строке («_____________ И.О. Фамилия»): уберите signature_line")
	}
	if len(a.Lines) > MaxStampLines {
		v.add(path+".lines", "в грифе %d строк, допустимо не больше %d", len(a.Lines), MaxStampLines)
	}
	for i, s := range a.Lines {
		p := path + ".lines[" + strconv.Itoa(i) + "]"
		switch {
		case strings.TrimSpace(s) == "":
			v.add(p, "пустая строка грифа: удалите её или напишите текст")
			continue
		case strings.ContainsAny(s, "\r\n"):
			v.add(p, "строка грифа не может содержать перевод строки: разбейте её на несколько строк lines")
		case utf8.RuneCountInString(s) > MaxStampLineRune:
			v.add(p, "строка грифа длиннее %d символов: разбейте её на несколько строк lines", MaxStampLineRune)
		}
		v.text(p, s)
		if msg := invalidDatesProblem(s); msg != "" {
			v.add(p, "%s", msg)
		}
	}
}
