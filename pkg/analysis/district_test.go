package analysis_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/marks"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/batch"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/registry"
)

// seedPassed are the measures of seed 001 whose deadline, judged by hand,
// has passed at 15.03.2024 («Февраль 2024г.», «Май 2023г.» … «Октябрь
// 2023»); «на протяжении года», «Март», «Июнь 2024г.» … have not.
var seedPassed = map[string]bool{
	"1.1": true, "1.2": true, "1.3": true, "1.4": true, "1.5": true, "1.6": true, "1.7": true,
	"1.11": true, "1.12": true, "2.5": true,
}

// districtCycle is the statuses a school sets, in turn, on its measures.
var districtCycle = []document.Status{"", "done", "in_progress", "not_started", "overdue", "cancelled", "done"}

// schoolStatus is the status school i (0-based) sets on its k-th measure:
// school 0 marks everything done, school 1 nothing, the others a mix.
func schoolStatus(i, k int) document.Status {
	switch i {
	case 0:
		return document.StatusDone
	case 1:
		return document.StatusNone
	}
	// A hash, not a linear cycle: 28 measures would take every status of
	// a 7-cycle equally often, and every school would look alike.
	x := uint32(i)*2654435761 ^ uint32(k)*40503
	x ^= x >> 13
	x *= 0x5bd1e995
	x ^= x >> 15
	return districtCycle[x%uint32(len(districtCycle))]
}

// counted is the status the test expects counted for a mark on a measure
// whose deadline has or has not passed.
func counted(s document.Status, passed bool) document.Status {
	switch s {
	case document.StatusDone, document.StatusCancelled, document.StatusOverdue:
		return s
	}
	if passed {
		return document.StatusOverdue
	}
	return s
}

// handSchool is the test's own count of one school: total, done,
// overdue, cancelled and the rest by status.
type handSchool struct {
	name                                                      string
	total, done, overdue, cancelled, inWork, notStarted, none int
}

// districtFixture generates n schools' workbooks from seed 001 with
// pkg/batch, sets every school's marks in its workbook with excelize as a
// school would, and breaks the last workbook when broken is set. It
// returns the folder and the hand counts of the readable schools.
func districtFixture(t testing.TB, n int, broken bool) (string, []handSchool) {
	t.Helper()
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base := seedPlan(t)
	// The seed's own marks are cleared: each school sets its own.
	var numbers []string
	for _, b := range base.Body {
		if b.Plan == nil {
			continue
		}
		for si := range b.Plan.Sections {
			for ii := range b.Plan.Sections[si].Items {
				m := &b.Plan.Sections[si].Items[ii]
				m.Status, m.Note = "", ""
				numbers = append(numbers, b.Plan.ItemNumber(si, ii))
			}
		}
	}
	var schools []registry.School
	for i := range n {
		schools = append(schools, registry.School{
			ID: fmt.Sprintf("s%04d", i+1), ShortName: fmt.Sprintf("МКОУ СОШ № %d", i+1),
			FullName: fmt.Sprintf("Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа № %d»", i+1),
			District: "Баксанский муниципальный район", Director: "А.Х. Жилов", Row: i + 2,
		})
	}
	dir := t.TempDir()
	sum, err := batch.Run(context.Background(), batch.Job{Engine: eng, Base: base, Schools: schools,
		Formats: []kartograf.Format{kartograf.XLSX}, Out: dir})
	if err != nil || sum.Failed > 0 {
		t.Fatalf("batch: %v %+v", err, sum)
	}
	var hand []handSchool
	for i, s := range schools {
		path := filepath.Join(dir, s.ID+".xlsx")
		h := handSchool{name: s.ShortName}
		measures := marks.Set(t, path, func(_ int, key string) document.Status {
			var si, ii int
			if _, err := fmt.Sscanf(key, "m%d.%d", &si, &ii); err != nil {
				t.Fatal(err)
			}
			k := measureIndex(base, si, ii)
			st := schoolStatus(i, k)
			h.total++
			switch counted(st, seedPassed[numbers[k]]) {
			case document.StatusDone:
				h.done++
			case document.StatusOverdue:
				h.overdue++
			case document.StatusCancelled:
				h.cancelled++
			case document.StatusInProgress:
				h.inWork++
			case document.StatusNotStarted:
				h.notStarted++
			default:
				h.none++
			}
			return st
		})
		if measures != len(numbers) {
			t.Fatalf("%s: %d measures marked, want %d", path, measures, len(numbers))
		}
		if broken && i == n-1 {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data[:len(data)/2], 0o600); err != nil {
				t.Fatal(err)
			}
			continue
		}
		hand = append(hand, h)
	}
	return dir, hand
}

