package templates

import (
	"slices"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

var testLabels = Labels{Approve: "УТВЕРЖДАЮ", ByOrder: "УТВЕРЖДЕНА", Agree: "СОГЛАСОВАНО", Reviewed: "РАССМОТРЕНО", Seal: "М.П.", Order: "приказом"}

// A stamp's own lines print as written, in order, after its heading; the
// heading and the signature underscores go only when the stamp says so.
func TestStampLinesAsWritten(t *testing.T) {
	no := false
	for _, c := range []struct {
		name string
		a    document.Approval
		want []string
	}{
		{"lines after the kind's label", document.Approval{Kind: document.ApprovalReviewed, Lines: []string{"на заседании педагогического совета", "Протокол № 1 от 30.08.2023г."}},
			[]string{"РАССМОТРЕНО", "на заседании педагогического совета", "Протокол № 1 от 30.08.2023г."}},
		{"lines after the title, «М.п.» where it stands", document.Approval{Kind: document.ApprovalApprove, Title: "Утверждаю:", Lines: []string{"Директор МБОУ «СОШ № 3»", "_____________ М.В. Малахинова", "«24» декабря 2015 г.", "М.п."}},
			[]string{"Утверждаю:", "Директор МБОУ «СОШ № 3»", "_____________ М.В. Малахинова", "«24» декабря 2015 г.", "М.п."}},
		{"no heading", document.Approval{Kind: document.ApprovalAgree, Heading: &no, Lines: []string{"Принято на заседании Управляющего совета", `протокол от "15" мая 2023 года № 4`}},
			[]string{"Принято на заседании Управляющего совета", `протокол от "15" мая 2023 года № 4`}},
		{"composed, no underscores", document.Approval{Kind: document.ApprovalApprove, Position: "Директор", Name: "М.В. Малахинова", Date: "«24» декабря 2015 г.", SignatureLine: &no},
			[]string{"УТВЕРЖДАЮ", "Директор", "М.В. Малахинова", "«24» декабря 2015 г."}},
		{"composed as before", document.Approval{Kind: document.ApprovalApprove, Position: "Директор", Name: "М.В. Малахинова", Date: "30.08.2023", Number: "1"},
			[]string{"УТВЕРЖДАЮ", "Директор", "____________ М.В. Малахинова", "от 30.08.2023 № 1"}},
	} {
		if got := testLabels.StampLines(c.a); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
