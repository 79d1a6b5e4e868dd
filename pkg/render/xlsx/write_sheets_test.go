package xlsx

// Checks of each sheet the writer makes, used by TestWriteDocuments.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/typo"
	"github.com/kartograf-ru/kartograf/templates"
)

func writeCheckPlan(t *testing.T, f *excelize.File, data []byte, d *document.Document, v *templates.Version, reg *typo.Measurer) {
	t.Helper()
	plan := writeFirstPlan(d)
	cols := plan.Columns
	if len(cols) == 0 {
		cols = v.Manifest.Plan.Columns
	}
	nPlan := len(cols)
	statusCol, noteCol, keyCol := nPlan+1, nPlan+2, nPlan+3
	rows, err := f.GetRows(SheetPlan)
	if err != nil {
		t.Fatal(err)
	}
	at := func(r, c int) string { // 1-based
		if r-1 < len(rows) && c-1 < len(rows[r-1]) {
			return rows[r-1][c-1]
		}
		return ""
	}
	header := 0
	for r := 1; r <= len(rows); r++ {
		if at(r, keyCol) == ColKey {
			header = r
			break
		}
	}
	if header == 0 {
		t.Fatal("no header row")
	}
	var wantHdr []string
	for _, c := range cols {
		wantHdr = append(wantHdr, typo.Typograph(c.Title))
	}
	wantHdr = append(wantHdr, ColStatus, ColNote, ColKey)
	if got := rows[header-1]; !slices.Equal(got, wantHdr) {
		t.Errorf("header row %d: %q, want %q", header, got, wantHdr)
	}
	for r := 1; r < header; r++ {
		if at(r, keyCol) != "" {
			t.Errorf("letterhead row %d has a key", r)
		}
	}

	// Frozen header, print titles, autofilter, hidden key column.
	groups := plan.Groups()
	rowsOfSections := 0 // sections that print a row
	for si := range groups {
		if plan.SectionRow(si) {
			rowsOfSections++
		}
	}
	last := header + rowsOfSections + plan.Measures()
	panes, err := f.GetPanes(SheetPlan)
	if err != nil || !panes.Freeze || panes.YSplit != header || panes.TopLeftCell != writeCell(1, header+1) {
		t.Errorf("panes %+v, %v", panes, err)
	}
	names := map[string]excelize.DefinedName{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Name] = dn
	}
	pt := names["_xlnm.Print_Titles"]
	if pt.Scope != SheetPlan || pt.RefersTo != fmt.Sprintf("'%s'!$%d:$%d", SheetPlan, header, header) {
		t.Errorf("print titles %+v", pt)
	}
	kc, _ := excelize.ColumnNumberToName(keyCol)
	fd := names["_xlnm._FilterDatabase"]
	if fd.RefersTo != fmt.Sprintf("'%s'!$A$%d:$%s$%d", SheetPlan, header, kc, last) {
		t.Errorf("autofilter %+v (last row %d)", fd, last)
	}
	if vis, err := f.GetColVisible(SheetPlan, kc); err != nil || vis {
		t.Errorf("key column %s visible=%v, %v", kc, vis, err)
	}
	for c := 1; c <= noteCol; c++ {
		n, _ := excelize.ColumnNumberToName(c)
		if vis, _ := f.GetColVisible(SheetPlan, n); !vis {
			t.Errorf("column %s hidden", n)
		}
	}

	// Status drop-down.
	dvs, err := f.GetDataValidations(SheetPlan)
	if err != nil || len(dvs) != 1 {
		t.Fatalf("data validations %v, %v", dvs, err)
	}
	sc, _ := excelize.ColumnNumberToName(statusCol)
	if dvs[0].Type != "list" || dvs[0].Formula1 != `"Не начато,В работе,Выполнено,Просрочено,Отменено"` ||
		dvs[0].Sqref != fmt.Sprintf("%s%d:%s%d", sc, header+1, sc, last) {
		t.Errorf("status validation %+v", *dvs[0])
	}

	merged := map[string]bool{}
	mcs, err := f.GetMergeCells(SheetPlan)
	if err != nil {
		t.Fatal(err)
	}
	for _, mc := range mcs {
		merged[mc.GetStartAxis()+":"+mc.GetEndAxis()] = true
	}

	// Rows: a section row per section, a measure row per measure.
	widths := make([]float64, nPlan+2)
	for c := range widths {
		n, _ := excelize.ColumnNumberToName(c + 1)
		if widths[c], err = f.GetColWidth(SheetPlan, n); err != nil {
			t.Fatal(err)
		}
	}
	// The plan's own columns fill the printed width (writeCheckPage checks
	// that the sheet stays within it): the monitoring columns, printed
	// only when a measure has a status or a note, take at most a quarter
	// of it (a third went to them, empty, before).
	pl, _ := f.GetPageLayout(SheetPlan)
	mg, _ := f.GetPageMargins(SheetPlan)
	page := 210.0
	if *pl.Orientation == "landscape" {
		page = 297
	}
	printable := page - (*mg.Left+*mg.Right)*25.4
	mm := func(ws []float64) float64 { return sum(ws) * 7 * 0.75 / 72 * 25.4 * float64(*pl.AdjustTo) / 100 }
	monitored := false
	for _, s := range plan.Groups() {
		for _, m := range s.Items {
			monitored = monitored || m.Status != "" || m.Note != ""
		}
	}
	// Printed, «Статус» is as wide as its longest word and «Отметка о
	// выполнении» takes 15 % of the width; the plan's columns the rest.
	share := 0.97
	if monitored {
		status, note := mm(widths[nPlan:nPlan+1]), mm(widths[nPlan+1:nPlan+2])
		if status > 25 || note > printable*0.16 {
			t.Errorf("monitoring columns print %.0f and %.0f mm wide of %.0f mm", status, note, printable)
		}
		share = 0.97 - (status+note)/printable
	}
	if own := mm(widths[:nPlan]); own < share*printable || (!monitored && own > printable+0.5) {
		t.Errorf("plan columns print %.0f mm wide of %.0f mm (monitored %v)", own, printable, monitored)
	}
	r := header + 1
	sections, measures, tall := 0, 0, 0
	for si, s := range groups {
		if plan.SectionRow(si) {
			if got := at(r, keyCol); got != "s"+strconv.Itoa(si) {
				t.Fatalf("row %d key %q, want s%d", r, got, si)
			}
			switch {
			case nPlan == 1:
				if want := SectionText(&view.Section{Number: plan.SectionNumber(si), Title: typo.Typograph(s.Title)}); at(r, 1) != want {
					t.Errorf("section row %d: %q, want %q", r, at(r, 1), want)
				}
			case at(r, 1) != plan.SectionNumber(si) || at(r, 2) != typo.Typograph(s.Title):
				t.Errorf("section row %d: %q %q", r, at(r, 1), at(r, 2))
			}
			if nPlan >= 3 && !merged[writeCell(2, r)+":"+writeCell(nPlan, r)] {
				t.Errorf("section row %d: title not merged over B:%s", r, writeCell(nPlan, r))
			}
			sections++
			r++
		}
		for ii, m := range s.Items {
			if got := at(r, keyCol); got != fmt.Sprintf("m%d.%d", si, ii) {
				t.Fatalf("row %d key %q, want m%d.%d", r, got, si, ii)
			}
			maxLines := 1
			for ci, c := range cols {
				want := CellText(view.TypographContent(m.Cells[c.Key]))
				if c.Key == document.NumberKey {
					want = plan.ItemNumber(si, ii)
				}
				if got := at(r, ci+1); got != want {
					t.Errorf("row %d column %s: %q, want %q", r, c.Key, got, want)
				}
				w := widths[ci]*7*0.75 - 2*cellPad
				maxLines = max(maxLines, len(typo.Wrap(reg, want, w)))
			}
			if at(r, statusCol) != m.Status.Label() || at(r, noteCol) != typo.Typograph(m.Note) {
				t.Errorf("row %d status %q note %q", r, at(r, statusCol), at(r, noteCol))
			}
			ht, err := f.GetRowHeight(SheetPlan, r)
			if err != nil {
				t.Fatal(err)
			}
			if ht < float64(min(maxLines, 32))*12 {
				t.Errorf("row %d: height %.2f pt for %d lines", r, ht, maxLines)
			}
			if maxLines > 1 {
				tall++
			}
			measures++
			r++
		}
	}
	if sections != rowsOfSections || measures != plan.Measures() {
		t.Errorf("%d section rows and %d measures, want %d and %d", sections, measures, rowsOfSections, plan.Measures())
	}
	if tall == 0 {
		t.Error("no measure wraps: the height check proves nothing")
	}
	if r <= len(rows) {
		t.Errorf("rows after the plan: %q", rows[r-1:])
	}

	writeCheckSummary(t, f, data, plan, keyCol, statusCol)
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

