package fonts_test

import (
	"fmt"

	"github.com/kartograf-ru/kartograf/fonts"
)

func ExampleLibrary_LoadBuiltin() {
	var lib fonts.Library // the zero value is ready to use
	face, err := lib.LoadBuiltin(fonts.DefaultName(fonts.Bold))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(face.Name(), face.UnitsPerEm(), face.Ascent(), face.Descent())
	fmt.Println(face.Has('Ж'), face.Has('\u2011'))

	again, _ := lib.LoadBuiltin("LiberationSerif-Bold")
	fmt.Println(again == face)
	// Output:
	// LiberationSerif-Bold 2048 1825 -443
	// true false
	// true
}

func ExampleFace_Advance() {
	var lib fonts.Library
	face, err := lib.LoadBuiltin("LiberationSerif-Regular")
	if err != nil {
		fmt.Println(err)
		return
	}
	// Width of "№ 5" at 12 pt, in points.
	units := 0
	for _, r := range "№\u00a05" {
		units += face.Advance(r)
	}
	fmt.Printf("%.3f pt\n", 12*float64(units)/float64(face.UnitsPerEm()))
	// Output:
	// 20.449 pt
}

func ExampleBuiltinNames() {
	for _, n := range fonts.BuiltinNames() {
		fmt.Println(n)
	}
	// Output:
	// DejaVuSerif-Bold
	// DejaVuSerif-BoldItalic
	// DejaVuSerif-Italic
	// DejaVuSerif-Regular
	// LiberationSerif-Bold
	// LiberationSerif-BoldItalic
	// LiberationSerif-Italic
	// LiberationSerif-Regular
}
