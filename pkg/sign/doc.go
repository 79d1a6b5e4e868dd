// Package sign signs PDFs: PAdES B-B (a detached CMS with content-type,
// message-digest and signing-certificate-v2 signed attributes, no
// signing-time attribute, the time in the signature dictionary's /M) or
// the older adbe.pkcs7.detached, appended to the file as an incremental
// update whose ByteRange covers the whole file except the signature value.
//
// The Signer is an interface — digest in, signature out — so that an HSM
// or a GOST service can be plugged in without touching the PDF code.
package sign
