package docx

import (
	"strconv"
	"strings"
)

// A passport is a table of label/value rows. Word and LibreOffice break a
// table between any two rows and, unless told otherwise, inside a row; a
// passport then loses a label from its value, or its last row ends up
// alone at the top of the next page. The engine makes every passport row
// one that does not split (w:cantSplit) and keeps the last row but one
// with the last (w:keepNext on its paragraphs), so that at least two rows
// go over together. It knows a passport's rows by the template contract's
// name for them: a {{tr range …Passport.Rows}}.

// keepRows is what a table's open {{tr …}} blocks are, for the rows the
// engine keeps together.
type keepRows struct {
	open []bool // per open block: a passport's row range
	n    int    // how many of them are open
}

// isPassportRows reports whether a {{tr range X}} action ranges over a
// passport's rows without naming variables of its own.
func isPassportRows(action string) (pipe string, ok bool) {
	f := strings.Fields(action)
	if len(f) != 2 || f[0] != "range" || !strings.HasSuffix(f[1], "Passport.Rows") {
		return "", false
	}
	return f[1], true
}

// directive is the template source of a {{tr …}} row, with a passport's
// row range rewritten to tell each row where it stands.
func (c *compiler) directive(k *keepRows, d tagInfo) string {
	switch d.verb {
	case "range", "if", "with":
		pipe, ok := isPassportRows(d.action)
		k.open = append(k.open, ok)
		if !ok {
			break
		}
		k.n++
		c.grid++
		n, i := "$kxn"+strconv.Itoa(c.grid), "$kxi"+strconv.Itoa(c.grid)
		return lDelim + n + " := len (" + pipe + ")" + rDelim +
			lDelim + "range " + i + ", $kxe" + strconv.Itoa(c.grid) + " := " + pipe + rDelim +
			lDelim + "kxkeep $.S " + i + " " + n + rDelim
	case "else", "end":
		if len(k.open) > 0 && k.open[len(k.open)-1] {
			pre := lDelim + "kxkeep $.S 0 0" + rDelim
			if d.verb == "end" {
				k.open = k.open[:len(k.open)-1]
				k.n--
			}
			return pre + lDelim + d.action + rDelim
		}
		if d.verb == "end" && len(k.open) > 0 {
			k.open = k.open[:len(k.open)-1]
		}
	}
	return lDelim + d.action + rDelim
}

// kxkeep records whether the row being written is a passport's last but
// one (row i of n), whose paragraphs keep with the next row.
func kxkeep(s *state, i, n int) string {
	s.keepNext = n > 1 && i == n-2
	return ""
}

// withCantSplit makes a row's start (<w:tr …> and its w:trPr) one that
// does not break across pages.
func withCantSplit(head string) string {
	if findElem(head, "w:cantSplit") >= 0 {
		return head
	}
	if k := findElem(head, "w:trPr"); k >= 0 {
		gt := k + strings.IndexByte(head[k:], '>')
		if head[gt-1] == '/' {
			return head[:k] + "<w:trPr><w:cantSplit/></w:trPr>" + head[gt+1:]
		}
		// cantSplit comes after the w:cnfStyle, w:divId, w:gridBefore,
		// w:gridAfter, w:wBefore, w:wAfter a row may start with.
		i := gt + 1
		if j := firstIn(head, strings.Index(head, "</w:trPr>"), trPrAfterCantSplit); j > i {
			i = j
		}
		return head[:i] + "<w:cantSplit/>" + head[i:]
	}
	if k := findElem(head, "w:tr"); k >= 0 {
		gt := k + strings.IndexByte(head[k:], '>') + 1
		// w:tblPrEx may come first.
		if e := strings.Index(head, "</w:tblPrEx>"); e >= 0 {
			gt = e + len("</w:tblPrEx>")
		}
		return head[:gt] + "<w:trPr><w:cantSplit/></w:trPr>" + head[gt:]
	}
	return head
}

// trPrAfterCantSplit are the w:trPr children that follow w:cantSplit
// (CT_TrPrBase is a choice, but Word writes them in this order).
var trPrAfterCantSplit = []string{"<w:trHeight", "<w:tblHeader", "<w:tblCellSpacing", "<w:jc", "<w:hidden", "<w:ins", "<w:del", "<w:trPrChange"}

// withKeepNext makes a paragraph keep with the next one.
func withKeepNext(pPr string) string {
	if pPr == "" || !strings.Contains(pPr, "</w:pPr>") {
		return "<w:pPr><w:keepNext/></w:pPr>"
	}
	if findElem(pPr, "w:keepNext") >= 0 {
		return pPr
	}
	i := strings.IndexByte(pPr, '>') + 1
	if ps := findElem(pPr[i:], "w:pStyle"); ps >= 0 && strings.TrimSpace(pPr[i:i+ps]) == "" {
		i += ps + strings.IndexByte(pPr[i+ps:], '>') + 1
	}
	return pPr[:i] + "<w:keepNext/>" + pPr[i:]
}
