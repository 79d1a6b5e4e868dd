package view

import (
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/templates"
)

// A version's hyphenation exceptions reach the lines every renderer sets:
// a word listed without hyphens is never broken, one listed with them
// only where they stand; released versions set greedily as before.
func TestSettingExceptions(t *testing.T) {
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	v, err := reg.Resolve("analysis@1.1.0")
	if err != nil {
		t.Fatal(err)
	}
	m, err := measurer(v, 0, 14)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("Программа общеобразовательной организации и план мероприятий общеобразовательной школы. ", 12)
	broken := func(ex []string) (frags []string) {
		nv := *v
		nv.Manifest.Version = "9.9.9"
		nv.Manifest.Typesetting.Exceptions = ex
		set, err := newSetting(&nv.Manifest)
		if err != nil {
			t.Fatal(err)
		}
		if !set.Optimal() {
			t.Fatal("a new version does not set optimally")
		}
		for w := 200.0; w <= 480; w += 7 {
			for _, ln := range set.Paragraph(nil, m, text, w, 35, true) {
				if ln.Hyphen {
					f := strings.Fields(ln.Text)
					frags = append(frags, f[len(f)-1])
				}
			}
		}
		return frags
	}
	hasPrefix := func(frags []string, word string) (n int, seen map[string]bool) {
		seen = map[string]bool{}
		for _, f := range frags {
			if strings.HasPrefix(word, strings.TrimSuffix(f, "-")) {
				n++
				seen[f] = true
			}
		}
		return n, seen
	}
	if n, _ := hasPrefix(broken(nil), "общеобразовательной"); n == 0 {
		t.Fatal("without exceptions «общеобразовательной» is never hyphenated: the test cannot tell")
	}
	if n, seen := hasPrefix(broken([]string{"общеобразовательной"}), "общеобразовательной"); n > 0 {
		t.Errorf("«общеобразовательной» listed whole was broken: %v", seen)
	}
	n, seen := hasPrefix(broken([]string{"общеобразова-тельной"}), "общеобразовательной")
	if n == 0 {
		t.Error("«общеобразова-тельной» is never broken at its one point: the test cannot tell")
	}
	for f := range seen {
		if f != "общеобразова-" {
			t.Errorf("«общеобразова-тельной» broken as %q", f)
		}
	}
	set, err := newSetting(&v.Manifest)
	if err != nil || set.Optimal() {
		t.Fatalf("released analysis@1.1.0: optimal %v, %v", set.Optimal(), err)
	}
	nv := *v
	nv.Manifest.Version = "9.9.9"
	nv.Manifest.Typesetting.Exceptions = []string{"шко--ла"}
	if _, err := newSetting(&nv.Manifest); err == nil || !strings.Contains(err.Error(), "hyphenation_exceptions") {
		t.Errorf("a malformed exception: %v", err)
	}
}
