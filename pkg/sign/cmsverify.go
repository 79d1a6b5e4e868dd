package sign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"time"
)

var (
	oidSigningTime   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidSHA256WithRSA = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
)

// parsedCMS is what a verified CMS tells about its signer.
type parsedCMS struct {
	cert        *x509.Certificate   // the signer's, nil when not found
	others      []*x509.Certificate // the rest of the CMS certificates: intermediates
	signingTime time.Time           // the signing-time attribute, zero when absent
	signature   []byte              // the signature value, which a time-stamp covers
	timeStamp   []byte              // the signature-time-stamp token, nil when absent
}

// verifyCMS checks a detached CMS SignedData against the digest of the
// signed bytes. raw is the decoded /Contents: DER followed only by zero
// padding. The CMS must be exactly what a conforming signer writes — DER,
// one SignerInfo, SHA-256 throughout — because every byte that is not
// covered by the signature and yet accepted is a byte an attacker may
// change. requireESS demands the signing-certificate-v2 attribute (PAdES).
func verifyCMS(raw, digest []byte, requireESS bool) (parsedCMS, error) {
	var out parsedCMS
	var ci contentInfo
	rest, err := asn1.Unmarshal(raw, &ci)
	if err != nil || !ci.ContentType.Equal(oidSignedData) {
		return out, errors.New("подпись не является CMS SignedData")
	}
	if len(bytes.Trim(rest, "\x00")) != 0 {
		return out, errors.New("в /Contents после CMS есть данные кроме нулевого заполнения")
	}
	der := raw[:len(raw)-len(rest)]
	if !explicit0(ci.Content) {
		return out, errors.New("CMS: нет содержимого [0]")
	}
	var sd signedData
	if rest, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil || len(rest) != 0 {
		return out, errors.New("CMS SignedData не читается или содержит лишние данные")
	}
	if err := roundTrip(der, sd); err != nil {
		return out, err
	}
	if sd.Version != 1 {
		return out, fmt.Errorf("CMS: версия SignedData %d, ожидается 1", sd.Version)
	}
	if len(sd.DigestAlgorithms) == 1 && isGOST(sd.DigestAlgorithms[0]) {
		return out, ErrGOSTNotVerified
	}
	if len(sd.DigestAlgorithms) != 1 || !isSHA256(sd.DigestAlgorithms[0]) {
		return out, errors.New("CMS: алгоритм хеширования должен быть один, SHA-256")
	}
	if !sd.EncapContentInfo.EContentType.Equal(oidData) {
		return out, errors.New("CMS: тип содержимого не id-data")
	}
	if len(sd.SignerInfos) != 1 {
		return out, errors.New("в CMS должна быть ровно одна подпись")
	}
	si := sd.SignerInfos[0]
	if !explicit0(sd.Certificates) {
		return out, errors.New("в CMS нет сертификата подписанта")
	}
	certs, err := x509.ParseCertificates(sd.Certificates.Bytes)
	if err != nil || len(certs) == 0 {
		return out, errors.New("сертификаты в CMS не читаются")
	}
	for _, c := range certs {
		if out.cert == nil && c.SerialNumber.Cmp(si.SID.Serial) == 0 && bytes.Equal(c.RawIssuer, si.SID.Issuer.FullBytes) {
			out.cert = c
			continue
		}
		out.others = append(out.others, c)
	}
	if out.cert == nil {
		return out, errors.New("сертификат подписанта не найден в CMS")
	}
	cert := out.cert
	if err := readUnsigned(si, &out); err != nil {
		return out, err
	}
	if si.Version != 1 {
		return out, fmt.Errorf("CMS: версия SignerInfo %d, ожидается 1", si.Version)
	}
	if !isSHA256(si.DigestAlgorithm) {
		return out, errors.New("CMS: алгоритм хеширования подписи не SHA-256 или не совпадает с заявленным в SignedData")
	}
	if err := checkSignatureAlgorithm(cert, si.SignatureAlgorithm); err != nil {
		return out, err
	}
	if !explicit0(si.SignedAttrs) {
		return out, errors.New("CMS: нет подписанных атрибутов")
	}
	attrs, err := readAttributes(si.SignedAttrs.FullBytes)
	if err != nil {
		return out, err
	}
	ct, ok := attrs[oidContentType.String()]
	var ctOID asn1.ObjectIdentifier
	if !ok || !unmarshalExact(ct, &ctOID) || !ctOID.Equal(oidData) {
		return out, errors.New("CMS: атрибут contentType отсутствует или не id-data")
	}
	var md []byte
	if v, ok := attrs[oidMessageDigest.String()]; !ok || !unmarshalExact(v, &md) {
		return out, errors.New("CMS: атрибут messageDigest отсутствует или не читается")
	}
	if v, ok := attrs[oidSigningTime.String()]; ok {
		if !unmarshalExact(v, &out.signingTime) {
			return out, errors.New("CMS: атрибут signing-time не читается")
		}
	}
	if !bytes.Equal(md, digest) {
		return out, errors.New("хеш документа не совпадает с подписанным: документ изменён")
	}
	// The signature is over the attributes as a SET (tag 0x31, not [0]).
	set := append([]byte{0x31}, si.SignedAttrs.FullBytes[1:]...)
	h := sha256.Sum256(set)
	switch pub := cert.PublicKey.(type) {
	case *rsa.PublicKey:
		if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, h[:], si.Signature); err != nil {
			return out, errors.New("подпись над подписанными атрибутами не верна (ключ сертификата её не подтверждает)")
		}
	case *ecdsa.PublicKey:
		if !ecdsa.VerifyASN1(pub, h[:], si.Signature) {
			return out, errors.New("подпись над подписанными атрибутами не верна (ключ сертификата её не подтверждает)")
		}
	default:
		return out, errUnsupportedKeyForCMS
	}
	ess, ok := attrs[oidSigningCertificateV2.String()]
	if !ok {
		if requireESS {
			return out, errors.New("в подписи PAdES нет атрибута ESS signing-certificate-v2: сертификат не связан с подписью")
		}
		return out, nil
	}
	return out, checkESS(ess, cert)
}

