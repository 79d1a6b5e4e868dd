package kartograf_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Decode names every problem of the shared document with four problems
// (testtool.FourProblems) at once.
func TestEngineDecodeReportsEveryProblemAtOnce(t *testing.T) {
	fourWant := testtool.FourProblemsLines()
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = eng.Decode(testtool.FourProblems(t), "")
	var ve *document.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v, want *document.ValidationError", err)
	}
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.String())
	}
	if !reflect.DeepEqual(got, fourWant) {
		t.Errorf("problems\n%q\nwant\n%q", got, fourWant)
	}
	// A document that decodes comes back unvalidated, as before: the
	// semantic problems are Validate's and Render's answer.
	d, err := eng.Decode([]byte(`{"kind": "roadmap", "organization": {"full_name": "Ш"}, "title": "Т", "date": "31.02.2024",
	  "body": [{"paragraph": {"text": "т"}}]}`), "")
	if err != nil || d == nil {
		t.Fatalf("decode: %v", err)
	}
	if err := eng.Validate(d, ""); !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0].Path != "date" {
		t.Errorf("validate: %v", err)
	}
}
