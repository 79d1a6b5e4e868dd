package registry

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// want is the registry every good source below describes.
var want = []School{
	{
		ID: "12", ShortName: `МБОУ "СОШ № 12"`,
		FullName: `Муниципальное бюджетное общеобразовательное учреждение "Средняя общеобразовательная школа № 12", г. Энск`,
		District: "Энский муниципальный район", Director: "Иванова Мария Петровна",
		DirectorPosition: "Директор", ApprovalOrderNumber: "45", ApprovalOrderDate: "29.08.2025",
		CouncilProtocolNumber: "1", CouncilProtocolDate: "28.08.2025",
		Row: 2,
	},
	{
		ID: "sch-7.b", ShortName: "МАОУ «Лицей № 7»",
		FullName: "Муниципальное автономное общеобразовательное учреждение «Лицей № 7»",
		District: "Энский муниципальный район", Director: "Петров Пётр Петрович",
		Row: 3,
	},
	{
		ID: "003", ShortName: "МКОУ ООШ с. Берёзовка",
		FullName: "Муниципальное казённое общеобразовательное учреждение основная общеобразовательная школа с. Берёзовка",
		District: "Берёзовский район", Director: "Сидоров Семён Семёнович",
		DirectorPosition: "Исполняющий обязанности директора", ApprovalOrderNumber: "7-о", ApprovalOrderDate: "01.09.2025",
		Row: 4,
	},
}

// csvComma is the registry as UTF-8 CSV with «,», canonical headers; the
// second school's full name spans two lines and has extra spaces.
const csvComma = `id,short_name,full_name,district,director,director_position,approval_order_number,approval_order_date,council_protocol_number,council_protocol_date
12,"МБОУ ""СОШ № 12""","Муниципальное бюджетное общеобразовательное учреждение ""Средняя общеобразовательная школа № 12"", г. Энск",Энский муниципальный район,Иванова Мария Петровна,Директор,45,29.08.2025,1,28.08.2025
sch-7.b,МАОУ «Лицей № 7»,"Муниципальное автономное общеобразовательное учреждение
   «Лицей № 7»", Энский муниципальный район ,Петров  Пётр Петрович,,,,,
003,МКОУ ООШ с. Берёзовка,Муниципальное казённое общеобразовательное учреждение основная общеобразовательная школа с. Берёзовка,Берёзовский район,Сидоров Семён Семёнович,Исполняющий обязанности директора,7-о,1.9.2025,,
`

// csvRussian is the registry with Russian headers, «;», an unknown column,
// trailing empty columns, CRLF and a blank line, as Russian Excel saves it.
const csvRussian = "Код ОО;Краткое наименование;Полное наименование;Район;ФИО директора;Должность;№ приказа;Дата приказа;№ протокола;Дата протокола;Примечание;;\r\n" +
	"12;\"МБОУ \"\"СОШ № 12\"\"\";\"Муниципальное бюджетное общеобразовательное учреждение \"\"Средняя общеобразовательная школа № 12\"\", г. Энск\";Энский муниципальный район;Иванова Мария Петровна;Директор;45;29.08.2025;1;28.08.2025;проверено;;\r\n" +
	"sch-7.b;МАОУ «Лицей № 7»;Муниципальное автономное общеобразовательное учреждение «Лицей № 7»;Энский муниципальный район;Петров Пётр Петрович;;;;;;;;\r\n" +
	"003;МКОУ ООШ с. Берёзовка;Муниципальное казённое общеобразовательное учреждение основная общеобразовательная школа с. Берёзовка;Берёзовский район;Сидоров Семён Семёнович;Исполняющий обязанности директора;7-о;2025-09-01;;;;;\r\n" +
	"\r\n"

const jsonArray = `[
{"id": 12, "short_name": "МБОУ \"СОШ № 12\"", "full_name": "Муниципальное бюджетное общеобразовательное учреждение \"Средняя общеобразовательная школа № 12\", г. Энск", "district": "Энский муниципальный район", "director": "Иванова Мария Петровна", "director_position": "Директор", "approval_order_number": 45, "approval_order_date": "29.08.2025", "council_protocol_number": "1", "council_protocol_date": "2025-08-28"},
{"id": "sch-7.b", "short_name": "МАОУ «Лицей № 7»", "full_name": "Муниципальное автономное общеобразовательное учреждение\n«Лицей № 7»", "district": "Энский муниципальный район", "director": "Петров Пётр Петрович", "director_position": null},
{"Код ОО": "003", "Краткое наименование": "МКОУ ООШ с. Берёзовка", "Полное наименование": "Муниципальное казённое общеобразовательное учреждение основная общеобразовательная школа с. Берёзовка", "Район": "Берёзовский район", "ФИО директора": "Сидоров Семён Семёнович", "Должность": "Исполняющий обязанности директора", "№ приказа": "7-о", "Дата приказа": "1.9.2025"}
]`