// measureIndex is the index of measure ii of section si among all the
// plan's measures, in plan order.
func measureIndex(base *document.Document, si, ii int) int {
	for _, b := range base.Body {
		if b.Plan == nil {
			continue
		}
		k := 0
		for s := range si {
			k += len(b.Plan.Sections[s].Items)
		}
		return k + ii
	}
	return -1
}

func handTotal(hs []handSchool) handSchool {
	t := handSchool{name: "Итого"}
	for _, h := range hs {
		t.total += h.total
		t.done += h.done
		t.overdue += h.overdue
		t.cancelled += h.cancelled
		t.inWork += h.inWork
		t.notStarted += h.notStarted
		t.none += h.none
	}
	return t
}

// share is the test's own percentage with a decimal comma, no sign.
func share(part, whole int) string {
	return strings.Replace(strconv.FormatFloat(float64(part)*100/float64(whole)+1e-9, 'f', 1, 64), ".", ",", 1)
}

// group is an integer with no-break spaces between digit groups.
func group(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "\u00a0" + s[i:]
	}
	return s
}

func TestDistrictRollUp(t *testing.T) {
	dir, hand := districtFixture(t, 40, true)
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A stray PDF and the batch index are passed over, not taken for schools.
	if err := os.WriteFile(filepath.Join(dir, "s0001.pdf"), []byte("%PDF"), 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := analysis.ReadDistrict(context.Background(), eng, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Schools) != 40 {
		t.Fatalf("%d schools read, want 40 (ignored %v)", len(in.Schools), in.Ignored)
	}
	if !slices.ContainsFunc(in.Ignored, func(s string) bool { return strings.HasPrefix(s, "s0001.pdf") }) {
		t.Errorf("the stray PDF is not among the ignored files: %v", in.Ignored)
	}
	bad := in.Schools[39]
	if bad.Plan != nil || bad.Problem == "" || bad.Source != "s0040.xlsx" {
		t.Fatalf("the broken workbook: %+v", bad)
	}
	sig := &document.Signature{Position: "Директор ИМЦ", Name: "Л.П. Шидукова"}
	doc, err := analysis.District(in.Schools, analysis.DistrictOptions{
		Options: analysis.Options{Date: seedDate, Signature: sig,
			Tasks: []document.Block{{Paragraph: &document.Paragraph{Text: "Провести выездные проверки."}}}},
		Organization: &document.Organization{FullName: "Управление образования местной администрации Баксанского муниципального района"},
		Target:       50,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Validate(doc, ""); err != nil {
		t.Fatalf("the district analysis is not a valid document: %v", err)
	}
	total := handTotal(hand)
	var paras, items []string
	var tables []*document.Table
	var charts []*document.Chart
	for _, b := range doc.Body {
		switch {
		case b.Paragraph != nil:
			paras = append(paras, b.Paragraph.Text)
		case b.Table != nil:
			tables = append(tables, b.Table)
		case b.Chart != nil:
			charts = append(charts, b.Chart)
		case b.List != nil:
			for _, it := range b.List.Items {
				items = append(items, it.Text)
			}
		}
	}
	overdueSchools, reached := 0, 0
	for _, h := range hand {
		if h.overdue > 0 {
			overdueSchools++
		}
		if float64(h.done)*100/float64(h.total) >= 50 {
			reached++
		}
	}
	facts := []string{
		fmt.Sprintf("По состоянию на 15.03.2024 в районе 40 школ; по данным 39 школ выполнено %s из %s мероприятий (%s\u00a0%%).",
			group(total.done), group(total.total), share(total.done, total.total)),
		"Не прочитаны данные 1 школы (перечислены в разделе «Не прочитанные данные школ»); их мероприятия не учтены.",
		fmt.Sprintf("В целом по району в работе — %s, не начато — %s, просрочено — %s, отменено — %s, без отметки о выполнении — %s.",
			group(total.inWork)+" "+ruPlural(total.inWork, "мероприятие", "мероприятия", "мероприятий"),
			group(total.notStarted)+" "+ruPlural(total.notStarted, "мероприятие", "мероприятия", "мероприятий"),
			group(total.overdue)+" "+ruPlural(total.overdue, "мероприятие", "мероприятия", "мероприятий"),
			group(total.cancelled)+" "+ruPlural(total.cancelled, "мероприятие", "мероприятия", "мероприятий"),
			group(total.none)+" "+ruPlural(total.none, "мероприятие", "мероприятия", "мероприятий")),
		fmt.Sprintf("Просроченные мероприятия есть у %d %s из 39; всего просрочено %s %s (%s\u00a0%%).", overdueSchools,
			ruPlural(overdueSchools, "школы", "школ", "школ"), group(total.overdue),
			ruPlural(total.overdue, "мероприятие", "мероприятия", "мероприятий"), share(total.overdue, total.total)),
		fmt.Sprintf("Целевого значения 50,0\u00a0%% %s %d %s из 39.", ruPlural(reached, "достигла", "достигли", "достигли"),
			reached, ruPlural(reached, "школа", "школы", "школ")),
	}
	for _, f := range facts {
		if !slices.Contains(paras, f) {
			t.Errorf("no paragraph\n%s\nin\n%s", f, strings.Join(paras, "\n"))
		}
	}
	if len(tables) != 3 || len(charts) != 1 {
		t.Fatalf("%d tables and %d charts, want per school, overdue schools, totals and one chart", len(tables), len(charts))
	}
	// Completion per school: every row equals the hand count.
	per := tables[0]
	if _, probs := per.Numbers(); len(probs) > 0 {
		t.Errorf("the schools table's totals: %v", probs)
	}
	if len(per.Rows) != len(hand)+1 {
		t.Fatalf("%d rows, want %d schools and the total", len(per.Rows), len(hand))
	}
	for ri, h := range append(slices.Clone(hand), total) {
		want := []string{h.name, strconv.Itoa(h.total), strconv.Itoa(h.done), share(h.done, h.total), strconv.Itoa(h.overdue), strconv.Itoa(h.cancelled)}
		var got []string
		for _, c := range per.Rows[ri] {
			got = append(got, c.Plain())
		}
		if !slices.Equal(got, want) {
			t.Errorf("row %d: %q, want %q", ri, got, want)
		}
	}
	// The chart: one bar per school, its share, the target.
	c := charts[0]
	if len(c.Categories) != len(hand) || len(c.Series) != 1 || c.Target == nil || c.Target.Value != 50 || c.Unit != "%" {
		t.Fatalf("chart %+v", c)
	}
	for i, h := range hand {
		if got := strings.Replace(strconv.FormatFloat(c.Series[0].Values[i], 'f', 1, 64), ".", ",", 1); c.Categories[i] != h.name || got != share(h.done, h.total) {
			t.Errorf("chart bar %d: %s %s, want %s %s", i, c.Categories[i], got, h.name, share(h.done, h.total))
		}
	}
	// Schools with overdue measures, most first, with their counts.
	over := tables[1]
	if len(over.Rows) != overdueSchools {
		t.Errorf("%d schools with overdue measures listed, want %d", len(over.Rows), overdueSchools)
	}
	last := 1 << 30
	for _, row := range over.Rows {
		n, _ := strconv.Atoi(row[1].Plain())
		i := slices.IndexFunc(hand, func(h handSchool) bool { return h.name == row[0].Plain() })
		if i < 0 || hand[i].overdue != n || n > last || n == 0 {
			t.Errorf("overdue row %q: %d", row[0].Plain(), n)
		}
		last = n
	}
	// District totals by status.
	tot := tables[2]
	wantTot := []int{total.done, total.inWork, total.notStarted, total.overdue, total.cancelled, total.none, total.total}
	for ri, row := range tot.Rows {
		if row[1].Plain() != strconv.Itoa(wantTot[ri]) || row[2].Plain() != share(wantTot[ri], total.total) {
			t.Errorf("totals row %s: %s %s, want %d", row[0].Plain(), row[1].Plain(), row[2].Plain(), wantTot[ri])
		}
	}
	// The broken workbook is listed, with the reason.
	if len(items) != 1 || !strings.HasPrefix(items[0], "s0040.xlsx — не прочитан: ") || len(items[0]) < 40 {
		t.Errorf("unread schools: %q", items)
	}
	if doc.Organization.FullName == "" || doc.Body[len(doc.Body)-1].Signature == nil {
		t.Errorf("organization %+v or signature missing", doc.Organization)
	}

	// Every format holds the totals.
	want := []string{facts[0], facts[3], analysis.HeadingBySchool,
		"Итого " + group(total.total) + " " + group(total.done) + " " + share(total.done, total.total) + " " +
			group(total.overdue) + " " + group(total.cancelled),
		analysis.HeadingUnread, "s0040.xlsx"}
	xlsxText, pdfText, docxText := printedTexts(t, eng, doc)
	// The workbook holds each cell apart, numbers as numbers: the total
	// row is its cells.
	xlsxWant := slices.Clone(want)
	xlsxWant[3] = strings.ReplaceAll(strings.ReplaceAll(xlsxWant[3], "\u00a0", ""), " ", "\n")
	if err := textcheck.InOrder(xlsxWant, xlsxText); err != nil {
		t.Errorf("XLSX: %v", err)
	}
	if err := textcheck.InOrder(want, pdfText); err != nil {
		t.Errorf("PDF: %v", err)
	}
	if err := textcheck.InOrder(want, docxText); err != nil {
		t.Errorf("DOCX printed by LibreOffice: %v", err)
	}
}

// TestDistrictZip reads the same district from a zip, as a methodologist
// gets it back from the schools.
func TestDistrictZip(t *testing.T) {
	dir, hand := districtFixture(t, 3, false)
	zipped := marks.ZipDir(t, dir, "район")
	zipPath := filepath.Join(t.TempDir(), "район.zip")
	if err := os.WriteFile(zipPath, zipped, 0o600); err != nil {
		t.Fatal(err)
	}
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in, err := analysis.ReadDistrict(context.Background(), eng, zipPath)
	if err != nil {
		t.Fatal(err)
	}
	r, err := analysis.DistrictFacts(in.Schools, seedDate)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Schools) != 3 || len(r.Unread) != 0 {
		t.Fatalf("%d schools, %d unread (%+v)", len(r.Schools), len(r.Unread), r.Unread)
	}
	total := handTotal(hand)
	if got := r.Total; got.Total != total.total || got.Done != total.done || got.Overdue != total.overdue || got.Cancelled != total.cancelled {
		t.Errorf("totals %+v, want %+v", got, total)
	}
	if in.Schools[0].ID != "район/s0001" {
		t.Errorf("school id %q", in.Schools[0].ID)
	}
}

// TestDistrictPlurals: «школа» agrees with its number in the facts.
func TestDistrictPlurals(t *testing.T) {
	for _, n := range []int{1, 2, 5, 11, 21, 22, 25, 111} {
		want := strconv.Itoa(n) + " " + ruPlural(n, "школа", "школы", "школ")
		if got := analysis.Schools(n); got != want {
			t.Errorf("Schools(%d) = %q, want %q", n, got, want)
		}
	}
	// «по данным N школ» and «у N школ» take the genitive.
	plan := seedPlan(t)
	for _, n := range []int{1, 2, 5, 11, 21, 22, 25} {
		var schools []analysis.SchoolPlan
		for i := range n {
			schools = append(schools, analysis.SchoolPlan{ID: strconv.Itoa(i), Plan: plan})
		}
		schools = append(schools, analysis.SchoolPlan{ID: "x", Source: "x.xlsx", Problem: "файл повреждён"})
		r, err := analysis.DistrictFacts(schools, seedDate)
		if err != nil {
			t.Fatal(err)
		}
		s := r.Summary(0)
		all := n + 1
		wantFirst := fmt.Sprintf("По состоянию на 15.03.2024 в районе %d %s; по данным %d %s выполнено", all,
			ruPlural(all, "школа", "школы", "школ"), n, ruPlural(n, "школы", "школ", "школ"))
		if !strings.HasPrefix(s[0], wantFirst) {
			t.Errorf("%d schools: %q, want prefix %q", n, s[0], wantFirst)
		}
		wantOver := fmt.Sprintf("Просроченные мероприятия есть у %d %s из %d;", n, ruPlural(n, "школы", "школ", "школ"), n)
		if !slices.ContainsFunc(s, func(p string) bool { return strings.HasPrefix(p, wantOver) }) {
			t.Errorf("%d schools: no %q in %q", n, wantOver, s)
		}
	}
}

// BenchmarkDistrict40 reads 40 schools' workbooks, counts and builds the
// district analysis: the issue wants it under 2 s.
func BenchmarkDistrict40(b *testing.B) {
	dir, _ := districtFixture(b, 40, false)
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		in, err := analysis.ReadDistrict(ctx, eng, dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := analysis.District(in.Schools, analysis.DistrictOptions{Options: analysis.Options{Date: seedDate}, Organization: uo}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDistrictLimits: a zip of more entries than MaxDistrictEntries is
// refused whole; an entry bigger than MaxSchoolFile unpacked is its
// school's problem, and the others still read.
func TestDistrictLimits(t *testing.T) {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, fill func(zw *zip.Writer)) string {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		fill(zw)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	many := write("many.zip", func(zw *zip.Writer) {
		for i := range analysis.MaxDistrictEntries + 1 {
			if _, err := zw.Create(fmt.Sprintf("s%05d.json", i)); err != nil {
				t.Fatal(err)
			}
		}
	})
	if _, err := analysis.ReadDistrict(context.Background(), eng, many); err == nil || !strings.Contains(err.Error(), "больше 2000 файлов") {
		t.Errorf("a zip of %d entries: %v", analysis.MaxDistrictEntries+1, err)
	}
	plan := testtool.RepoFile(t, "testdata", "seeds", "001_49fbf96383fe353c.json")
	big := write("big.zip", func(zw *zip.Writer) {
		w, _ := zw.Create("big.json")
		w.Write(bytes.Repeat([]byte(" "), analysis.MaxSchoolFile+1))
		w, _ = zw.Create("good.json")
		w.Write(plan)
	})
	in, err := analysis.ReadDistrict(context.Background(), eng, big)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Schools) != 2 || in.Schools[0].Problem != "файл больше 32 МиБ" || in.Schools[1].Plan == nil {
		t.Errorf("schools %+v", in.Schools)
	}
}