func writeCheckSummary(t *testing.T, f *excelize.File, data []byte, plan *document.Plan, keyCol, statusCol int) {
	t.Helper()
	labels := append(statusLabels(), "Без статуса", "Всего")
	for i, want := range append([]string{"№", "Раздел"}, labels...) {
		if got, _ := f.GetCellValue(SheetSummary, writeCell(i+1, 1)); got != want {
			t.Errorf("summary header %d: %q, want %q", i+1, got, want)
		}
	}
	kc, _ := excelize.ColumnNumberToName(keyCol)
	sc, _ := excelize.ColumnNumberToName(statusCol)
	totals := make([]int, len(labels))
	for si, s := range plan.Groups() {
		r := si + 2
		if got, _ := f.GetCellValue(SheetSummary, writeCell(2, r)); got != typo.Typograph(s.Title) {
			t.Errorf("summary row %d: %q", r, got)
		}
		counts := make([]int, len(labels))
		for _, m := range s.Items {
			k := slices.Index(document.Statuses(), m.Status)
			if k < 0 {
				k = len(labels) - 2
			}
			counts[k]++
		}
		counts[len(labels)-1] = len(s.Items)
		for k, want := range counts {
			c := writeCell(3+k, r)
			formula, err := f.GetCellFormula(SheetSummary, c)
			if err != nil || formula == "" {
				t.Fatalf("%s: no formula (%v)", c, err)
			}
			switch {
			case k < len(labels)-2:
				wantF := fmt.Sprintf(`COUNTIFS('%s'!$%s:$%s,"m%d.*",'%s'!$%s:$%s,"%s")`, SheetPlan, kc, kc, si, SheetPlan, sc, sc, labels[k])
				if formula != wantF {
					t.Errorf("%s: %s, want %s", c, formula, wantF)
				}
			case k == len(labels)-1:
				if !strings.HasPrefix(formula, "COUNTIFS(") || !strings.Contains(formula, fmt.Sprintf(`"m%d.*"`, si)) {
					t.Errorf("%s: %s", c, formula)
				}
			}
			if got, _ := f.GetCellValue(SheetSummary, c); got != strconv.Itoa(want) {
				t.Errorf("%s cached %q, want %d", c, got, want)
			}
			if typ, _ := f.GetCellType(SheetSummary, c); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s cached value has type %v, want a number", c, typ)
			}
			totals[k] += want
		}
	}
	r := len(plan.Groups()) + 2
	for k, want := range totals {
		c := writeCell(3+k, r)
		if fm, _ := f.GetCellFormula(SheetSummary, c); !strings.HasPrefix(fm, "SUM(") {
			t.Errorf("%s: total formula %q", c, fm)
		}
		if got, _ := f.GetCellValue(SheetSummary, c); got != strconv.Itoa(want) {
			t.Errorf("%s total %q, want %d", c, got, want)
		}
	}
	chart, ok := writePart(t, data, "xl/charts/chart1.xml")
	if !ok || !strings.Contains(chart, "<barChart>") || !strings.Contains(chart, `<barDir val="bar">`) || !strings.Contains(chart, `<grouping val="clustered">`) {
		t.Errorf("no clustered bar chart")
	}
	if n := strings.Count(chart, "<ser>"); n != len(labels)-1 {
		t.Errorf("chart has %d series, want %d", n, len(labels)-1)
	}
}

