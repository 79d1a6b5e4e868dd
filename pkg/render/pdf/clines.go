package pdf

// Cells' lines are built in one scratch slice and then copied, exactly
// sized, into a shared chunk: growing every cell's own slice line by line
// was a third of a small PDF's allocations. A chunk is dropped by the
// layout when full and lives as long as a row that points into it, so a
// streamed table (rowseq.go) still holds only the chunks of its last rows.

// clineChunk is the number of lines a chunk holds: a few rows' worth.
const clineChunk = 256

// keepLines returns a copy of lines in the layout's current chunk, its
// capacity its length so that an append to it never writes into the chunk.
func (l *layout) keepLines(lines []cline) []cline {
	n := len(lines)
	if n == 0 {
		return nil
	}
	if cap(l.clines)-len(l.clines) < n {
		l.clines = make([]cline, 0, max(clineChunk, n))
	}
	i := len(l.clines)
	l.clines = append(l.clines, lines...)
	return l.clines[i : i+n : i+n]
}