// checkESS compares the signing-certificate-v2 attribute with the
// embedded certificate: a certificate edited after signing — another
// owner's name, no key needed — no longer matches the signed hash.
func checkESS(value []byte, cert *x509.Certificate) error {
	var scv2 signingCertificateV2
	if !unmarshalExact(value, &scv2) || len(scv2.Certs) == 0 {
		return errors.New("атрибут ESS signing-certificate-v2 не читается")
	}
	id := scv2.Certs[0]
	if len(id.HashAlgorithm.Algorithm) != 0 && !isSHA256(id.HashAlgorithm) {
		return errors.New("ESS signing-certificate-v2: поддерживается только хеш SHA-256")
	}
	sum := sha256.Sum256(cert.Raw)
	if !bytes.Equal(id.CertHash, sum[:]) {
		return errors.New("сертификат в подписи изменён после подписания: хеш ESS signing-certificate-v2 не совпадает")
	}
	if id.IssuerSerial.Serial != nil {
		want, err := generalNamesFor(cert)
		if err != nil || id.IssuerSerial.Serial.Cmp(cert.SerialNumber) != 0 || !bytes.Equal(id.IssuerSerial.Issuer.FullBytes, want) {
			return errors.New("ESS signing-certificate-v2: издатель и серийный номер не совпадают с сертификатом")
		}
	}
	return nil
}

// generalNamesFor is GeneralNames holding the certificate's issuer as a
// directoryName, as ESS IssuerSerial wants it.
func generalNamesFor(cert *x509.Certificate) ([]byte, error) {
	dirName, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: cert.RawIssuer})
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: dirName})
}

// readAttributes reads the signed attributes ([0] IMPLICIT SET OF
// Attribute) into their single values by OID. Each attribute must occur
// once, with exactly one value.
func readAttributes(full []byte) (map[string][]byte, error) {
	return readAttributesTagged(full, "set,tag:0", "подписанные атрибуты не читаются")
}

