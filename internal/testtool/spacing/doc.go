// Package spacing measures how evenly a PDF's justified text is spaced:
// for every justified line, the widest inter-word gap divided by the
// font's normal space, and how many lines end hyphenated in a row. It is
// the yardstick of issue 18 (optimal line breaking) and reads any PDF
// through poppler's pdftotext -bbox-layout, so that Kartograf's output and
// another typesetter's (Typst) are measured by the same rule.
//
// A line is justified when it reaches the right edge of the text frame
// and has at least Options.MinWords words; the last line of a paragraph,
// headings, table cells and signatures do not reach that edge, or are
// told apart by the rules documented on Measure.
package spacing
