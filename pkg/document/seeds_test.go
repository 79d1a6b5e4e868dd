package document_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

const testdata = "../../testdata"

// seeds are the two reference documents: the extraction (.txt) and its
// transcription into the model (.json).
var seeds = []string{"000_f50bb33c8ce6181b", "001_49fbf96383fe353c"}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeFile(t *testing.T, path string) *document.Document {
	t.Helper()
	d, err := document.DecodeBytes(readFile(t, path))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

func seedDoc(t *testing.T, name string) *document.Document {
	t.Helper()
	return decodeFile(t, filepath.Join(testdata, "seeds", name+".json"))
}

func firstPlan(t *testing.T, d *document.Document) *document.Plan {
	t.Helper()
	for _, b := range d.Body {
		if b.Plan != nil {
			return b.Plan
		}
	}
	t.Fatal("no plan block")
	return nil
}

// TestTestdataValid decodes and validates every JSON document in testdata.
func TestTestdataValid(t *testing.T) {
	var files []string
	for _, dir := range []string{"seeds", "documents"} {
		m, err := filepath.Glob(filepath.Join(testdata, dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 6 {
		t.Fatalf("found %d JSON documents in testdata, want at least 6: %v", len(files), files)
	}
	for _, f := range files {
		d, err := document.DecodeBytes(readFile(t, f))
		if err != nil {
			t.Errorf("%s: decode: %v", f, err)
			continue
		}
		if err := document.Validate(d); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestSeedTranscriptionComplete proves that the JSON transcription of each
// seed holds every word of the extraction, in order, and no word of its own
// (beyond the organization of seed 000, which its extraction does not print).
func TestSeedTranscriptionComplete(t *testing.T) {
	for _, name := range seeds {
		t.Run(name, func(t *testing.T) {
			d := seedDoc(t, name)
			want := textcheck.SeedWords(string(readFile(t, filepath.Join(testdata, "seeds", name+".txt"))))
			text := textcheck.DocumentText(d, nil)
			if err := textcheck.InOrder(want, text); err != nil {
				t.Fatal(err)
			}
			got := textcheck.Words(text)
			if name == "000_f50bb33c8ce6181b" {
				org := textcheck.Words(d.Organization.FullName)
				if !slices.Equal(got[:len(org)], org) {
					t.Fatalf("document text starts %q, want the organization %q", got[:len(org)], org)
				}
				got = got[len(org):]
			}
			if !slices.Equal(got, want) {
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("transcription has %d words, the seed %d; first difference at word %d: %q, seed %q",
							len(got), len(want), i, got[max(0, i-5):min(len(got), i+5)], want[max(0, i-5):min(len(want), i+5)])
					}
				}
				t.Fatalf("transcription has %d words, the seed %d", len(got), len(want))
			}
		})
	}
}

func TestSeedShapes(t *testing.T) {
	d := seedDoc(t, "000_f50bb33c8ce6181b")
	if d.Kind != document.KindMixed || d.Template != "municipal-roadmap" || d.Period == nil || d.Period.Year != 2022 {
		t.Errorf("seed 000: kind %q, template %q, period %+v", d.Kind, d.Template, d.Period)
	}
	p := firstPlan(t, d)
	if len(p.Sections) != 5 || p.Measures() != 18 {
		t.Errorf("seed 000: %d sections, %d measures; want 5 and 18", len(p.Sections), p.Measures())
	}
	var numbers []string
	for si, s := range p.Sections {
		for ii := range s.Items {
			numbers = append(numbers, p.ItemNumber(si, ii))
		}
	}
	if numbers[0] != "1." || numbers[17] != "18." {
		t.Errorf("seed 000: measures numbered %q … %q, want «1.» … «18.»", numbers[0], numbers[17])
	}
	if s := p.Sections[1]; s.Number != "2." || s.Title != "Общее образование" {
		t.Errorf("seed 000: section 2 is %q %q", s.Number, s.Title)
	}
	if c := p.Sections[0].Items[1].Cell("title"); len(c) != 2 || c[1].List == nil || c[1].List.Marker != "-" || len(c[1].List.Items) != 2 {
		t.Errorf("seed 000: measure 2 is not a paragraph and a two-item «-» list: %+v", c)
	}
	last := d.Body[len(d.Body)-1].Signature
	if last == nil || last.Position != "Директор ИМЦ" || last.Name != "Л.П. Шидукова" {
		t.Errorf("seed 000: last block is not the signature: %+v", d.Body[len(d.Body)-1])
	}

	d = seedDoc(t, "001_49fbf96383fe353c")
	if d.Kind != document.KindRoadmap || d.Template != "school-roadmap" || d.Period == nil || d.Period.AcademicYear != "2023-2024" {
		t.Errorf("seed 001: kind %q, template %q, period %+v", d.Kind, d.Template, d.Period)
	}
	if len(d.Approvals) != 2 || d.Approvals[0].Kind != document.ApprovalAgree || d.Approvals[1].Kind != document.ApprovalApprove {
		t.Errorf("seed 001: approvals %+v", d.Approvals)
	}
	if d.Body[0].Passport == nil || len(d.Body[0].Passport.Rows) != 6 {
		t.Errorf("seed 001: first block is not a 6-row passport")
	}
	p = firstPlan(t, d)
	if len(p.Sections) != 4 || p.Measures() != 28 {
		t.Errorf("seed 001: %d sections, %d measures; want 4 and 28", len(p.Sections), p.Measures())
	}
	var sections []string
	for si := range p.Sections {
		sections = append(sections, p.SectionNumber(si))
	}
	if !slices.Equal(sections, []string{"1.", "2", "3.", "4."}) {
		t.Errorf("seed 001: section numbers %q", sections)
	}
	if n := p.ItemNumber(3, 2); n != "4.3" {
		t.Errorf("seed 001: last measure %q, want 4.3", n)
	}
	if len(p.Columns) != 7 || p.Columns[0].Key != document.NumberKey {
		t.Errorf("seed 001: columns %+v", p.Columns)
	}
}

// TestRoundTrip: each seed (and each variant) marshals back to JSON that
// decodes to a deeply equal document.
func TestRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testdata, "documents", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range seeds {
		files = append(files, filepath.Join(testdata, "seeds", name+".json"))
	}
	for _, f := range files {
		d := decodeFile(t, f)
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("%s: marshal: %v", f, err)
		}
		back, err := document.DecodeBytes(b)
		if err != nil {
			t.Fatalf("%s: decode the marshalled document: %v", f, err)
		}
		if !reflect.DeepEqual(d, back) {
			t.Errorf("%s: the document changed in a JSON round trip", f)
		}
	}
}

// TestVariantShapes checks that the documents in testdata/documents are the
// variants they claim to be.
func TestVariantShapes(t *testing.T) {
	dir := filepath.Join(testdata, "documents")

	d := decodeFile(t, filepath.Join(dir, "columns6.json"))
	p := firstPlan(t, d)
	var keys []string
	for _, c := range p.Columns {
		keys = append(keys, c.Key)
	}
	if !slices.Equal(keys, []string{"task", "title", "deadline", "responsible", "indicators", "participants"}) {
		t.Errorf("columns6: columns %q", keys)
	}
	if len(p.Sections) != 3 || p.Measures() < 10 {
		t.Errorf("columns6: %d sections, %d measures", len(p.Sections), p.Measures())
	}
	for si, s := range p.Sections {
		if s.Number != "" {
			t.Errorf("columns6: section %d has a number", si)
		}
		for ii, m := range s.Items {
			if m.Number != "" {
				t.Errorf("columns6: measure %d.%d has a number", si+1, ii+1)
			}
		}
	}
	if got := p.ItemNumber(1, 2); got != "2.3" {
		t.Errorf("columns6: generated number %q, want 2.3", got)
	}
	if len(d.Approvals) != 2 || d.Approvals[0].Kind != document.ApprovalAgree || d.Approvals[1].Kind != document.ApprovalApprove ||
		d.Approvals[1].Number == "" || d.Approvals[1].Date == "" {
		t.Errorf("columns6: approvals %+v", d.Approvals)
	}

	d = decodeFile(t, filepath.Join(dir, "rows150.json"))
	p = firstPlan(t, d)
	if len(p.Sections) != 6 || p.Measures() != 150 {
		t.Errorf("rows150: %d sections, %d measures; want 6 and 150", len(p.Sections), p.Measures())
	}
	lists, long := 0, 0
	for _, s := range p.Sections {
		for _, m := range s.Items {
			for _, c := range m.Cells {
				if len(c) > 1 {
					lists++
				}
				if len([]rune(c.Plain())) > 300 {
					long++
				}
			}
		}
	}
	if lists < 10 || long < 10 {
		t.Errorf("rows150: %d cells with lists, %d long cells; want variety", lists, long)
	}

	d = decodeFile(t, filepath.Join(dir, "longwords.json"))
	text := textcheck.DocumentText(d, nil)
	for _, w := range []string{"психолого-медико-педагогического", "общеобразовательными", "переподготовка", "https://",
		strings.Repeat("ЖЩЦКНГШЗХФВПРЛДЧСМТБ", 3), "KremenchugKonstantinovskoeSchoolRoadmapMeasureIdentifier"} {
		if !strings.Contains(text, w) {
			t.Errorf("longwords: no %q", w)
		}
	}
	longNumber := false
	for _, s := range firstPlan(t, d).Sections {
		for _, m := range s.Items {
			longNumber = longNumber || len(m.Number) >= 40
		}
	}
	if !longNumber {
		t.Error("longwords: no long word in the number column")
	}

	d = decodeFile(t, filepath.Join(dir, "analysis.json"))
	if d.Kind != document.KindAnalysis || d.Template != "analysis" {
		t.Errorf("analysis: kind %q, template %q", d.Kind, d.Template)
	}
	if len(d.Approvals) != 1 || d.Approvals[0].Kind != document.ApprovalByOrder || d.Approvals[0].Issuer == "" {
		t.Errorf("analysis: approvals %+v", d.Approvals)
	}
	var table, nested, signature bool
	for _, b := range d.Body {
		switch {
		case b.Table != nil:
			table = len(b.Table.Columns) == 3 && len(b.Table.Rows) == 4
		case b.List != nil:
			for _, it := range b.List.Items {
				nested = nested || it.List != nil
			}
		case b.Signature != nil:
			signature = true
		case b.Plan != nil:
			t.Error("analysis: has a plan")
		}
	}
	if !table || !nested || !signature {
		t.Errorf("analysis: 3×4 table %v, nested list %v, signature %v", table, nested, signature)
	}
}