func readAttributesTagged(full []byte, params, unreadable string) (map[string][]byte, error) {
	var attrs []attribute
	if rest, err := asn1.UnmarshalWithParams(full, &attrs, params); err != nil || len(rest) != 0 {
		return nil, errors.New(unreadable)
	}
	out := make(map[string][]byte, len(attrs))
	for _, a := range attrs {
		v := a.Values
		if v.Class != asn1.ClassUniversal || v.Tag != asn1.TagSet || !v.IsCompound {
			return nil, fmt.Errorf("атрибут %s: значения не SET", a.Type)
		}
		var one asn1.RawValue
		if rest, err := asn1.Unmarshal(v.Bytes, &one); err != nil || len(rest) != 0 {
			return nil, fmt.Errorf("атрибут %s: ожидается ровно одно значение", a.Type)
		}
		if _, dup := out[a.Type.String()]; dup {
			return nil, fmt.Errorf("атрибут %s повторяется", a.Type)
		}
		out[a.Type.String()] = one.FullBytes
	}
	return out, nil
}

// roundTrip requires the CMS to be the DER encoding of what was read:
// encoding/asn1 skips trailing SEQUENCE elements and accepts some
// non-canonical forms that re-encoding exposes.
func roundTrip(der []byte, sd signedData) error {
	inner, err := asn1.Marshal(sd)
	if err == nil {
		var again []byte
		again, err = asn1.Marshal(contentInfo{ContentType: oidSignedData, Content: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: inner}})
		if err == nil && bytes.Equal(again, der) {
			return nil
		}
	}
	return errors.New("CMS закодирована не по правилам DER или содержит лишние поля")
}

// explicit0 is a constructed [0] element, as CMS writes its content,
// certificates and signed attributes (encoding/asn1 would also take a
// primitive one).
func explicit0(v asn1.RawValue) bool {
	return v.Class == asn1.ClassContextSpecific && v.Tag == 0 && v.IsCompound && len(v.FullBytes) > 0 && v.FullBytes[0] == 0xA0
}

func isSHA256(a pkix.AlgorithmIdentifier) bool {
	return a.Algorithm.Equal(oidSHA256) && nullOrAbsent(a.Parameters)
}

func nullOrAbsent(p asn1.RawValue) bool {
	return len(p.FullBytes) == 0 || bytes.Equal(p.FullBytes, []byte{asn1.TagNull, 0})
}

func checkSignatureAlgorithm(cert *x509.Certificate, a pkix.AlgorithmIdentifier) error {
	switch cert.PublicKey.(type) {
	case *rsa.PublicKey:
		if (a.Algorithm.Equal(oidRSAEncryption) || a.Algorithm.Equal(oidSHA256WithRSA)) && nullOrAbsent(a.Parameters) {
			return nil
		}
	case *ecdsa.PublicKey:
		if a.Algorithm.Equal(oidECDSAWithSHA256) && len(a.Parameters.FullBytes) == 0 {
			return nil
		}
	default:
		return errUnsupportedKeyForCMS
	}
	return fmt.Errorf("CMS: алгоритм подписи %s не подходит к ключу сертификата", a.Algorithm)
}

// unmarshalExact decodes one DER value that must fill b exactly.
func unmarshalExact(b []byte, v any) bool {
	rest, err := asn1.Unmarshal(b, v)
	return err == nil && len(rest) == 0
}

// readUnsigned accepts one unsigned attribute, the signature time-stamp
// token, once: these bytes are outside the signature, so nothing else may
// ride there. The token is verified on its own (verifyTimeStamp).
func readUnsigned(si signerInfo, out *parsedCMS) error {
	out.signature = si.Signature
	if len(si.UnsignedAttrs.FullBytes) == 0 {
		return nil
	}
	if si.UnsignedAttrs.FullBytes[0] != 0xA1 {
		return errors.New("CMS: неподписанные атрибуты закодированы неверно")
	}
	attrs, err := readAttributesTagged(si.UnsignedAttrs.FullBytes, "set,tag:1", "неподписанные атрибуты не читаются")
	if err != nil {
		return err
	}
	tok, ok := attrs[oidSignatureTimeStampToken.String()]
	if !ok || len(attrs) != 1 {
		return errors.New("CMS: среди неподписанных атрибутов допускается только метка времени signature-time-stamp")
	}
	out.timeStamp = tok
	return nil
}
