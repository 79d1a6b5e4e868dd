package rollover

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// Change is one string the roll changed. Path is a JSON path in the
// document («title», «period.academic_year», «approvals[1].basis»,
// «body[2].plan.sections[0].items[3].deadline»); a cleared field has an
// empty After.
type Change struct {
	Path   string `json:"path"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Kept is a year the roll found and left alone. Text is a short excerpt
// around it, Year the year or range as written, Why the reason in Russian.
type Kept struct {
	Path string `json:"path"`
	Text string `json:"text"`
	Year string `json:"year"`
	Why  string `json:"why"`
}

// Report describes a roll: from and to («2023-2024», «2024-2025», or
// calendar years), the shift in years, and the changes and kept years in
// document order.
type Report struct {
	From    string   `json:"from"`
	To      string   `json:"to"`
	Shift   int      `json:"shift"`
	Changes []Change `json:"changes"`
	Kept    []Kept   `json:"kept"`
}

// WriteText writes the report for a person, in Russian:
//
//	Перенос с 2023-2024 на 2024-2025 (+1 год)
//	Изменено (N):
//	  path: «before» → «after»
//	Оставлено без изменений (M):
//	  path: «excerpt» — why
//
// Line breaks inside values are shown as spaces.
func (r *Report) WriteText(w io.Writer) error {
	if r == nil {
		return errors.New("отчёт о переносе не задан")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Перенос с %s на %s (%s)\n", r.From, r.To, r.ShiftText())
	fmt.Fprintf(&b, "Изменено (%d):\n", len(r.Changes))
	for _, c := range r.Changes {
		fmt.Fprintf(&b, "  %s: «%s» → «%s»\n", c.Path, oneLine(c.Before), oneLine(c.After))
	}
	fmt.Fprintf(&b, "Оставлено без изменений (%d):\n", len(r.Kept))
	for _, k := range r.Kept {
		fmt.Fprintf(&b, "  %s: «%s» — %s\n", k.Path, k.Text, k.Why)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ShiftText is the shift as a person reads it: «+1 год», «+4 года», «+5 лет».
func (r *Report) ShiftText() string {
	return fmt.Sprintf("%+d %s", r.Shift, yearsWord(r.Shift))
}

// yearsWord is «год», «года» or «лет» agreeing with n.
func yearsWord(n int) string { return typo.Plural(n, "год", "года", "лет") }
