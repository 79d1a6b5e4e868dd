// Package docx fills Word-authored DOCX templates with a document.
//
// A template version keeps its .docx unpacked as text (docx/ beside the
// manifest). Tags are Go text/template actions written in the document's
// text, e.g. {{.Title}}. Before parsing, tags that Word split across runs
// are merged back into one run, and Word's typographic quotes and
// non-breaking spaces inside tags are normalised. Structural tags stand for
// a whole element: {{p range X}} … {{p end}} repeat paragraphs (and the
// tables between them), {{tr range X}} … {{tr end}} repeat table rows,
// {{tc range X}} repeats the cell it starts. A value that is the only text
// of its paragraph becomes whole paragraphs (rich content and real Word
// lists); any other value is inline text. Every value is XML-escaped by
// the engine; data is never parsed as a template.
//
// The template's dot (Root) is made from the presentation model
// (pkg/render/view) and nothing else: columns, letterhead, alignment,
// indent, numbers and typography are decided there, once for every
// format. RenderView fills a template with a view; Render builds the view
// first. Where a heading's or narrative paragraph's alignment or first-line
// indent, or a plan's or table's body cell's column alignment, differs from
// what the template's paragraph and its style give, the engine writes its
// own w:jc or w:ind. Lists are Word lists (numbering.go); a bullet the
// manifest's docx.lists does not map prints as itself, on the default
// bullet's indents.
//
// A chart block is a native DrawingML chart part with its data in an
// embedded workbook, drawn inline at the text width above its caption
// (chart.go); it prints through the template's narrative paragraph.
//
// Templates are compiled once per template version. Output is
// deterministic: fixed zip entry order, entries dated as package zipx
// dates them, no rsids or dates.
package docx
