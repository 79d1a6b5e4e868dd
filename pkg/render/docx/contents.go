package docx

// Contents is the table of contents («Содержание»). A template prints it as
// Word's TOC field whose result is pre-filled with Entries, so that the
// contents shows before anyone updates fields, and Word rebuilds it from the
// heading styles when asked.
type Contents struct {
	Title   string // the contents' own heading, "" for none
	Entries []ContentsEntry
}

// ContentsEntry is one line of the contents.
type ContentsEntry struct {
	Text  string // the heading as printed, with its number
	Level int    // 1 or 2
	Page  string // the page number, "" when not known
	// First and Last mark the entries that open and close the TOC field.
	First, Last bool
}
