package document

import (
	"errors"
	"strings"
)

// Numbers in table cells are exact decimals: an integer count of units of
// 10^-decimals, so that sums never drift as binary floating point does.

// maxUnits bounds a number's units: 15 significant digits are what a
// spreadsheet keeps exactly.
const maxUnits = 999_999_999_999_999

// NumberSpaces are the thousands separators accepted in input: space,
// no-break space, narrow no-break space, thin space.
const numberSpaces = " \u00a0\u202f\u2009"

// IsNoValue reports whether a numeric cell's text says «no value» as
// officials write it: empty, or a dash alone. It is printed as written
// and counts as nothing in a total.
func IsNoValue(s string) bool {
	switch strings.TrimSpace(s) {
	case "", "-", "–", "—":
		return true
	}
	return false
}

// ParseNumber reads a decimal written as «1234.5», «1 234,5» or «-1234,50»
// (spaces of any kind between digit groups) into units of 10^-frac, frac
// being the number of digits after the separator.
func ParseNumber(s string) (units int64, frac int, err error) {
	t := strings.TrimSpace(s)
	neg := false
	if r := strings.TrimPrefix(t, "-"); r != t {
		neg, t = true, r
	} else if r := strings.TrimPrefix(t, "−"); r != t {
		neg, t = true, r
	}
	if t == "" {
		return 0, 0, errors.New("нет цифр")
	}
	digits, seenSep, lastSpace := 0, false, false
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			if units > maxUnits/10 {
				return 0, 0, errors.New("больше 15 значащих цифр")
			}
			units = units*10 + int64(r-'0')
			digits++
			if seenSep {
				frac++
			}
			lastSpace = false
		case r == ',' || r == '.':
			if seenSep || digits == 0 || lastSpace {
				return 0, 0, errors.New("лишний разделитель «" + string(r) + "»")
			}
			seenSep = true
		case strings.ContainsRune(numberSpaces, r):
			// A group separator stands between digits of the integer part.
			if seenSep || digits == 0 || lastSpace {
				return 0, 0, errors.New("пробел не между группами цифр")
			}
			lastSpace = true
		default:
			return 0, 0, errors.New("недопустимый символ «" + string(r) + "»")
		}
	}
	if lastSpace {
		return 0, 0, errors.New("пробел не между группами цифр")
	}
	if seenSep && frac == 0 {
		return 0, 0, errors.New("нет цифр после запятой")
	}
	if units > maxUnits {
		return 0, 0, errors.New("больше 15 значащих цифр")
	}
	if neg {
		units = -units
	}
	return units, frac, nil
}

// rescale converts units of 10^-from to units of 10^-to (to ≥ from); false
// when the result has more than 15 digits.
func rescale(units int64, from, to int) (int64, bool) {
	for ; from < to; from++ {
		if units > maxUnits/10 || units < -maxUnits/10 {
			return 0, false
		}
		units *= 10
	}
	return units, true
}

// FormatNumber writes units of 10^-decimals as Russian tables print them:
// a decimal comma, digit groups joined by no-break spaces (so a number
// never breaks across lines), «-» before a negative value.
func FormatNumber(units int64, decimals int) string {
	neg := units < 0
	if neg {
		units = -units
	}
	ds := []byte{}
	for u := units; u > 0 || len(ds) <= decimals; u /= 10 {
		ds = append(ds, byte('0'+u%10))
	}
	// ds holds the digits lowest first.
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := len(ds) - 1; i >= decimals; i-- {
		b.WriteByte(ds[i])
		if pos := i - decimals; pos > 0 && pos%3 == 0 {
			b.WriteString("\u00a0")
		}
	}
	if decimals > 0 {
		b.WriteByte(',')
		for i := decimals - 1; i >= 0; i-- {
			b.WriteByte(ds[i])
		}
	}
	return b.String()
}
