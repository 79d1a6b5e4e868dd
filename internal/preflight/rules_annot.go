package preflight

import (
	"fmt"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Annotation and form rules, ISO 19005-2 clauses 6.3 and 6.4, numbered as
// in the veraPDF profile PDFA-2U.xml: 6.3.2-1/2 (the F key and its
// flags), 6.3.3-1/2/4 (an appearance stream, only N), 6.4.1-3 (no
// NeedAppearances). The signature widget is an annotation like any other.

const (
	clauseAnnotFlags = "6.3.2"
	clauseAnnotAP    = "6.3.3"
	clauseForms      = "6.4.1"
)

// Annotation flag bits, ISO 32000-1 Table 165.
const (
	flagInvisible    = 1
	flagHidden       = 2
	flagPrint        = 4
	flagNoView       = 32
	flagToggleNoView = 256
)

// annotations calls fn with every annotation of every page.
func (f *file) annotations(fn func(num int, a types.Dict)) {
	f.pages(func(_ int, page types.Dict) {
		arr, _ := f.deref(page["Annots"]).(types.Array)
		for _, o := range arr {
			if d := f.dict(o); d != nil {
				fn(refNum(o), d)
			}
		}
	})
}

// checkAnnotationFlags: every annotation but a Popup has F, with Print set
// and Invisible, Hidden, NoView and ToggleNoView clear, so that the
// archived page prints as it shows (6.3.2-1, 6.3.2-2).
func checkAnnotationFlags(f *file) []Violation {
	var vs []Violation
	f.annotations(func(num int, a types.Dict) {
		st := f.name(a["Subtype"])
		if st == "Popup" {
			return
		}
		fl, ok := f.deref(a["F"]).(types.Integer)
		if !ok {
			vs = append(vs, Violation{Clause: clauseAnnotFlags, Object: num,
				Message: fmt.Sprintf("у аннотации %s нет флагов F (нужен флаг «печатать»)", st)})
			return
		}
		v := fl.Value()
		if v&flagPrint == 0 || v&(flagInvisible|flagHidden|flagNoView|flagToggleNoView) != 0 {
			vs = append(vs, Violation{Clause: clauseAnnotFlags, Object: num,
				Message: fmt.Sprintf("флаги F=%d аннотации %s: нужен флаг «печатать» и не нужны «скрыта», «невидима», «не показывать»", v, st)})
		}
	})
	return vs
}

// checkAnnotationAppearance: every annotation but a Popup, a Link or one
// of zero size has an appearance dictionary with only the N key, whose
// value is a stream (a dictionary of states only for a button widget)
// (6.3.3-1, 6.3.3-2, 6.3.3-4).
func checkAnnotationAppearance(f *file) []Violation {
	var vs []Violation
	f.annotations(func(num int, a types.Dict) {
		st := f.name(a["Subtype"])
		if st == "Popup" || st == "Link" || zeroRect(f, a["Rect"]) {
			return
		}
		ap := f.dict(a["AP"])
		if ap == nil {
			vs = append(vs, Violation{Clause: clauseAnnotAP, Object: num,
				Message: fmt.Sprintf("у аннотации %s нет потока внешнего вида AP", st)})
			return
		}
		for k := range ap {
			if k != "N" {
				vs = append(vs, Violation{Clause: clauseAnnotAP, Object: num,
					Message: fmt.Sprintf("в словаре внешнего вида AP аннотации %s есть ключ %s; допустим только N", st, k)})
			}
		}
		button := st == "Widget" && f.name(inherited(f, a, "FT")) == "Btn"
		if _, isStream := f.deref(ap["N"]).(types.StreamDict); !isStream && !button {
			vs = append(vs, Violation{Clause: clauseAnnotAP, Object: num,
				Message: fmt.Sprintf("внешний вид N аннотации %s — не поток", st)})
		}
	})
	return vs
}

// inherited finds key on a field or its ancestors through Parent, as
// ISO 32000-1, 12.7.3.1 lets field attributes be inherited.
func inherited(f *file, d types.Dict, key string) types.Object {
	for range 32 {
		if d == nil {
			return nil
		}
		if v, ok := d[key]; ok {
			return v
		}
		d = f.dict(d["Parent"])
	}
	return nil
}

// zeroRect reports a Rect of zero width and height, which 6.3.3 exempts.
func zeroRect(f *file, o types.Object) bool {
	arr, _ := f.deref(o).(types.Array)
	if len(arr) != 4 {
		return false
	}
	n := make([]float64, 4)
	for i, x := range arr {
		v, err := f.ctx.DereferenceNumber(x)
		if err != nil {
			return false
		}
		n[i] = v
	}
	return n[0] == n[2] && n[1] == n[3]
}

// checkNeedAppearances: the interactive form does not ask the reader to
// draw field appearances itself (6.4.1-3): the archived look must be the
// one stored.
func checkNeedAppearances(f *file) []Violation {
	cat := f.catalog()
	if cat == nil {
		return nil
	}
	form := f.dict(cat["AcroForm"])
	if form == nil {
		return nil
	}
	if b, ok := f.deref(form["NeedAppearances"]).(types.Boolean); ok && b.Value() {
		return []Violation{{Clause: clauseForms, Object: refNum(cat["AcroForm"]),
			Message: "в словаре формы AcroForm NeedAppearances = true"}}
	}
	return nil
}
