package document

import (
	"unicode"
	"unicode/utf8"
)

// MaxQR is the longest QR-code datum, in bytes. A QR code printed in the
// corner of a page stays readable by a phone up to about version 8 (49
// modules, 0.3 mm each in 15 mm); 120 bytes of a URL or an identifier fit
// version 8 at error correction level M.
const MaxQR = 120

// qr checks the QR-code requisite (ГОСТ Р 7.0.97-2025, requisite 31): a
// document identifier or URL, encoded as given.
func (v *validator) qr(s string) {
	if s == "" {
		return
	}
	switch {
	case len(s) > MaxQR:
		v.add("qr", "данные QR-кода длиннее %d байт (%d): в углу листа такой код не прочитать; дайте короткий адрес или идентификатор", MaxQR, len(s))
	case !utf8.ValidString(s):
		v.add("qr", "данные QR-кода не в кодировке UTF-8")
	default:
		for _, r := range s {
			if unicode.IsControl(r) || unicode.IsSpace(r) && r != ' ' {
				v.add("qr", "данные QR-кода содержат управляющий символ или перевод строки (U+%04X)", r)
				return
			}
		}
	}
}
