package xlsximport_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
	"github.com/kartograf-ru/kartograf/pkg/xlsximport"
	"github.com/kartograf-ru/kartograf/templates"
)

// Write a plan as a workbook and read it back: the same document.
func ExampleRead() {
	d, _ := document.DecodeBytes([]byte(`{"kind":"roadmap","organization":{"full_name":"МКОУ СОШ № 2"},"title":"ДОРОЖНАЯ КАРТА",
	  "body":[{"plan":{"sections":[{"title":"ОРГАНИЗАЦИЯ","items":[{"title":"Приказ о рабочей группе","deadline":"Сентябрь 2024г.","status":"done"}]}]}}]}`))
	reg, _ := templates.New()
	v, _ := reg.Default(string(d.Kind))
	var book bytes.Buffer
	if err := xlsx.NewWriter(new(fonts.Library)).Render(context.Background(), &book, d, v, xlsx.Meta{}); err != nil {
		fmt.Println(err)
		return
	}
	back, err := xlsximport.Read(bytes.NewReader(book.Bytes()), int64(book.Len()))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(reflect.DeepEqual(back, d), back.Body[0].Plan.Sections[0].Items[0].Status.Label())
	// Output: true Выполнено
}
