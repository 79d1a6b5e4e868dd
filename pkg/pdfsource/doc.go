// Package pdfsource reads back the source data Kartograf attaches to a
// PDF/A-3u: the document's canonical JSON, embedded as the file
// kartograf-source.json with /AFRelationship /Source. With it an archived
// or signed PDF becomes the input of next year's roadmap.
//
// The attachment is looked up in the newest revision of the file, so a
// PDF signed after rendering (an incremental update: a new catalog and
// cross-reference section after the original) reads like the original.
// It is the catalog's associated file (/AF) that is the source of the
// document and JSON, else the embedded file (/Names /EmbeddedFiles) named
// kartograf-source.json.
//
// Only what Kartograf and its signing write is read: classic
// cross-reference tables, no object streams, and FlateDecode or no filter
// on the attachment. The caller bounds the file's size; the attachment,
// once decompressed, may hold at most MaxSize bytes. Errors are in Russian,
// for the users of `kartograf import` and the service; a PDF without the
// attachment gives a *MissingError that lists the attachments it has.
package pdfsource
