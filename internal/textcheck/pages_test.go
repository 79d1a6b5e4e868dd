package textcheck

import (
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

func TestPlanHeaderOnEveryPage(t *testing.T) {
	plan := &document.Plan{Sections: []document.Section{
		{Title: "ОРГАНИЗАЦИЯ", Items: []document.Measure{{Cells: map[string]document.Content{"title": document.Text("Приказ о группе")}}}},
		{Title: "МЕТОДИКА", Items: []document.Measure{{Cells: map[string]document.Content{"title": document.Text("Семинар для учителей")}}}},
	}}
	cols := []document.Column{{Key: "number", Title: "№"}, {Key: "title", Title: "Мероприятие"}, {Key: "deadline", Title: "Срок исполнения"}}
	header := "№ Мероприятие Срок исполнения\n"
	good := header + "1. ОРГАНИЗАЦИЯ\n1.1 Приказ о группе\f2\n" + header + "2. МЕТОДИКА\n2.1 Семинар для учителей\n"
	if first, last, err := PlanHeaderOnEveryPage(plan, cols, good); err != nil || first != 1 || last != 2 {
		t.Errorf("good: %d..%d %v", first, last, err)
	}
	bad := strings.Replace(good, "\f2\n"+header, "\f2\n", 1)
	if _, _, err := PlanHeaderOnEveryPage(plan, cols, bad); err == nil || !strings.Contains(err.Error(), "page 2") {
		t.Errorf("a page without the header passed: %v", err)
	}
	onePage := strings.Replace(good, "\f", "\n", 1)
	if _, _, err := PlanHeaderOnEveryPage(plan, cols, onePage); err == nil {
		t.Error("a plan on one page passed")
	}
}
