package kartograf_test

import (
	"context"
	"fmt"
	"io"

	"github.com/kartograf-ru/kartograf"
)

// A one-document program checks only the template version it uses, at
// its first use; a server keeps the default and refuses to start with a
// broken version.
func ExampleOptions_lazy() {
	eng, err := kartograf.New(kartograf.Options{Lazy: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	demo := kartograf.Demos()[1] // the school roadmap
	d, err := eng.Decode(demo.JSON, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := eng.Render(context.Background(), io.Discard, d, kartograf.RenderOptions{Format: kartograf.PDF})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(demo.Name, res.Template)
	// Output: 001_49fbf96383fe353c school-roadmap@1.1.0
}
