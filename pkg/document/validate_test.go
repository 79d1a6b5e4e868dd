package document_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// A column key declared again is reported at each repeat, once for every
// earlier declaration of it, as when each column was compared with all
// before it.
func TestValidateDuplicateColumns(t *testing.T) {
	d := bigPlan(1)
	d.Body[0].Plan.Columns = []document.Column{{Key: "title", Title: "А"}, {Key: "x", Title: "Б"}, {Key: "title", Title: "В"}, {Key: "title", Title: "Г"}, {Key: "x", Title: "Д"}}
	var ve *document.ValidationError
	if err := document.Validate(d); !errors.As(err, &ve) {
		t.Fatalf("got %v", err)
	}
	var got []string
	for _, p := range ve.Problems {
		if p.Message == "колонка «title» объявлена дважды" || p.Message == "колонка «x» объявлена дважды" {
			got = append(got, p.Path)
		}
	}
	c := "body[0].plan.columns"
	want := []string{c + "[2].key", c + "[3].key", c + "[3].key", c + "[4].key"}
	if !slices.Equal(got, want) {
		t.Errorf("duplicate columns reported at %q, want %q", got, want)
	}
}

// A context cancelled before the check gives its own error, not the
// document's problems.
func TestValidateContextCancelledBefore(t *testing.T) {
	d := bigPlan(3)
	d.Title = ""
	if err := (document.Rules{}).ValidateContext(context.Background(), d); err == nil {
		t.Fatal("an empty title passed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (document.Rules{}).ValidateContext(ctx, d); err != context.Canceled {
		t.Errorf("cancelled: %v, want context.Canceled itself", err)
	}
}
