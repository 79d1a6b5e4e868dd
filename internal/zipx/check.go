package zipx

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
)

// Check reports the first way data is not an archive as this package
// writes it: every entry, in its local and central header, dated Epoch in
// the MS-DOS fields with no extra field, and every stored entry's sizes in
// its local header (no data descriptor). Tests of the packages that write
// archives call it on their output.
func Check(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	for _, f := range zr.File {
		if f.ModifiedDate != dosDate || f.ModifiedTime != dosTime || len(f.Extra) != 0 {
			return fmt.Errorf("%s: central header dated %v, extra field %x; want %v and none", f.Name, f.Modified, f.Extra, Epoch)
		}
		off, err := f.DataOffset()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		// Without an extra field the local header is 30 bytes and the name.
		lh := off - 30 - int64(len(f.Name))
		if lh < 0 || string(data[lh:lh+4]) != "PK\x03\x04" || string(data[lh+30:off]) != f.Name {
			return fmt.Errorf("%s: the local header is not 30 bytes and the name (an extra field?)", f.Name)
		}
		h := data[lh:]
		le := binary.LittleEndian
		if le.Uint16(h[10:]) != dosTime || le.Uint16(h[12:]) != dosDate || le.Uint16(h[28:]) != 0 {
			return fmt.Errorf("%s: local header dated %#x %#x, extra field of %d bytes", f.Name, le.Uint16(h[12:]), le.Uint16(h[10:]), le.Uint16(h[28:]))
		}
		if f.Method == zip.Store && (le.Uint16(h[6:])&0x8 != 0 || le.Uint32(h[22:]) != uint32(f.UncompressedSize64)) {
			return fmt.Errorf("%s: a stored entry without its sizes in the local header", f.Name)
		}
	}
	return nil
}
