package sign

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"sort"
)

// Signer signs a digest. Certificate is the signer's certificate, Chain
// the intermediates to embed (may be empty).
type Signer interface {
	Certificate() *x509.Certificate
	Chain() []*x509.Certificate
	// Sign signs digest, computed with hash, and returns the signature
	// value as CMS wants it (PKCS #1 v1.5 for RSA, ASN.1 DER for ECDSA).
	Sign(digest []byte, hash crypto.Hash) ([]byte, error)
}

// KeySigner is a Signer over a software key.
type KeySigner struct {
	Key   crypto.Signer
	Cert  *x509.Certificate
	Inter []*x509.Certificate
}

// Certificate implements Signer.
func (k *KeySigner) Certificate() *x509.Certificate { return k.Cert }

// Chain implements Signer.
func (k *KeySigner) Chain() []*x509.Certificate { return k.Inter }

// Sign implements Signer.
func (k *KeySigner) Sign(digest []byte, hash crypto.Hash) ([]byte, error) {
	return k.Key.Sign(nil, digest, hash)
}

var (
	oidData                 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidContentType          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidSHA256               = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidRSAEncryption        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidECDSAWithSHA256      = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	errUnsupportedKeyForCMS = errors.New("поддерживаются ключи RSA и ECDSA")
	asn1NullRaw             = asn1.RawValue{Tag: asn1.TagNull}
)

// contentInfo is ContentInfo; Content is the [0] EXPLICIT element itself,
// built and read by hand so the tag is there exactly once.
type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue
}

type signedData struct {
	Version          int
	DigestAlgorithms []pkix.AlgorithmIdentifier `asn1:"set"`
	EncapContentInfo encapContentInfo
	Certificates     asn1.RawValue `asn1:"optional,tag:0"`
	SignerInfos      []signerInfo  `asn1:"set"`
}

type encapContentInfo struct {
	EContentType asn1.ObjectIdentifier
}

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

// attribute is a CMS Attribute; Values is the SET OF values, tagged by
// hand (a struct option does not apply to a RawValue).
type attribute struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue
}

func setOf(value []byte) asn1.RawValue {
	return asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: value}
}

type signerInfo struct {
	Version            int
	SID                issuerAndSerial
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	// UnsignedAttrs holds the signature time-stamp token (PAdES B-T).
	UnsignedAttrs asn1.RawValue `asn1:"optional,tag:1"`
}

// ESS signing-certificate-v2 (RFC 5035): the hash of the signer's
// certificate, so the signature binds the certificate (PAdES requires it).
type essCertIDv2 struct {
	HashAlgorithm pkix.AlgorithmIdentifier `asn1:"optional"`
	CertHash      []byte
	IssuerSerial  issuerSerialV2 `asn1:"optional"`
}

type issuerSerialV2 struct {
	Issuer asn1.RawValue // GeneralNames
	Serial *big.Int
}

type signingCertificateV2 struct {
	Certs []essCertIDv2
}

// CMS builds a detached CMS SignedData over content's digest, made with
// the signer's digest algorithm: SHA-256, or what an AlgorithmSigner
// states.
func CMS(digest []byte, s Signer) ([]byte, error) {
	cert := s.Certificate()
	if cert == nil {
		return nil, errors.New("нет сертификата подписанта")
	}
	algs, err := algorithmsOf(s)
	if err != nil {
		return nil, err
	}
	sigAlg := algs.Signature
	certHash, err := algs.Sum(cert.Raw)
	if err != nil {
		return nil, err
	}
	dirName, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: cert.RawIssuer})
	if err != nil {
		return nil, err
	}
	generalNames, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSequence, IsCompound: true, Bytes: dirName})
	if err != nil {
		return nil, err
	}
	scv2, err := asn1.Marshal(signingCertificateV2{Certs: []essCertIDv2{{
		HashAlgorithm: algs.Digest,
		CertHash:      certHash,
		IssuerSerial:  issuerSerialV2{Issuer: asn1.RawValue{FullBytes: generalNames}, Serial: cert.SerialNumber},
	}}})
	if err != nil {
		return nil, err
	}
	ct, _ := asn1.Marshal(oidData)
	md, _ := asn1.Marshal(digest)
	attrs := []attribute{
		{Type: oidContentType, Values: setOf(ct)},
		{Type: oidMessageDigest, Values: setOf(md)},
		{Type: oidSigningCertificateV2, Values: setOf(scv2)},
	}
	// DER orders SET OF by encoding; the signature is over that SET.
	enc := make([][]byte, len(attrs))
	for i, a := range attrs {
		if enc[i], err = asn1.Marshal(a); err != nil {
			return nil, err
		}
	}
	sort.Slice(enc, func(i, j int) bool { return string(enc[i]) < string(enc[j]) })
	var body []byte
	for _, e := range enc {
		body = append(body, e...)
	}
	setForSig, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: body})
	if err != nil {
		return nil, err
	}
	attrsDigest, err := algs.Sum(setForSig)
	if err != nil {
		return nil, err
	}
	sig, err := s.Sign(attrsDigest, algs.Hash)
	if err != nil {
		return nil, fmt.Errorf("подпись: %w", err)
	}
	var certs []byte
	for _, c := range append([]*x509.Certificate{cert}, s.Chain()...) {
		certs = append(certs, c.Raw...)
	}
	sd := signedData{
		Version:          1,
		DigestAlgorithms: []pkix.AlgorithmIdentifier{algs.Digest},
		EncapContentInfo: encapContentInfo{EContentType: oidData},
		Certificates:     asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: certs},
		SignerInfos: []signerInfo{{
			Version:            1,
			SID:                issuerAndSerial{Issuer: asn1.RawValue{FullBytes: cert.RawIssuer}, Serial: cert.SerialNumber},
			DigestAlgorithm:    algs.Digest,
			SignedAttrs:        asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: body},
			SignatureAlgorithm: sigAlg,
			Signature:          sig,
		}},
	}
	inner, err := asn1.Marshal(sd)
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(contentInfo{ContentType: oidSignedData, Content: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: inner}})
}

func signatureAlgorithm(c *x509.Certificate) (pkix.AlgorithmIdentifier, error) {
	switch c.PublicKey.(type) {
	case *rsa.PublicKey:
		return pkix.AlgorithmIdentifier{Algorithm: oidRSAEncryption, Parameters: asn1NullRaw}, nil
	case *ecdsa.PublicKey:
		return pkix.AlgorithmIdentifier{Algorithm: oidECDSAWithSHA256}, nil
	}
	return pkix.AlgorithmIdentifier{}, errUnsupportedKeyForCMS
}
