package document

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestSchemaMatchesGoTypes keeps schema.json true to the Go model: every
// struct's JSON fields are exactly the properties of its $defs entry, with
// compatible types, so adding a field to one without the other fails here.
func TestSchemaMatchesGoTypes(t *testing.T) {
	s, err := compiledSchema()
	if err != nil {
		t.Fatal(err)
	}
	types := []any{Document{}, Organization{}, Period{}, Approval{}, Block{}, Heading{}, Paragraph{},
		List{}, ListItem{}, Passport{}, PassportRow{}, Plan{}, Column{}, Section{}, Part{}, Table{}, TableColumn{}, TableGroup{}, Signature{},
		Appendix{}, PageBreak{}, Contents{}, Chart{}, ChartSeries{}, ChartTarget{}}
	checked := map[string]bool{"Measure": true, "Content": true}
	for _, v := range types {
		rt := reflect.TypeOf(v)
		def := objectBranch(s, s.defs[rt.Name()])
		if def == nil {
			t.Errorf("schema has no object definition $defs/%s", rt.Name())
			continue
		}
		checked[rt.Name()] = true
		var goFields []string
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			goFields = append(goFields, name)
			prop, ok := def.Properties[name]
			if !ok {
				t.Errorf("%s.%s (json %q) is missing from schema $defs/%s", rt.Name(), f.Name, name, rt.Name())
				continue
			}
			if msg := typeCompatible(s, f.Type, prop); msg != "" {
				t.Errorf("%s.%s: %s", rt.Name(), f.Name, msg)
			}
			omit := strings.Contains(f.Tag.Get("json"), "omitempty")
			if req := slices.Contains(def.Required, name); req && omit {
				t.Errorf("%s.%s is required by the schema but omitempty in Go", rt.Name(), f.Name)
			}
		}
		for name := range def.Properties {
			if !slices.Contains(goFields, name) {
				t.Errorf("schema $defs/%s has property %q that %s does not", rt.Name(), name, rt.Name())
			}
		}
	}
	// Measure is a map in JSON: the schema's fixed properties are the reserved keys.
	var mprops []string
	for k := range s.defs["Measure"].Properties {
		mprops = append(mprops, k)
	}
	slices.Sort(mprops)
	want := slices.Clone(reservedMeasureKeys)
	slices.Sort(want)
	if !slices.Equal(mprops, want) {
		t.Errorf("Measure reserved keys: schema %v, Go %v", mprops, want)
	}
	for name := range s.defs {
		if !checked[name] {
			t.Errorf("schema $defs/%s has no Go type in this test", name)
		}
	}
	// Enums in the schema equal the Go constants.
	enum := func(def, prop string) []string {
		var out []string
		for _, e := range s.defs[def].Properties[prop].Enum {
			if e != "" {
				out = append(out, e.(string))
			}
		}
		return out
	}
	strs := func(xs ...any) []string {
		var out []string
		for _, x := range xs {
			out = append(out, reflect.ValueOf(x).String())
		}
		return out
	}
	if got, want := enum("Document", "kind"), strs(KindRoadmap, KindAnalysis, KindMixed); !slices.Equal(got, want) {
		t.Errorf("kind enum %v, Go %v", got, want)
	}
	if got, want := enum("Approval", "kind"), strs(ApprovalApprove, ApprovalByOrder, ApprovalAgree, ApprovalReviewed, ApprovalSeal); !slices.Equal(got, want) {
		t.Errorf("approval kind enum %v, Go %v", got, want)
	}
	if got, want := enum("Measure", "status"), strs(StatusNotStarted, StatusInProgress, StatusDone, StatusOverdue, StatusCancelled); !slices.Equal(got, want) {
		t.Errorf("status enum %v, Go %v", got, want)
	}
}

func objectBranch(s *schema, n *schemaNode) *schemaNode {
	if n == nil {
		return nil
	}
	if n.Type == "object" {
		return n
	}
	for _, b := range n.AnyOf {
		if b = s.resolve(b); b.Type == "object" {
			return b
		}
	}
	return nil
}

func typeCompatible(s *schema, t reflect.Type, prop *schemaNode) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case reflect.TypeOf(Content{}):
		if prop.Ref != "#/$defs/Content" {
			return "Content must be $ref Content"
		}
		return ""
	}
	p := s.resolve(prop)
	want := ""
	switch t.Kind() {
	case reflect.String:
		if p.Enum != nil {
			return ""
		}
		want = "string"
	case reflect.Int:
		want = "integer"
	case reflect.Float64:
		want = "number"
	case reflect.Bool:
		want = "boolean"
	case reflect.Slice:
		if p.Type != "array" {
			return "slice must be an array, schema says " + p.Type
		}
		if p.Items != nil {
			return typeCompatible(s, t.Elem(), p.Items)
		}
		return ""
	case reflect.Struct:
		if prop.Ref != "#/$defs/"+t.Name() {
			return "struct " + t.Name() + " must be $ref " + t.Name() + ", schema has " + prop.Ref
		}
		return ""
	}
	if p.Type != want {
		return "Go " + t.Kind().String() + " vs schema " + p.Type
	}
	return ""
}

// The embedded schema is a valid JSON document that names draft 2020-12.
func TestSchemaIsPublishable(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal(SchemaJSON(), &m); err != nil {
		t.Fatal(err)
	}
	if m["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v", m["$schema"])
	}
}
