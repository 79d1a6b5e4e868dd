// Package sign signs PDFs: PAdES B-B (a detached CMS with content-type,
// message-digest and signing-certificate-v2 signed attributes, no
// signing-time attribute, the time in the signature dictionary's /M) or
// the older adbe.pkcs7.detached, appended to the file as an incremental
// update whose ByteRange covers the whole file except the signature value.
// SignPDF refuses a certificate that is expired, not yet valid or not
// meant for signatures (*CertificateError) unless told it is a test key.
// With Options.TSA it is PAdES B-T: an RFC 3161 time-stamp token over the
// signature value, from a TimeStamper (HTTPTimeStamper asks a TSA over
// HTTP, bounded in time, retries and size; failures are *TSAError), goes
// into the SignerInfo's unsigned attributes.
//
// Verify and VerifyWith check signatures and report each verdict on its
// own: integrity (digest, signature, the ESS hash binding the embedded
// certificate, a strictly encoded CMS), trust (a chain to the system or
// given roots), the certificate's validity at the signing time and its
// key usage, what incremental updates after the signed revision
// change, and the time-stamp (TimeStampInfo: the token's own signature,
// its imprint of the signature value, the TSA's chain to the same roots
// at its time).
//
// The Signer is an interface — digest in, signature out — so that an HSM
// or a GOST service can be plugged in without touching the PDF code.
package sign