func writeCheckPassport(t *testing.T, f *excelize.File, d *document.Document) {
	t.Helper()
	rows, err := f.GetRows(SheetPassport)
	if err != nil {
		t.Fatal(err)
	}
	var want [][]string
	for _, b := range d.Body {
		if b.Passport != nil {
			for _, r := range b.Passport.Rows {
				want = append(want, []string{typo.Typograph(r.Label), CellText(view.TypographContent(r.Value))})
			}
		}
	}
	// The letterhead comes first when the passport sheet opens the
	// printed workbook (the body starts with the passport); otherwise it
	// is on the sheet that does, and the passport sheet holds the rows.
	head := len(rows) - len(want)
	first := d.Organization.FullName
	if d.Organization.Parent != "" {
		first = d.Organization.Parent // the founder stands above the name
	}
	opens := f.GetSheetList()[0] == SheetPassport
	switch {
	case opens && (head < 2 || len(rows[0]) == 0 || d.LetterheadShown() && d.Appendix == nil && rows[0][0] != typo.Typograph(first)):
		t.Fatalf("passport sheet: %d rows for %d passport rows; it must start with the letterhead (%q)", len(rows), len(want), rows[0])
	case head < 0:
		t.Fatalf("passport sheet: %d rows for %d passport rows", len(rows), len(want))
	}
	for i := range want {
		r := head + i
		if !slices.Equal(rows[r], want[i]) {
			t.Errorf("passport row %d: %q, want %q", r+1, rows[r], want[i])
		}
		if ht, _ := f.GetRowHeight(SheetPassport, r+1); strings.Count(want[i][1], "\n") > 0 && ht < float64(strings.Count(want[i][1], "\n")+1)*11 {
			t.Errorf("passport row %d: height %.1f", r+1, ht)
		}
	}
}

