package registry_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/registry"
)

func Example() {
	// As Russian Excel saves it: «;», Russian headers, an extra column.
	const csv = `Код ОО;Краткое наименование;Полное наименование;Район;ФИО директора;Дата приказа;Примечание
12;МБОУ СОШ № 12;"Муниципальное бюджетное общеобразовательное учреждение ""Средняя школа № 12""";Энский район;Иванова Мария Петровна;1.9.2025;
7;МАОУ Лицей № 7;Муниципальное автономное общеобразовательное учреждение «Лицей № 7»;Энский район;Петров Пётр Петрович;;новая
`
	schools, err := registry.ReadCSV(strings.NewReader(csv))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range schools {
		fmt.Printf("%d: %s | %s | %s | %q\n", s.Row, s.ID, s.ShortName, s.Director, s.ApprovalOrderDate)
	}

	// Every problem at once, sorted by row.
	const bad = `id,short_name,full_name,district,director,approval_order_date
12,Школа 12,Школа № 12,Энский район,Иванова М. П.,31.09.2025
../13,Школа 13,,Энский район,Петров П. П.,
12,Школа 12,Школа № 12,Энский район,Иванова М. П.,
`
	_, err = registry.ReadCSV(strings.NewReader(bad))
	var e *registry.Error
	if errors.As(err, &e) {
		e.File = "schools.csv"
		fmt.Println(e)
	}
	// Output:
	// 2: 12 | МБОУ СОШ № 12 | Иванова Мария Петровна | "01.09.2025"
	// 3: 7 | МАОУ Лицей № 7 | Петров Пётр Петрович | ""
	// schools.csv, строка 2, столбец «id»: идентификатор «12» повторяется в строке 4
	// schools.csv, строка 2, столбец «approval_order_date»: дата «31.09.2025» не существует
	// schools.csv, строка 3, столбец «id»: идентификатор «../13» содержит недопустимые символы («/»): из идентификатора получается имя файла, поэтому в нём допустимы только буквы, цифры, «-», «_» и «.»
	// schools.csv, строка 3, столбец «full_name»: не заполнено обязательное поле (полное наименование)
	// schools.csv, строка 4, столбец «id»: повторяется идентификатор «12» (впервые в строке 2)
}
