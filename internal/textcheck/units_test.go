package textcheck

import (
	"strings"
	"testing"
)

func TestInOrderUnits(t *testing.T) {
	units := []string{"Анализ внутришкольного мониторинга", "Май 2023г.", "Зам. директора по УВР", "Аналитическая справка"}
	pass := map[string]string{
		"plain": "Анализ внутришкольного мониторинга Май 2023г. Зам. директора по УВР Аналитическая справка",
		// The first cell is split by a page break: its tail follows the row.
		"split row":            "Анализ внутришкольного Май 2023г. Зам. директора по УВР Аналитическая справка\f2\nмониторинга",
		"word split by a page": "Анализ внутришкольного мони\nМай 2023г. Зам. директора по УВР Аналитическая справка\f2\nПродолжение\nторинга",
		"hyphenated":           "Анализ внутри-\nшкольного мониторинга Май 2023г. Зам. директора по УВР Аналитическая справка",
	}
	for name, got := range pass {
		if err := InOrderUnits(units, got); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	fail := map[string]string{
		"missing word":              "Анализ внутришкольного Май 2023г. Зам. директора по УВР Аналитическая справка",
		"units swapped":             "Май 2023г. Анализ внутришкольного мониторинга Зам. директора по УВР Аналитическая справка",
		"words swapped":             "Анализ мониторинга внутришкольного Май 2023г. Зам. директора по УВР Аналитическая справка",
		"tail of a split word lost": "Анализ внутришкольного мони\nМай 2023г. Зам. директора по УВР Аналитическая справка\f2\nПродолжение\nторг",
		"last cell lost":            "Анализ внутришкольного мониторинга Май 2023г. Зам. директора по УВР",
		"empty":                     "",
	}
	for name, got := range fail {
		if err := InOrderUnits(units, got); err == nil {
			t.Errorf("%s: passed, want a failure", name)
		}
	}
	if err := InOrderUnits(nil, "x"); err == nil {
		t.Error("no units must not pass")
	}
}

func TestSeedUnitsAreCells(t *testing.T) {
	u := SeedUnits("<b>№</b>\t<b>Мероприятия</b>\n1.1\tСоздание рабочей группы\tФевраль 2024г.\n\n\tв ОУ\t\n")
	want := []string{"№", "Мероприятия", "1.1", "Создание рабочей группы в ОУ", "Февраль 2024г."}
	if strings.Join(u, "|") != strings.Join(want, "|") {
		t.Errorf("units %q, want %q", u, want)
	}
}
