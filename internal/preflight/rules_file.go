package preflight

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"

	"github.com/kartograf-ru/kartograf/internal/pdfobj"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// File structure rules, ISO 19005-2 clause 6.1. The clause numbers are
// those of the veraPDF profile PDFA-2U.xml: 6.1.2-1/2 (header and binary
// comment), 6.1.3-1/2/3 (ID, Encrypt, nothing after %%EOF), 6.1.7.1-1/2/3
// (stream Length, EOLs around the data, no F/FFilter/FDecodeParms),
// 6.1.7.2-1 (no LZWDecode, Crypt only as Identity, standard filters only).

const (
	clauseHeader  = "6.1.2"
	clauseTrailer = "6.1.3"
	clauseStream  = "6.1.7.1"
	clauseFilters = "6.1.7.2"
)

const msgEncrypt = "в словаре трейлера есть ключ Encrypt: PDF/A запрещает шифрование"

// checkHeader: the file starts with "%PDF-1.n" (n from 0 to 7) and one
// EOL, and the next line is a comment of at least four bytes above 127, so
// that transfer tools treat the file as binary (6.1.2-1, 6.1.2-2).
func checkHeader(raw []byte) []Violation {
	if len(raw) < 9 || !bytes.HasPrefix(raw, []byte("%PDF-1.")) || raw[7] < '0' || raw[7] > '7' {
		return []Violation{{Clause: clauseHeader, Message: "файл не начинается с заголовка «%PDF-1.n» (n от 0 до 7)"}}
	}
	i := 8
	switch {
	case bytes.HasPrefix(raw[i:], []byte("\r\n")):
		i += 2
	case raw[i] == '\n' || raw[i] == '\r':
		i++
	default:
		return []Violation{{Clause: clauseHeader, Message: "за заголовком «%PDF-1.n» нет единственного конца строки"}}
	}
	if len(raw) < i+5 || raw[i] != '%' || raw[i+1] <= 127 || raw[i+2] <= 127 || raw[i+3] <= 127 || raw[i+4] <= 127 {
		return []Violation{{Clause: clauseHeader, Message: "за заголовком нет комментария из четырёх байтов больше 127 (признак двоичного файла)"}}
	}
	return nil
}

// lastTrailer returns the inside of the last trailer dictionary: the one
// after the table startxref points at, or the dictionary of a
// cross-reference stream there.
func lastTrailer(raw []byte) []byte {
	i := bytes.LastIndex(raw, []byte("startxref"))
	if i < 0 {
		return nil
	}
	j := i + len("startxref")
	for j < len(raw) && (raw[j] == ' ' || raw[j] == '\r' || raw[j] == '\n' || raw[j] == '\t') {
		j++
	}
	e := j
	for e < len(raw) && raw[e] >= '0' && raw[e] <= '9' {
		e++
	}
	at, err := strconv.Atoi(string(raw[j:e]))
	if err != nil || at <= 0 || at >= len(raw) {
		return nil
	}
	rest := raw[at:]
	if bytes.HasPrefix(rest, []byte("xref")) {
		t := bytes.Index(rest, []byte("trailer"))
		if t < 0 {
			return nil
		}
		inner, _, ok := pdfobj.Dict(rest[t+len("trailer"):])
		if !ok {
			return nil
		}
		return inner
	}
	// A cross-reference stream: "N G obj" then its dictionary.
	o := bytes.Index(rest, []byte("obj"))
	if o < 0 || o > 24 {
		return nil
	}
	inner, _, ok := pdfobj.Dict(rest[o+len("obj"):])
	if !ok {
		return nil
	}
	return inner
}

// checkEncrypt: the trailer has no Encrypt key (6.1.3-2). It reads the
// bytes, since an encrypted file cannot be parsed without its key.
func checkEncrypt(raw []byte) []Violation {
	if t := lastTrailer(raw); t != nil && pdfobj.Value(t, "Encrypt") != nil {
		return []Violation{{Clause: clauseTrailer, Message: msgEncrypt}}
	}
	return nil
}

// checkTrailerID: the last trailer holds a non-empty /ID, two strings
// that identify the file wherever it is stored (6.1.3-1).
func checkTrailerID(f *file) []Violation {
	// The bytes, not pdfcpu's context: the parser carries an /ID over
	// from an earlier trailer, while the rule is about the last one.
	t := lastTrailer(f.raw)
	id := pdfobj.Value(t, "ID")
	if t == nil || id == nil {
		return []Violation{{Clause: clauseTrailer, Message: "в последнем трейлере нет идентификатора файла /ID"}}
	}
	strs := regexp.MustCompile(`<[0-9A-Fa-f\s]+>|\((?:[^()\\]|\\.)+\)`).FindAll(id, -1)
	if len(strs) != 2 {
		return []Violation{{Clause: clauseTrailer, Message: "/ID в трейлере — не две непустые строки"}}
	}
	return nil
}

