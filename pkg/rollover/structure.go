package rollover

import "github.com/kartograf-ru/kartograf/pkg/document"

// whyYears is why a period of several years is kept: the roll moves a
// yearly document to the next year, and a programme for 2023–2026 is not
// one; the user decides its new span.
const whyYears = "период из нескольких лет (period.years) не переносится: укажите новый период сами"

// structure copies the document's structure fields to the rolled copy:
// letterhead, cover page and heading numbering as they are; of the
// appendix grif the number and the text as written, while the requisites
// of the order it is attached to (date, order number, reference) are
// cleared like the document's own date and number — next year's document
// is attached by a new order.
func (r *roller) structure(d, out *document.Document) {
	out.Letterhead = d.Letterhead
	out.Cover = d.Cover
	out.HeadingNumbering = d.HeadingNumbering
	if a := d.Appendix; a != nil {
		out.Appendix = &document.Appendix{
			Number:      a.Number,
			To:          r.keepAll("appendix.to", a.To, whyStamp),
			Date:        r.clear("appendix.date", a.Date),
			OrderNumber: r.clear("appendix.order_number", a.OrderNumber),
			Reference:   r.clear("appendix.reference", a.Reference),
		}
	}
}

// years keeps a period of several years and reports it (whyYears).
func (r *roller) years(p *document.Period) string {
	if p.Years != "" {
		r.rep.Kept = append(r.rep.Kept, Kept{Path: "period.years", Text: p.Years, Year: p.Years, Why: whyYears})
	}
	return p.Years
}

// structureBlock copies a page break or a contents block (their texts
// hold no years to move: the contents' entries are the headings', rolled
// where they stand).
func structureBlock(b document.Block, out *document.Block) {
	if b.PageBreak != nil {
		out.PageBreak = &document.PageBreak{}
	}
	if c := b.Contents; c != nil {
		cc := *c
		out.Contents = &cc
	}
}
