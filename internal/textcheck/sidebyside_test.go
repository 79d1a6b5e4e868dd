package textcheck

import (
	"slices"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Left and right stamps alternate unit by unit; the rest keeps
// DocumentText's order.
func TestSideBySideUnits(t *testing.T) {
	d := &document.Document{
		Organization: document.Organization{FullName: "МКОУ СОШ"},
		Title:        "ДОРОЖНАЯ КАРТА",
		Approvals: []document.Approval{
			{Kind: document.ApprovalApprove, Title: "Утверждаю", Position: "директор", Name: "М.В. Багова"},
			{Kind: document.ApprovalAgree, Title: "Согласована", Basis: "Протокол №1"},
		},
		Body: []document.Block{{Paragraph: &document.Paragraph{Text: "Текст."}}},
	}
	got := SideBySideUnits(d, nil)
	full := Units(DocumentText(d, nil))
	if len(got) != len(full) {
		t.Fatalf("%d units, want %d: %q", len(got), len(full), got)
	}
	left := Units(DocumentText(&document.Document{Approvals: d.Approvals[1:]}, nil))
	right := Units(DocumentText(&document.Document{Approvals: d.Approvals[:1]}, nil))
	want := []string{"МКОУ СОШ"}
	for i := range max(len(left), len(right)) {
		if i < len(left) {
			want = append(want, left[i])
		}
		if i < len(right) {
			want = append(want, right[i])
		}
	}
	want = append(want, "ДОРОЖНАЯ КАРТА", "Текст.")
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
