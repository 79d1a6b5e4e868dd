// Package preflight checks a PDF file against the rules of ISO 19005-2
// (PDF/A-2, level U) and ISO 19005-3 (PDF/A-3, level U) that Kartograf's
// output can break: the header, the trailer, stream syntax and filters, the
// output intent, embedded fonts with ToUnicode and no partial CIDSet,
// annotation flags and appearances, the XMP metadata and its agreement
// with the Info dictionary, and associated (embedded) files.
//
// It is not a full validator: veraPDF cannot be installed in this project's
// environment, so the suite covers, clause by clause, what a change to the
// renderer or the signer could get wrong. Every rule names the clause of
// the standard it checks; the numbers follow the veraPDF validation
// profiles PDFA-2U.xml and PDFA-3U.xml
// (github.com/veraPDF/veraPDF-validation-profiles, PDF_A/, commit
// 6f2a87f1 of 2025-08-21), which cite ISO 19005-2:2011 and 19005-3:2012
// clause by clause. A veraPDF run is still recommended before an archive
// accepts the files.
//
// The file is parsed with pdfcpu (github.com/pdfcpu/pdfcpu, Apache-2.0);
// byte-level rules (header, stream lengths, the trailer) read the bytes.
package preflight