// checkPostEOF: nothing follows the last %%EOF but one optional EOL
// (6.1.3-3); a signer that appends padding would break this.
func checkPostEOF(f *file) []Violation {
	i := bytes.LastIndex(f.raw, []byte("%%EOF"))
	if i < 0 {
		return []Violation{{Clause: clauseTrailer, Message: "в файле нет маркера конца %%EOF"}}
	}
	tail := f.raw[i+len("%%EOF"):]
	if len(tail) == 0 || string(tail) == "\n" || string(tail) == "\r" || string(tail) == "\r\n" {
		return nil
	}
	return []Violation{{Clause: clauseTrailer, Message: fmt.Sprintf("после последнего %%%%EOF ещё %d байт", len(tail))}}
}

// checkStreamSyntax: every stream's Length is the number of bytes between
// the EOL after "stream" and the EOL before "endstream"; "stream" is
// followed by CRLF or LF; no external-file keys F, FFilter, FDecodeParms
// (6.1.7.1-1/2/3). Streams inside object streams have no bytes of their
// own and are not there.
func checkStreamSyntax(f *file) []Violation {
	var vs []Violation
	f.objects(func(num int, o types.Object) {
		sd, ok := o.(types.StreamDict)
		if !ok {
			return
		}
		for _, k := range []string{"F", "FFilter", "FDecodeParms"} {
			if _, has := sd.Dict.Find(k); has {
				vs = append(vs, Violation{Clause: clauseStream, Object: num,
					Message: fmt.Sprintf("в словаре потока есть ключ %s (ссылка на внешний файл)", k)})
			}
		}
		e := f.ctx.Table[num]
		if e.Compressed || e.Offset == nil || sd.StreamOffset <= 0 || sd.StreamOffset > int64(len(f.raw)) {
			return
		}
		at := int(sd.StreamOffset)
		if !bytes.HasSuffix(f.raw[:at], []byte("stream\n")) && !bytes.HasSuffix(f.raw[:at], []byte("stream\r\n")) {
			vs = append(vs, Violation{Clause: clauseStream, Object: num,
				Message: "за ключевым словом stream нет CRLF или LF"})
		}
		length, ok := f.deref(sd.Dict["Length"]).(types.Integer)
		if !ok {
			vs = append(vs, Violation{Clause: clauseStream, Object: num, Message: "у потока нет целой длины Length"})
			return
		}
		if !endstreamAt(f.raw, at+length.Value()) {
			vs = append(vs, Violation{Clause: clauseStream, Object: num,
				Message: fmt.Sprintf("Length %d не совпадает с числом байтов потока до endstream", length.Value())})
		}
	})
	return vs
}

// endstreamAt reports whether raw has an EOL and "endstream" at i, the
// end of a stream's data as its Length gives it.
func endstreamAt(raw []byte, i int) bool {
	if i < 0 || i > len(raw) {
		return false
	}
	rest := raw[i:]
	for _, eol := range []string{"\r\n", "\n", "\r"} {
		if bytes.HasPrefix(rest, []byte(eol+"endstream")) {
			return true
		}
	}
	return false
}

// standardFilters are the filters of ISO 32000-1, 7.4, Table 6, without
// LZWDecode, which 6.1.7.2 forbids (its patent history), and Crypt, allowed
// only as the Identity filter.
var standardFilters = map[string]bool{
	"ASCIIHexDecode": true, "ASCII85Decode": true, "FlateDecode": true, "RunLengthDecode": true,
	"CCITTFaxDecode": true, "JBIG2Decode": true, "DCTDecode": true, "JPXDecode": true,
}

// checkFilters: streams use only standard filters, never LZWDecode, and
// Crypt only with the Identity name (6.1.7.2-1).
func checkFilters(f *file) []Violation {
	var vs []Violation
	f.objects(func(num int, o types.Object) {
		sd, ok := o.(types.StreamDict)
		if !ok {
			return
		}
		var names []string
		var parms []types.Object
		switch v := f.deref(sd.Dict["Filter"]).(type) {
		case types.Name:
			names = []string{v.Value()}
			parms = []types.Object{sd.Dict["DecodeParms"]}
		case types.Array:
			dp, _ := f.deref(sd.Dict["DecodeParms"]).(types.Array)
			for i, x := range v {
				names = append(names, f.name(x))
				if i < len(dp) {
					parms = append(parms, dp[i])
				} else {
					parms = append(parms, nil)
				}
			}
		}
		for i, n := range names {
			switch {
			case n == "LZWDecode":
				vs = append(vs, Violation{Clause: clauseFilters, Object: num, Message: "поток сжат фильтром LZWDecode, запрещённым в PDF/A"})
			case n == "Crypt":
				if d := f.dict(parms[i]); d == nil || f.name(d["Name"]) != "Identity" {
					vs = append(vs, Violation{Clause: clauseFilters, Object: num, Message: "фильтр Crypt допустим только с именем Identity"})
				}
			case !standardFilters[n]:
				vs = append(vs, Violation{Clause: clauseFilters, Object: num, Message: fmt.Sprintf("нестандартный фильтр «%s»", n)})
			}
		}
	})
	return vs
}