const jsonWrapped = `{"schools": [
{"id": "12", "short_name": "МБОУ \"СОШ № 12\"", "full_name": "Муниципальное бюджетное общеобразовательное учреждение \"Средняя общеобразовательная школа № 12\", г. Энск", "district": "Энский муниципальный район", "director": "Иванова Мария Петровна", "director_position": "Директор", "approval_order_number": "45", "approval_order_date": "29.08.2025", "council_protocol_number": 1, "council_protocol_date": "28.08.2025"},
{"id": "sch-7.b", "short_name": "МАОУ «Лицей № 7»", "full_name": "Муниципальное автономное общеобразовательное учреждение «Лицей № 7»", "district": "Энский муниципальный район", "director": "Петров Пётр Петрович"},
{"id": "003", "short_name": "МКОУ ООШ с. Берёзовка", "full_name": "Муниципальное казённое общеобразовательное учреждение основная общеобразовательная школа с. Берёзовка", "district": "Берёзовский район", "director": "Сидоров Семён Семёнович", "director_position": "Исполняющий обязанности директора", "approval_order_number": "7-о", "approval_order_date": "01.09.2025"}
]}
`

func cp1251(t testing.TB, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// registryXLSX is the registry as a workbook: an instruction sheet first,
// the registry on the sheet «Реестр»; the id 12 is a number, one date a
// real Excel date in the short format, one in a long custom format, one a
// date with time, and the rest text.
func registryXLSX(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Инструкция"); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellValue("Инструкция", "A1", "Заполните лист «Реестр»"))
	_, err := f.NewSheet("Реестр")
	must(err)
	const sh = "Реестр"
	rows := [][]any{
		{"ИД", "Краткое название", "Наименование", "Муниципалитет", "Руководитель", "Должность руководителя", "Номер приказа", "Дата приказа", "Номер протокола педсовета", "Дата протокола педсовета"},
		{12, `МБОУ "СОШ № 12"`, want[0].FullName, want[0].District, want[0].Director, "Директор", 45, nil, 1, nil},
		{"sch-7.b", "МАОУ «Лицей № 7»", "Муниципальное автономное общеобразовательное учреждение\n«Лицей № 7»", want[1].District, want[1].Director},
		{"003", want[2].ShortName, want[2].FullName, want[2].District, want[2].Director, want[2].DirectorPosition, "7-о", nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		must(f.SetSheetRow(sh, cell, &r))
	}
	// A real date in the short date format (built-in 14).
	must(f.SetCellValue(sh, "H2", time.Date(2025, 8, 29, 0, 0, 0, 0, time.UTC)))
	short, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	must(f.SetCellStyle(sh, "H2", "H2", short))
	// A real date in a long custom format.
	must(f.SetCellValue(sh, "J2", time.Date(2025, 8, 28, 0, 0, 0, 0, time.UTC)))
	long := `d mmmm yyyy "г."`
	longStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &long})
	must(err)
	must(f.SetCellStyle(sh, "J2", "J2", longStyle))
	// A date with time.
	must(f.SetCellValue(sh, "H4", time.Date(2025, 9, 1, 10, 30, 0, 0, time.UTC)))
	dt, err := f.NewStyle(&excelize.Style{NumFmt: 22})
	must(err)
	must(f.SetCellStyle(sh, "H4", "H4", dt))
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

func TestSameRegistryInEveryFormat(t *testing.T) {
	xlsx := registryXLSX(t)
	cases := []struct {
		name string
		read func() ([]School, error)
	}{
		{"csv-utf8-comma", func() ([]School, error) { return ReadCSV(strings.NewReader(csvComma)) }},
		{"csv-utf8-bom-semicolon", func() ([]School, error) {
			return ReadCSV(strings.NewReader("\uFEFF" + csvRussian))
		}},
		{"csv-cp1251-semicolon", func() ([]School, error) { return ReadCSV(bytes.NewReader(cp1251(t, csvRussian))) }},
		{"csv-utf8-tab", func() ([]School, error) {
			// Tab-separated, as «Текст (разделитель — табуляция)» saved as UTF-8.
			s := strings.ReplaceAll(csvRussian, ";", "\t")
			return ReadCSV(strings.NewReader(s))
		}},
		{"xlsx", func() ([]School, error) { return ReadXLSX(bytes.NewReader(xlsx), int64(len(xlsx))) }},
		{"json-array", func() ([]School, error) { return ReadJSON(strings.NewReader(jsonArray)) }},
		{"json-schools", func() ([]School, error) { return ReadJSON(strings.NewReader(jsonWrapped)) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.read()
			if err != nil {
				t.Fatalf("error:\n%v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got\n%#v\nwant\n%#v", got, want)
			}
		})
	}
}

func TestReadFileByExtension(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"a.csv":  []byte(csvComma),
		"b.CSV":  cp1251(t, csvRussian),
		"c.Xlsx": registryXLSX(t),
		"d.json": []byte(jsonArray),
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got\n%#v", name, got)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// problemsOf is the problems of err, which must be an *Error.
func problemsOf(t *testing.T, err error) []Problem {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want *Error", err, err)
	}
	return e.Problems
}

func checkProblems(t *testing.T, err error, want ...Problem) {
	t.Helper()
	got := problemsOf(t, err)
	if !reflect.DeepEqual(got, want) {
		var b strings.Builder
		for _, p := range got {
			fmt.Fprintf(&b, "\t{%d, %q, %q},\n", p.Row, p.Column, p.Message)
		}
		t.Errorf("problems:\n%s", b.String())
	}
}

const head = "id,short_name,full_name,district,director\n"

func TestBadCSV(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want []Problem
	}{
		{"missing required column",
			[]byte("Код,Краткое наименование,Район,Директор,Дата приказа\n1,Школа,Район,Иванов И. И.,01.09.2025\n"),
			[]Problem{{0, "full_name", "нет обязательного столбца (полное наименование); подходящие заголовки: «full_name», «Полное наименование», «Полное наименование ОО», «Наименование», «Наименование ОО», «Наименование школы», «Полное название»"}}},
		{"column given twice",
			[]byte("id,short_name,full_name,district,director,Код\n1,a,b,c,d,1\n"),
			[]Problem{{0, "Код", "столбец задан дважды: «id» и «Код» означают одно и то же (идентификатор школы)"}}},
		{"duplicate id",
			[]byte(head + "12,a,b,c,d\n13,a,b,c,d\n12,a,b,c,d\n\nX1,a,b,c,d\nx1,a,b,c,d\n12,a,b,c,d\n"),
			[]Problem{
				{2, "id", "идентификатор «12» повторяется в строках 4, 8"},
				{4, "id", "повторяется идентификатор «12» (впервые в строке 2)"},
				{6, "id", "идентификатор «X1» повторяется в строке 7"},
				{7, "id", "повторяется идентификатор «x1» (впервые в строке 6 как «X1»: идентификаторы, различающиеся только регистром букв, дают одно имя файла)"},
				{8, "id", "повторяется идентификатор «12» (впервые в строке 2)"},
			}},
		{"empty full_name",
			[]byte("Код ОО;Краткое наименование;Полное наименование;Район;Директор\n1;a; ;c;d\n2;a;b;c;d\n"),
			[]Problem{{2, "Полное наименование", "не заполнено обязательное поле (полное наименование)"}}},
		{"id with path",
			[]byte(head + "../12,a,b,c,d\n.hidden,a,b,c,d\nшкола 5,a,b,c,d\n" + strings.Repeat("я", 65) + ",a,b,c,d\n"),
			[]Problem{
				{2, "id", "идентификатор «../12» содержит недопустимые символы («/»): из идентификатора получается имя файла, поэтому в нём допустимы только буквы, цифры, «-», «_» и «.»"},
				{3, "id", "идентификатор «.hidden» начинается с точки: из идентификатора получается имя файла, а такие имена скрыты или особые («.», «..»)"},
				{4, "id", "идентификатор «школа 5» содержит недопустимые символы (пробел): из идентификатора получается имя файла, поэтому в нём допустимы только буквы, цифры, «-», «_» и «.»"},
				{5, "id", "идентификатор длиннее 64 символов (65)"},
			}},
		{"id Windows cannot use",
			[]byte(head + "CON,a,b,c,d\nnul,a,b,c,d\nCom1,a,b,c,d\nlpt9,a,b,c,d\ncon.txt,a,b,c,d\nNUL.json,a,b,c,d\nAux,a,b,c,d\nPRN,a,b,c,d\nCOM0,a,b,c,d\nsch-1.,a,b,c,d\nCONSOLE,a,b,c,d\ncon-1,a,b,c,d\nCOM10,a,b,c,d\nLPT¹,a,b,c,d\n"),
			[]Problem{
				{2, "id", "идентификатор «CON» — зарезервированное имя устройства Windows (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9, в том числе с расширением): из идентификатора получается имя файла, а в Windows файл с таким именем создать нельзя"},
				{3, "id", "идентификатор «nul» — зарезервированное имя устройства Windows (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9, в том числе с расширением): из идентификатора получается имя файла, а в Windows файл с таким именем создать нельзя"},
				{4, "id", "идентификатор «Com1» — зарезервированное имя устройства Windows (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9, в том числе с расширением): из идентификатора получается имя файла, а в Windows файл с таким именем создать нельзя"},
				{5, "id", "идентификатор «lpt9» — зарезервированное имя устройства Windows (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9, в том числе с расширением): из идентификатора получается имя файла, а в Windows файл с таким именем создать нельзя"},
				{6, "id", "идентификатор «con.txt» — зарезервированное имя устройства Windows (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9, в том числе с расширением): из идентификатора получается имя файла, а в Windows файл с таким именем создать нельзя"},
				{7, "id", "идентификатор «NUL.json» — зарезервированное имя устройства Windows (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9, в том числе с расширением): из идентификатора получается имя файла, а в Windows файл с таким именем создать нельзя"},
				{8, "id", "идентификатор «Aux» — зарезервированное имя устройства Windows (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9, в том числе с расширением): из идентификатора получается имя файла, а в Windows файл с таким именем создать нельзя"},
				{9, "id", "идентификатор «PRN» — зарезервированное имя устройства Windows (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9, в том числе с расширением): из идентификатора получается имя файла, а в Windows файл с таким именем создать нельзя"},
				{10, "id", "идентификатор «COM0» — зарезервированное имя устройства Windows (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9, в том числе с расширением): из идентификатора получается имя файла, а в Windows файл с таким именем создать нельзя"},
				{11, "id", "идентификатор «sch-1.» оканчивается точкой: из идентификатора получается имя файла, а Windows отбрасывает точку в конце имени"},
				{15, "id", "идентификатор «LPT¹» содержит недопустимые символы («¹»): из идентификатора получается имя файла, поэтому в нём допустимы только буквы, цифры, «-», «_» и «.»"},
			}},
		{"bad dates",
			[]byte("id,short_name,full_name,district,director,approval_order_date,Дата протокола\n1,a,b,c,d,2025.09.01,31.02.2025\n2,a,b,c,d,1 сентября 2025,01.09.1825\n3,a,b,c,d,,\n"),
			[]Problem{
				{2, "approval_order_date", "дата «2025.09.01» не в формате ДД.ММ.ГГГГ"},
				{2, "Дата протокола", "дата «31.02.2025» не существует"},
				{3, "approval_order_date", "дата «1 сентября 2025» не в формате ДД.ММ.ГГГГ"},
				{3, "Дата протокола", "в дате «01.09.1825» год должен быть от 1900 до 2100"},
			}},
		{"short and long rows",
			[]byte(head + "1,a,b,c\n2,a,b,c,d,,\n3,a,b,c,d,e\n"),
			[]Problem{
				{2, "", "значений в строке меньше, чем столбцов в заголовке (4 и 5): пропущен разделитель «,» или значение разорвано переводом строки без кавычек"},
				{4, "", "значений в строке больше, чем столбцов в заголовке (6 и 5): видимо, значение содержит разделитель «,» и не заключено в кавычки"},
			}},
		{"bare quote",
			[]byte(head + "1,МБОУ \"СОШ\",b,c,d\n2,a,b,c,\n"),
			[]Problem{
				{2, "", "кавычка внутри значения, не заключённого в кавычки: такое значение нужно целиком заключить в кавычки, а кавычки внутри него удвоить"},
				{3, "director", "не заполнено обязательное поле (ФИО директора)"},
			}},
		{"empty file", []byte(""), []Problem{{0, "", "файл пуст"}}},
		{"blank file", []byte("\uFEFF\r\n\r\n"), []Problem{{0, "", "файл пуст"}}},
		{"delimiters only", []byte(";;;;\n;;;\n"), []Problem{{0, "", "файл пуст"}}},
		{"header only", []byte(head), []Problem{{0, "", "реестр пуст: после заголовка нет ни одной строки со школой"}}},
		{"no header",
			[]byte("Реестр школ на 2025/26 учебный год\n"),
			[]Problem{
				{0, "", "в первой строке нет ни одного известного заголовка: первая строка должна содержать названия столбцов (id, short_name, full_name, district, director или их русские названия)"},
				{0, "id", "нет обязательного столбца (идентификатор школы); подходящие заголовки: «id», «ИД», «Идентификатор», «Идентификатор школы», «Код», «Код ОО», «Код школы», «№ ОО»"},
				{0, "short_name", "нет обязательного столбца (краткое наименование); подходящие заголовки: «short_name», «Краткое наименование», «Краткое наименование ОО», «Краткое название», «Сокращённое наименование», «Сокращённое название»"},
				{0, "full_name", "нет обязательного столбца (полное наименование); подходящие заголовки: «full_name», «Полное наименование», «Полное наименование ОО», «Наименование», «Наименование ОО», «Наименование школы», «Полное название»"},
				{0, "district", "нет обязательного столбца (район); подходящие заголовки: «district», «Район», «Муниципальный район», «Муниципальный округ», «Муниципалитет», «Муниципальное образование»"},
				{0, "director", "нет обязательного столбца (ФИО директора); подходящие заголовки: «director», «Директор», «Руководитель», «ФИО директора», «ФИО руководителя»"},
				{0, "", "реестр пуст: после заголовка нет ни одной строки со школой"},
			}},
		{"random high bytes",
			[]byte{0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0xFF, 0xFE, 0xFD, 0x0A, 0x81, 0x99, 0xE9},
			[]Problem{{0, "", "не удалось определить кодировку: ожидается UTF-8 или Windows-1251"}}},
		{"koi8-r",
			mustEncode(charmap.KOI8R.NewEncoder().Bytes([]byte("Код;Наименование;Район\n1;Школа;Район\n"))),
			[]Problem{{0, "", "не удалось определить кодировку: ожидается UTF-8 или Windows-1251"}}},
		{"utf-16le", append([]byte{0xFF, 0xFE}, utf16le("id,short_name\n")...),
			[]Problem{{0, "", "файл в кодировке UTF-16 (в Excel — «Текст Юникод»): сохраните реестр как «CSV UTF-8 (разделитель — запятая)»"}}},
		{"utf-16be", []byte{0xFE, 0xFF, 0, 'i', 0, 'd'},
			[]Problem{{0, "", "файл в кодировке UTF-16 (в Excel — «Текст Юникод»): сохраните реестр как «CSV UTF-8 (разделитель — запятая)»"}}},
		{"utf-16 without BOM", utf16le("id,short_name\n"),
			[]Problem{{0, "", "в файле есть нулевые байты: это не текст CSV или текст в кодировке UTF-16 без метки; сохраните реестр как «CSV UTF-8 (разделитель — запятая)»"}}},
		{"broken utf-8",
			append([]byte(head+"1,Школа,Школа,Район,Иванов\n2,Школа,Шко"), 0xD0, ',', 'b', ',', 'c', ',', 'd', '\n'),
			[]Problem{{3, "", "текст в кодировке UTF-8 повреждён: в строке недопустимая последовательность байтов"}}},
		{"xlsx as csv", []byte("PK\x03\x04rest"),
			[]Problem{{0, "", "это книга Excel (.xlsx) или другой архив, а не CSV: дайте файлу расширение .xlsx или сохраните реестр как «CSV UTF-8»"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ReadCSV(bytes.NewReader(c.data))
			if got != nil {
				t.Errorf("schools %v along with error", got)
			}
			checkProblems(t, err, c.want...)
		})
	}
}

func mustEncode(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestErrorText(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "schools.csv")
	data := head + "1,a,b,c,d\n3,a,b,c,d\n12,a,b,c,d\n4,a,,c,d\n5,a,b,c,d\n12,a,b,c,d\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(path)
	if err == nil {
		t.Fatal("no error")
	}
	wantText := path + ", строка 4, столбец «id»: идентификатор «12» повторяется в строке 7\n" +
		path + ", строка 5, столбец «full_name»: не заполнено обязательное поле (полное наименование)\n" +
		path + ", строка 7, столбец «id»: повторяется идентификатор «12» (впервые в строке 4)"
	if err.Error() != wantText {
		t.Errorf("got\n%s\nwant\n%s", err, wantText)
	}
	var e *Error
	if !errors.As(err, &e) || e.File != path {
		t.Errorf("File = %q", e.File)
	}

	e = &Error{File: "schools.json", Problems: []Problem{{Message: "файл пуст"}, {Column: "id", Message: "нет"}}}
	if got := e.Error(); got != "schools.json: файл пуст\nschools.json, столбец «id»: нет" {
		t.Errorf("got %q", got)
	}
}

func TestUnsupportedExtension(t *testing.T) {
	for name, msg := range map[string]string{
		"schools.txt": "неподдерживаемый формат файла «.txt»: реестр школ принимается в форматах .csv, .xlsx и .json",
		"schools":     "у файла нет расширения: реестр школ принимается в форматах .csv, .xlsx и .json",
		"schools.xls": "старый формат Excel (.xls) не поддерживается: сохраните реестр как «Книга Excel (.xlsx)» или «CSV UTF-8»",
	} {
		_, err := ReadFile(name)
		checkProblems(t, err, Problem{0, "", msg})
		if want := name + ": " + msg; err.Error() != want {
			t.Errorf("got %q, want %q", err, want)
		}
	}
}

func TestRowsAcrossMultilineValues(t *testing.T) {
	// The quoted value spans three lines; Excel shows it as one row, and the
	// blank line as another.
	data := head + "1,a,\"b\nb\nb\",c,d\n\n2,a,b,c,\n"
	_, err := ReadCSV(strings.NewReader(data))
	checkProblems(t, err, Problem{4, "director", "не заполнено обязательное поле (ФИО директора)"})
}

func TestValuesNormalised(t *testing.T) {
	data := "\uFEFF ИД ;КРАТКОЕ_НАИМЕНОВАНИЕ;полное-наименование;Муниципальное  образование;ФИО Руководителя*;Дата протокола педсовета\n" +
		" 1 ;\u00a0МБОУ\tСОШ  №\u00a01 ; «Школа» ;Район;  Иванов  И. И. ;2025-02-28\n"
	got, err := ReadCSV(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	w := []School{{ID: "1", ShortName: "МБОУ СОШ № 1", FullName: "«Школа»", District: "Район", Director: "Иванов И. И.", CouncilProtocolDate: "28.02.2025", Row: 2}}
	if !reflect.DeepEqual(got, w) {
		t.Errorf("got %#v", got)
	}
}

func TestDetectDelimiter(t *testing.T) {
	for in, want := range map[string]rune{
		"a,b;c;d":             ';',
		"a,b,c;d":             ',',
		"a\tb\tc,d":           '\t',
		"\"a;b;c\",d":         ',',
		"a":                   ',',
		"a;b":                 ';',
		"\n\n a\tb \n;;;;;;;": '\t',
	} {
		if got := detectDelimiter(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func TestNormDate(t *testing.T) {
	for in, want := range map[string]string{
		"01.09.2025":  "01.09.2025",
		"1.9.2025":    "01.09.2025",
		"29.02.2024":  "29.02.2024",
		"2025-09-01":  "01.09.2025",
		"29.02.2025":  "",
		"2025-9-1":    "",
		"01.09.25":    "",
		"001.09.2025": "",
		"01.13.2025":  "",
		"":            "",
		"01.09.2025г": "",
	} {
		got, msg := normDate(in)
		if got != want || (want == "") != (msg != "") {
			t.Errorf("%q: got %q, %q", in, got, msg)
		}
	}
}

func TestBadJSON(t *testing.T) {
	good := `{"id": "1", "short_name": "a", "full_name": "b", "district": "c", "director": "d"}`
	cases := []struct {
		name, data string
		want       []Problem
	}{
		{"unknown key",
			"[\n" + good + ",\n" + `{"id": "2", "short_name": "a", "full_name": "b", "district": "c", "dirctor": "d"}` + ",\n" +
				`{"id": "3", "short_name": "a", "full_name": "b", "district": "c", "director": "d", "dirctor": "d", "note": "x"}` + "\n]",
			[]Problem{
				{3, "dirctor", "запись 2: неизвестный ключ «dirctor» (возможно, имелось в виду «director»), всего в записях: 2; допустимые ключи: id, short_name, full_name, district, director, director_position, approval_order_number, approval_order_date, council_protocol_number, council_protocol_date (или русские названия столбцов)"},
				{3, "director", "запись 2: нет обязательного поля «director» (ФИО директора)"},
				{4, "note", "запись 3: неизвестный ключ «note»; допустимые ключи: id, short_name, full_name, district, director, director_position, approval_order_number, approval_order_date, council_protocol_number, council_protocol_date (или русские названия столбцов)"},
			}},
		{"duplicate id and wrong types",
			`{"schools": [` + good + ",\n" +
				`{"id": 1, "short_name": "a", "full_name": "b", "district": "c", "director": ["d"], "approval_order_date": 45900, "Код": "9"}` + "]}",
			[]Problem{
				{1, "id", "запись 1: идентификатор «1» повторяется в записи 2, строка 2"},
				{2, "director", "запись 2: значение должно быть строкой, а не списком"},
				{2, "approval_order_date", "запись 2: значение должно быть строкой вида \"ДД.ММ.ГГГГ\", а не числом 45900"},
				{2, "Код", "запись 2: «id» и «Код» означают одно и то же (идентификатор школы): ключ задан дважды"},
				{2, "id", "запись 2: повторяется идентификатор «1» (впервые в записи 1, строка 1)"},
			}},
		{"not an object", "[\n" + good + ",\n\"школа\"\n]",
			[]Problem{{3, "", "запись 2: ожидается объект с полями школы {\"id\": …}, а не строка"}}},
		{"syntax", "[\n" + good + ",\n{\"id\": \"2\",}\n]",
			[]Problem{{3, "", "ошибка синтаксиса JSON: invalid character '}' looking for beginning of object key string"}}},
		{"truncated", "[\n" + good, []Problem{{0, "", "JSON обрывается: файл неполон"}}},
		{"trailing data", "[" + good + "]\n[]", []Problem{{2, "", "после конца JSON лишние данные"}}},
		{"wrong top", `"schools"`, []Problem{{0, "", "ожидается список школ […] или объект {\"schools\": […]}"}}},
		{"no schools key", `{"school": []}`, []Problem{
			{1, "school", "неизвестный ключ «school»: ожидается объект с единственным ключом «schools», содержащим список школ"},
			{0, "", "нет ключа «schools»: ожидается список школ […] или объект {\"schools\": […]}"},
		}},
		{"empty array", "[]", []Problem{{0, "", "реестр пуст: в списке нет ни одной школы"}}},
		{"empty file", " \n", []Problem{{0, "", "файл пуст"}}},
		{"utf-16", "\xFF\xFE[\x00]\x00", []Problem{{0, "", "файл в кодировке UTF-16: сохраните JSON в кодировке UTF-8"}}},
		{"not utf-8", "[\n{\"id\": \"\xC8\xE2\xE0\xED\"}]", []Problem{{2, "", "JSON должен быть в кодировке UTF-8, а в строке недопустимая последовательность байтов"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ReadJSON(strings.NewReader(c.data))
			if got != nil {
				t.Errorf("schools %v along with error", got)
			}
			// The expectations are written in discovery order; the error
			// sorts them by row.
			checkProblems(t, err, sortedProblems(c.want)...)
		})
	}
}

func sortedProblems(p []Problem) []Problem {
	out := append([]Problem(nil), p...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Row < out[j-1].Row; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func TestJSONNumbers(t *testing.T) {
	data := `[{"id": 1e3, "short_name": "a", "full_name": "b", "district": "c", "director": "d", "approval_order_number": 12.0, "council_protocol_number": -3}]`
	got, err := ReadJSON(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if s := got[0]; s.ID != "1000" || s.ApprovalOrderNumber != "12" || s.CouncilProtocolNumber != "-3" || s.Row != 1 {
		t.Errorf("got %#v", s)
	}
}

func TestBadXLSX(t *testing.T) {
	build := func(t *testing.T, rows [][]any, edit func(f *excelize.File)) []byte {
		t.Helper()
		f := excelize.NewFile()
		defer f.Close()
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
				t.Fatal(err)
			}
		}
		if edit != nil {
			edit(f)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	hdr := []any{"id", "short_name", "full_name", "district", "director", "approval_order_date"}
	cases := []struct {
		name string
		data []byte
		want []Problem
	}{
		{"problems", build(t, [][]any{hdr,
			{"1", "a", "b", "c", "d", "01.09.2025"},
			{},
			{"1", "a", "", "c", "d", 45900},
			{"../x", "a", "b", "c", "d", "сентябрь"},
		}, nil), []Problem{
			{2, "id", "идентификатор «1» повторяется в строке 4"},
			{4, "id", "повторяется идентификатор «1» (впервые в строке 2)"},
			{4, "full_name", "не заполнено обязательное поле (полное наименование)"},
			{4, "approval_order_date", "дата «45900» не в формате ДД.ММ.ГГГГ"},
			{5, "id", "идентификатор «../x» содержит недопустимые символы («/»): из идентификатора получается имя файла, поэтому в нём допустимы только буквы, цифры, «-», «_» и «.»"},
			{5, "approval_order_date", "дата «сентябрь» не в формате ДД.ММ.ГГГГ"},
		}},
		{"header only", build(t, [][]any{hdr}, nil),
			[]Problem{{0, "", "реестр пуст: после заголовка нет ни одной строки со школой"}}},
		{"empty sheet", build(t, nil, nil), []Problem{{0, "", "лист «Sheet1» пуст"}}},
		{"too many rows", build(t, [][]any{hdr}, func(f *excelize.File) {
			_ = f.SetCellValue("Sheet1", "A100001", "x")
		}), []Problem{{0, "", "на листе «Sheet1» больше 100000 строк"}}},
		{"not a workbook", []byte("id,short_name\n"),
			[]Problem{{0, "", "это не книга Excel (.xlsx): файл повреждён или имеет другой формат"}}},
		{"xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0},
			[]Problem{{0, "", "это книга Excel старого формата (.xls) или книга, защищённая паролем: сохраните реестр как «Книга Excel (.xlsx)» без пароля"}}},
		{"empty", nil, []Problem{{0, "", "файл пуст"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ReadXLSX(bytes.NewReader(c.data), int64(len(c.data)))
			if got != nil {
				t.Errorf("schools %v along with error", got)
			}
			checkProblems(t, err, c.want...)
		})
	}
	t.Run("too large", func(t *testing.T) {
		_, err := ReadXLSX(bytes.NewReader(nil), MaxFileSize+1)
		checkProblems(t, err, Problem{0, "", "файл слишком большой: 20.0 МиБ, допустимо не больше 20 МиБ"})
	})
	t.Run("damaged zip", func(t *testing.T) {
		data := registryXLSX(t)
		data = data[:len(data)/2]
		_, err := ReadXLSX(bytes.NewReader(data), int64(len(data)))
		if p := problemsOf(t, err); len(p) != 1 || !strings.HasPrefix(p[0].Message, "книга Excel повреждена") {
			t.Errorf("got %v", err)
		}
	})
}

func TestTooLargeCSV(t *testing.T) {
	_, err := ReadCSV(bytes.NewReader(make([]byte, MaxFileSize+1)))
	checkProblems(t, err, Problem{0, "", "файл слишком большой: больше 20 МиБ"})
}

func generatedCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Код ОО;Краткое наименование;Полное наименование;Район;Директор;Дата приказа\n")
	for i := range n {
		fmt.Fprintf(&b, "%d;МБОУ СОШ № %d;\"Муниципальное бюджетное общеобразовательное учреждение \"\"Средняя школа № %d\"\"\";Район %d;Иванов Иван Иванович;%d.9.2025\n", i+1, i+1, i+1, i%40, i%30+1)
	}
	return b.Bytes()
}

func TestThousandRows(t *testing.T) {
	got, err := ReadCSV(bytes.NewReader(generatedCSV(1000)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1000 {
		t.Fatalf("%d schools", len(got))
	}
	if last := got[999]; last.ID != "1000" || last.Row != 1001 || last.ApprovalOrderDate != "10.09.2025" || last.FullName != `Муниципальное бюджетное общеобразовательное учреждение "Средняя школа № 1000"` {
		t.Errorf("last %#v", last)
	}
}

func BenchmarkReadCSV(b *testing.B) {
	data := generatedCSV(1000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ReadCSV(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNoPanics feeds mangled variants of the good inputs to every reader.
func TestNoPanics(t *testing.T) {
	seeds := [][]byte{[]byte(csvComma), []byte(csvRussian), cp1251(t, csvRussian), []byte(jsonArray), []byte(jsonWrapped)}
	xlsx := registryXLSX(t)
	for _, s := range seeds {
		for cut := 0; cut < len(s); cut += 7 {
			in := s[:cut]
			_, _ = ReadCSV(bytes.NewReader(in))
			_, _ = ReadJSON(bytes.NewReader(in))
			flipped := bytes.Clone(s)
			flipped[cut] ^= 0x80
			_, _ = ReadCSV(bytes.NewReader(flipped))
			_, _ = ReadJSON(bytes.NewReader(flipped))
		}
	}
	for cut := 0; cut < len(xlsx); cut += len(xlsx) / 50 {
		in := bytes.Clone(xlsx)
		in[cut] ^= 0xFF
		_, _ = ReadXLSX(bytes.NewReader(in), int64(len(in)))
		_, _ = ReadXLSX(bytes.NewReader(xlsx[:cut]), int64(cut))
	}
}

func TestWindowsDevice(t *testing.T) {
	for id, want := range map[string]bool{
		"CON": true, "con": true, "Con.txt": true, "nul.tar.gz": true, "COM0": true, "com9": true, "LPT1": true,
		"COM¹": true, "lpt³.x": true, "AUX": true, "prn": true,
		"CONSOLE": false, "con-1": false, "COM10": false, "LPT": false, "COM⁴": false, "xcon": false, "s0001": false, "NULL": false,
	} {
		if got := windowsDevice(id); got != want {
			t.Errorf("windowsDevice(%q) = %v", id, got)
		}
	}
}
