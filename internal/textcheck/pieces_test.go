package textcheck

import "testing"

// A spreadsheet printed with pdftotext -layout puts each line of a cell on
// its own printed line among the other cells' lines: a URL hard-wrapped in
// a narrow cell comes in several pieces with other text between them.
func TestInOrderUnitsPiecesAmongCells(t *testing.T) {
	got := "https://edu.kbr.ru/Dorozhna   Заместитель\n" +
		"yaKartaPovyshen               директора по УВР\n" +
		"iyaKachestva                  \n" +
		"Размещение"
	units := []string{"https://edu.kbr.ru/DorozhnayaKartaPovysheniyaKachestva", "Заместитель директора по УВР", "Размещение"}
	if err := InOrderUnits(units, got); err != nil {
		t.Fatal(err)
	}
	if err := InOrderUnits([]string{"https://edu.kbr.ru/DorozhnayaKartaPovysheniyaKachestvaObrazovaniya"}, got); err == nil {
		t.Fatal("a word whose last piece is missing was accepted")
	}
}
