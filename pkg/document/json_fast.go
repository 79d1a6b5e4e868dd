package document

// rawElem returns v's JSON as json.Encoder writes it when that is v's own
// MarshalJSON output unchanged, so that WriteJSON can skip the Encoder's
// re-scan of it. The Encoder validates and compacts a Marshaler's output
// and escapes <, >, & and U+2028/U+2029 in it; a measure writes compact
// JSON itself, so unless it holds one of those the re-scan changes
// nothing — and it was half the cost of the input hash.
func rawElem(v any) ([]byte, bool) {
	var (
		b   []byte
		err error
	)
	switch e := v.(type) {
	case *Measure:
		if e == nil {
			return nil, false
		}
		b, err = e.MarshalJSON()
	case *[]Content: // a table's row
		if e == nil || *e == nil {
			return nil, false
		}
		b = append(b, '[')
		for i, c := range *e {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = c.appendJSON(b); err != nil {
				return nil, false
			}
		}
		b = append(b, ']')
	default:
		return nil, false
	}
	if err != nil || htmlEscaped(b) {
		return nil, false
	}
	return b, true
}

// htmlEscaped reports whether json's HTML escaping would change b.
func htmlEscaped(b []byte) bool {
	for i, c := range b {
		switch c {
		case '<', '>', '&':
			return true
		case 0xE2: // U+2028 and U+2029 are E2 80 A8 and E2 80 A9
			if i+2 < len(b) && b[i+1] == 0x80 && (b[i+2] == 0xA8 || b[i+2] == 0xA9) {
				return true
			}
		}
	}
	return false
}
