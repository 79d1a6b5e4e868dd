package pdf

import (
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// markLine is one line of the signature mark's frame.
type markLine struct {
	style int
	text  string
}

// markLines composes the mark's text from the certificate's fields. The
// view carries those fields as the certificate has them (the mark is not
// the document's text), so the composed lines are typographed here, once
// per render, before the layout: an owner «Иванов И.И.» gets its no-break
// space as every name in the document does.
func markLines(m *view.Mark) []markLine {
	return []markLine{
		{bold, "ДОКУМЕНТ ПОДПИСАН"},
		{bold, "ЭЛЕКТРОННОЙ ПОДПИСЬЮ"},
		{regular, typo.Typograph("Сертификат " + m.Certificate)},
		{regular, typo.Typograph("Владелец " + m.Owner)},
		{regular, typo.Typograph("Действителен с " + m.ValidFrom + " по " + m.ValidTo)},
	}
}
