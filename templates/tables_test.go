package templates

import (
	"strings"
	"testing"
)

// The tables section of a manifest is checked at load: a wrong choice
// names its field.
func TestManifestTablesChecked(t *testing.T) {
	reg, err := New()
	if err != nil {
		t.Fatal(err)
	}
	v, err := reg.Resolve("programme-appendix@1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	if !v.Manifest.WideTable(9) || v.Manifest.WideTable(8) {
		t.Errorf("programme-appendix@1.0.0: tables of 9 columns and more are wide, got %+v", v.Manifest.Tables)
	}
	for _, c := range []struct {
		tables TableStyle
		field  string
	}{
		{TableStyle{Wide: "rotate", WideColumns: 9}, "tables.wide"},
		{TableStyle{WideColumns: 9}, "tables.wide"},
		{TableStyle{Wide: WideLandscape}, "tables.wide_columns"},
		{TableStyle{Wide: WideScale, WideColumns: 9}, "tables.min_size"},
		{TableStyle{Wide: WideScale, WideColumns: 9, MinSize: 11}, "tables.min_size"},
		{TableStyle{Wide: WideLandscape, WideColumns: 9, MinSize: 7}, "tables.min_size"},
	} {
		m := v.Manifest
		m.Tables = c.tables
		err := m.check()
		if err == nil || !strings.Contains(err.Error(), c.field+":") {
			t.Errorf("%+v: %v, want a problem of %s", c.tables, err, c.field)
		}
	}
	m := v.Manifest
	m.Page.Orientation = "landscape"
	if err := m.check(); err == nil || !strings.Contains(err.Error(), "tables.wide:") {
		t.Errorf("landscape template turning tables: %v", err)
	}
	m = v.Manifest
	m.Tables = TableStyle{Wide: WideScale, WideColumns: 9, MinSize: 7}
	if err := m.check(); err != nil {
		t.Errorf("a valid scale choice: %v", err)
	}
}
