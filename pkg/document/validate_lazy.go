package document

// A plan's measures and cells are most of a document, and their checks
// almost never find anything; building the path of every cell
// («body[3].plan.sections[2].items[4].deadline») for problems that do not
// come was a third of the validator's allocations. A check is run with an
// empty path first and, only when it finds something, its problems are
// dropped and it is run again with the real path: the checks are
// deterministic, so the second run finds the same problems in the same
// order, now at the right place.

// redo drops the problems found since there were n and reports whether
// there were any, so that the caller runs the check again with its path.
func (v *validator) redo(n int) bool {
	if len(v.problems) == n {
		return false
	}
	v.problems = v.problems[:n]
	return true
}
