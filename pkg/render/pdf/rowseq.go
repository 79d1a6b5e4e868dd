package pdf

// rowSeq is a table's rows, made one at a time as pagination reaches them
// and dropped once drawn: pagination looks at most one row ahead (a
// section row is kept with the next), so a long table holds two.
type rowSeq struct {
	n    int
	make func(i int) (row, error) // row i; called once per row, in order
	lo   int                      // the index of win[0]
	win  []row
}

// sliceRows is a sequence of rows already made.
func sliceRows(rows []row) *rowSeq {
	return &rowSeq{n: len(rows), make: func(i int) (row, error) { return rows[i], nil }}
}

// at returns row i (lo ≤ i < n), making the rows up to it.
func (s *rowSeq) at(i int) (*row, error) {
	for s.lo+len(s.win) <= i {
		r, err := s.make(s.lo + len(s.win))
		if err != nil {
			return nil, err
		}
		s.win = append(s.win, r)
	}
	return &s.win[i-s.lo], nil
}

// release drops the rows before i; pointers from at to them are invalid.
func (s *rowSeq) release(i int) {
	d := i - s.lo
	if d <= 0 {
		return
	}
	if d >= len(s.win) {
		clear(s.win)
		s.win = s.win[:0]
	} else {
		n := copy(s.win, s.win[d:])
		clear(s.win[n:])
		s.win = s.win[:n]
	}
	s.lo = i
}
