// Package view is the presentation model: what a document looks like,
// decided once and read by every renderer (PDF, DOCX, XLSX).
//
// Build turns a validated document and a template version into a *View.
// Every rule about the document's appearance that is not a format's own
// page geometry lives here and nowhere else:
//
//   - the effective plan columns (the plan's own, else the template's) and
//     their widths as fractions of the text width that add up to 1, an
//     omitted width counting as 1 (Fractions);
//   - the letterhead: the organisation lines when the template prints them,
//     the title in capitals when it asks, the subtitle, and the stamps in
//     document order with their side and their lines in order;
//   - the alignment and first-line indent of paragraphs and the alignment
//     and level of headings;
//   - section and measure numbers, status labels;
//   - the Russian typography of every text a user wrote (typo.Typograph),
//     applied once; renderers print the view's strings as they are;
//   - lists with their markers and start numbers.
//
// Renderers walk the blocks with Walk and a Visitor, so that a new kind of
// block is a compile error in every renderer that does not handle it.
//
// The package sits between the document model and the renderers: it imports
// document, templates and typo, and no renderer.
package view
