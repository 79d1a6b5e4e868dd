package rollover

import "testing"

func TestShiftText(t *testing.T) {
	for shift, want := range map[int]string{1: "+1 год", 2: "+2 года", 4: "+4 года", 5: "+5 лет", 11: "+11 лет", 21: "+21 год", -1: "-1 год"} {
		if got := (&Report{Shift: shift}).ShiftText(); got != want {
			t.Errorf("shift %d: %q, want %q", shift, got, want)
		}
	}
}
