package pdf

import (
	"bytes"
	"strconv"
	"unicode/utf16"
)

// writeInfo writes the information dictionary as object num. Its strings
// are written as pdfobj.TextString writes them, straight into out: that
// function's rune, UTF-16 and string copies of every key were a fiftieth
// of a small render.
func writeInfo(out *bytes.Buffer, num int, info Info) {
	out.Write(strconv.AppendInt(out.AvailableBuffer(), int64(num), 10))
	out.WriteString(" 0 obj\n<<\n")
	for _, kv := range [...][2]string{
		{"Title", info.Title}, {"Author", info.Author}, {"Subject", info.Subject},
		{"Creator", info.Creator}, {"Producer", producer},
		{"KartografTemplate", info.Template}, {"KartografInputSHA256", info.InputHash},
	} {
		if kv[1] != "" {
			out.WriteByte('/')
			out.WriteString(kv[0])
			out.WriteByte(' ')
			out.Write(appendTextString(out.AvailableBuffer(), kv[1]))
			out.WriteByte('\n')
		}
	}
	out.WriteString(">>\nendobj\n")
}

// appendTextString appends pdfobj.TextString(s) to b: UTF-16BE with a
// byte order mark, in hex; invalid UTF-8 and runes UTF-16 cannot hold
// become U+FFFD as there.
func appendTextString(b []byte, s string) []byte {
	b = append(b, "<FEFF"...)
	var u [2]uint16
	for _, r := range s {
		for _, c := range utf16.AppendRune(u[:0], r) {
			b = append(b, hexDigits[c>>12], hexDigits[c>>8&15], hexDigits[c>>4&15], hexDigits[c&15])
		}
	}
	return append(b, '>')
}