func writeCheckText(t *testing.T, f *excelize.File, d *document.Document) {
	t.Helper()
	// The narrative is on «Текст» and its further sheets.
	var all strings.Builder
	for i := 0; slices.Contains(f.GetSheetList(), TextSheet(i)); i++ {
		rows, err := f.GetRows(TextSheet(i))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			all.WriteString(strings.Join(r, "\n"))
			all.WriteByte('\n')
		}
	}
	text := all.String()
	for i, b := range d.Body {
		switch {
		case b.Heading != nil && i+1 < len(d.Body) && d.Body[i+1].Plan != nil:
			// The plan's caption prints above the plan, on its sheet.
		case b.Heading != nil && !strings.Contains(text, typo.Typograph(b.Heading.Text)):
			t.Errorf("heading %q missing", b.Heading.Text)
		case b.Paragraph != nil && len(b.Paragraph.Text) < 2000 && !strings.Contains(text, typo.Typograph(b.Paragraph.Text)):
			t.Errorf("paragraph %.40q missing", b.Paragraph.Text)
		case b.Signature != nil && !strings.Contains(text, typo.Typograph(b.Signature.Name)):
			t.Errorf("signature %q missing", b.Signature.Name)
		case b.Table != nil:
			for _, c := range b.Table.Columns {
				// A table without a header prints no titles at all.
				if has := strings.Contains(text, typo.Typograph(c.HeaderTitle())); has != b.Table.HasHeader() {
					t.Errorf("table column %q printed %v, header %v", c.HeaderTitle(), has, b.Table.HasHeader())
				}
			}
		}
	}
}
