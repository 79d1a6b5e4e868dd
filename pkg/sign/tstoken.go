package sign

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"
)

// TimeStampInfo is the verdict on a signature's RFC 3161 time-stamp
// token (PAdES B-T).
type TimeStampInfo struct {
	Time   time.Time // genTime: the TSA attests the signature existed then
	TSA    string    // the TSA certificate's subject common name (or whole subject)
	Serial string    // the token's serial number, hex
	Policy string    // the TSA policy OID
	Cert   *x509.Certificate

	// Valid: the token is intact, signed by the TSA certificate it
	// carries (meant for time-stamping), over the hash of this
	// signature's value.
	Valid   bool
	Problem string
	// Trusted: the TSA certificate chains to the same roots as the
	// signer's, at Time.
	Trusted      bool
	TrustProblem string
}

var (
	oidSigningCertificate = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}
	oidSHA384             = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512             = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidSHA384WithRSA      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}
	oidSHA512WithRSA      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}
	oidECDSAWithSHA384    = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}
	oidECDSAWithSHA512    = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}
)

// The token is a SignedData over an encapsulated TSTInfo, written by a
// TSA rather than by this package: version 3, a signer identified by
// issuer and serial or by key identifier, SHA-2 digests.
type tokenSignedData struct {
	Version          int
	DigestAlgorithms []pkix.AlgorithmIdentifier `asn1:"set"`
	EncapContentInfo tokenEncap
	Certificates     asn1.RawValue     `asn1:"optional,tag:0"`
	CRLs             asn1.RawValue     `asn1:"optional,tag:1"`
	SignerInfos      []tokenSignerInfo `asn1:"set"`
}

type tokenEncap struct {
	EContentType asn1.ObjectIdentifier
	EContent     []byte `asn1:"explicit,tag:0"`
}

type tokenSignerInfo struct {
	Version            int
	SID                asn1.RawValue
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional,tag:1"`
}

type tstInfo struct {
	Version        int
	Policy         asn1.ObjectIdentifier
	MessageImprint messageImprint
	SerialNumber   *big.Int
	GenTime        time.Time     `asn1:"generalized"`
	Accuracy       accuracy      `asn1:"optional"`
	Ordering       bool          `asn1:"optional"`
	Nonce          *big.Int      `asn1:"optional"`
	TSA            asn1.RawValue `asn1:"optional,explicit,tag:0"`
	Extensions     asn1.RawValue `asn1:"optional,tag:1"`
}

type accuracy struct {
	Seconds int `asn1:"optional"`
	Millis  int `asn1:"optional,tag:0"`
	Micros  int `asn1:"optional,tag:1"`
}

type essCertID struct {
	CertHash     []byte
	IssuerSerial issuerSerialV2 `asn1:"optional"`
}

type signingCertificateV1 struct {
	Certs []essCertID
}

// token is a parsed time-stamp token whose signature has been checked.
type token struct {
	info   tstInfo
	cert   *x509.Certificate
	others []*x509.Certificate
}

// parseToken reads a TimeStampToken and checks that its signer — a
// certificate it carries, meant for time-stamping — signed its TSTInfo.
// Trust is not checked here.
func parseToken(der []byte) (*token, error) {
	var ci contentInfo
	if rest, err := asn1.Unmarshal(der, &ci); err != nil || len(rest) != 0 || !ci.ContentType.Equal(oidSignedData) || !explicit0(ci.Content) {
		return nil, errors.New("метка времени не является CMS SignedData")
	}
	var sd tokenSignedData
	if rest, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil || len(rest) != 0 {
		return nil, errors.New("метка времени: SignedData не читается")
	}
	if !sd.EncapContentInfo.EContentType.Equal(oidTSTInfo) {
		return nil, errors.New("метка времени: содержимое не TSTInfo")
	}
	if len(sd.SignerInfos) != 1 {
		return nil, errors.New("метка времени: ожидается ровно одна подпись службы")
	}
	si := sd.SignerInfos[0]
	var certs []*x509.Certificate
	if explicit0(sd.Certificates) {
		var err error
		if certs, err = x509.ParseCertificates(sd.Certificates.Bytes); err != nil {
			return nil, errors.New("метка времени: сертификаты не читаются")
		}
	}
	t := &token{}
	for _, c := range certs {
		if t.cert == nil && identifies(si.SID, c) {
			t.cert = c
			continue
		}
		t.others = append(t.others, c)
	}
	if t.cert == nil {
		return nil, errors.New("метка времени: в ней нет сертификата службы (certReq)")
	}
	var info tstInfo
	if rest, err := asn1.Unmarshal(sd.EncapContentInfo.EContent, &info); err != nil || len(rest) != 0 || info.Version != 1 || info.SerialNumber == nil {
		return nil, errors.New("метка времени: TSTInfo не читается")
	}
	t.info = info
	hash, ok := digestHash(si.DigestAlgorithm)
	if !ok {
		return nil, fmt.Errorf("метка времени: неподдерживаемый алгоритм хеширования %s", si.DigestAlgorithm.Algorithm)
	}
	if !explicit0(si.SignedAttrs) {
		return nil, errors.New("метка времени: нет подписанных атрибутов")
	}
	attrs, err := readAttributes(si.SignedAttrs.FullBytes)
	if err != nil {
		return nil, fmt.Errorf("метка времени: %w", err)
	}
	var ct asn1.ObjectIdentifier
	if v, ok := attrs[oidContentType.String()]; !ok || !unmarshalExact(v, &ct) || !ct.Equal(oidTSTInfo) {
		return nil, errors.New("метка времени: атрибут contentType не TSTInfo")
	}
	var md []byte
	if v, ok := attrs[oidMessageDigest.String()]; !ok || !unmarshalExact(v, &md) {
		return nil, errors.New("метка времени: нет атрибута messageDigest")
	}
	h := hash.New()
	h.Write(sd.EncapContentInfo.EContent)
	if !bytes.Equal(md, h.Sum(nil)) {
		return nil, errors.New("метка времени: TSTInfo изменена после подписания службой")
	}
	alg, ok := x509Algorithm(hash, si.SignatureAlgorithm, t.cert)
	if !ok {
		return nil, fmt.Errorf("метка времени: неподдерживаемый алгоритм подписи %s", si.SignatureAlgorithm.Algorithm)
	}
	set := append([]byte{0x31}, si.SignedAttrs.FullBytes[1:]...)
	if err := t.cert.CheckSignature(alg, set, si.Signature); err != nil {
		return nil, errors.New("метка времени: подпись службы не верна")
	}
	if err := checkTSACertBinding(attrs, t.cert); err != nil {
		return nil, err
	}
	if !hasTimeStampingEKU(t.cert) {
		return nil, errors.New("метка времени: сертификат службы не предназначен для меток времени (нет extKeyUsage timeStamping)")
	}
	return t, nil
}

// matches checks the token's message imprint against the signature
// value's digest (SHA-256, as HTTPTimeStamper asks).
func (t *token) matches(digest []byte) error {
	if !isSHA256(t.info.MessageImprint.HashAlgorithm) || !bytes.Equal(t.info.MessageImprint.HashedMessage, digest) {
		return errors.New("метка времени выдана на другие данные: хеш в ней не совпадает с хешем подписи")
	}
	return nil
}

// verifyTimeStamp checks a token found in a signature against the
// signature value and the roots.
func verifyTimeStamp(der, signatureValue []byte, roots *x509.CertPool) *TimeStampInfo {
	out := &TimeStampInfo{}
	t, err := parseToken(der)
	if err != nil {
		out.Problem = err.Error()
		out.TrustProblem = "не проверялось: метка времени не цела"
		return out
	}
	out.Time = t.info.GenTime.UTC()
	out.Cert = t.cert
	out.TSA = ownerName(t.cert)
	out.Serial = fmt.Sprintf("%X", t.info.SerialNumber)
	out.Policy = t.info.Policy.String()
	sum := sha256.Sum256(signatureValue)
	if err := t.matches(sum[:]); err != nil {
		out.Problem = err.Error()
		out.TrustProblem = "не проверялось: метка времени не относится к подписи"
		return out
	}
	out.Valid = true
	inter := x509.NewCertPool()
	for _, c := range t.others {
		inter.AddCert(c)
	}
	_, err = t.cert.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: out.Time,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}})
	if err != nil {
		var ua x509.UnknownAuthorityError
		if errors.As(err, &ua) {
			out.TrustProblem = fmt.Sprintf("сертификат службы меток времени не доверенный: издатель «%s» неизвестен", t.cert.Issuer.String())
		} else {
			out.TrustProblem = "сертификат службы меток времени не доверенный: " + err.Error()
		}
		return out
	}
	out.Trusted = true
	return out
}

// identifies says whether a SignerIdentifier names c: issuerAndSerial
// or [0] subjectKeyIdentifier.
func identifies(sid asn1.RawValue, c *x509.Certificate) bool {
	switch {
	case sid.Class == asn1.ClassUniversal && sid.Tag == asn1.TagSequence:
		var ias issuerAndSerial
		return unmarshalExact(sid.FullBytes, &ias) && ias.Serial != nil &&
			ias.Serial.Cmp(c.SerialNumber) == 0 && bytes.Equal(ias.Issuer.FullBytes, c.RawIssuer)
	case sid.Class == asn1.ClassContextSpecific && sid.Tag == 0 && !sid.IsCompound:
		return len(c.SubjectKeyId) > 0 && bytes.Equal(sid.Bytes, c.SubjectKeyId)
	}
	return false
}

func digestHash(a pkix.AlgorithmIdentifier) (crypto.Hash, bool) {
	if !nullOrAbsent(a.Parameters) {
		return 0, false
	}
	switch {
	case a.Algorithm.Equal(oidSHA256):
		return crypto.SHA256, true
	case a.Algorithm.Equal(oidSHA384):
		return crypto.SHA384, true
	case a.Algorithm.Equal(oidSHA512):
		return crypto.SHA512, true
	}
	return 0, false
}

// x509Algorithm maps a CMS digest and signature algorithm onto Go's, for
// the key the certificate holds.
func x509Algorithm(h crypto.Hash, a pkix.AlgorithmIdentifier, c *x509.Certificate) (x509.SignatureAlgorithm, bool) {
	rsaAlgs := map[crypto.Hash]x509.SignatureAlgorithm{crypto.SHA256: x509.SHA256WithRSA, crypto.SHA384: x509.SHA384WithRSA, crypto.SHA512: x509.SHA512WithRSA}
	ecAlgs := map[crypto.Hash]x509.SignatureAlgorithm{crypto.SHA256: x509.ECDSAWithSHA256, crypto.SHA384: x509.ECDSAWithSHA384, crypto.SHA512: x509.ECDSAWithSHA512}
	switch c.PublicKeyAlgorithm {
	case x509.RSA:
		named := map[crypto.Hash]asn1.ObjectIdentifier{crypto.SHA256: oidSHA256WithRSA, crypto.SHA384: oidSHA384WithRSA, crypto.SHA512: oidSHA512WithRSA}
		if nullOrAbsent(a.Parameters) && (a.Algorithm.Equal(oidRSAEncryption) || a.Algorithm.Equal(named[h])) {
			return rsaAlgs[h], true
		}
	case x509.ECDSA:
		named := map[crypto.Hash]asn1.ObjectIdentifier{crypto.SHA256: oidECDSAWithSHA256, crypto.SHA384: oidECDSAWithSHA384, crypto.SHA512: oidECDSAWithSHA512}
		if len(a.Parameters.FullBytes) == 0 && a.Algorithm.Equal(named[h]) {
			return ecAlgs[h], true
		}
	}
	return 0, false
}

// checkTSACertBinding demands the ESS signing-certificate (v1, SHA-1) or
// signing-certificate-v2 attribute RFC 3161 requires, and that it names
// the certificate that verified the signature.
func checkTSACertBinding(attrs map[string][]byte, cert *x509.Certificate) error {
	if v, ok := attrs[oidSigningCertificateV2.String()]; ok {
		if err := checkESS(v, cert); err != nil {
			return fmt.Errorf("метка времени: %w", err)
		}
		return nil
	}
	v, ok := attrs[oidSigningCertificate.String()]
	if !ok {
		return errors.New("метка времени: нет атрибута ESS signing-certificate")
	}
	var sc signingCertificateV1
	if !unmarshalExact(v, &sc) || len(sc.Certs) == 0 {
		return errors.New("метка времени: атрибут ESS signing-certificate не читается")
	}
	sum := sha1.Sum(cert.Raw)
	if !bytes.Equal(sc.Certs[0].CertHash, sum[:]) {
		return errors.New("метка времени: сертификат службы не совпадает с ESS signing-certificate")
	}
	return nil
}

func hasTimeStampingEKU(c *x509.Certificate) bool {
	for _, u := range c.ExtKeyUsage {
		if u == x509.ExtKeyUsageTimeStamping {
			return true
		}
	}
	return false
}

// addTimeStamp puts token into the only SignerInfo of cms as the
// signature-time-stamp unsigned attribute and returns the new CMS.
func addTimeStamp(cms, tok []byte) ([]byte, error) {
	var ci contentInfo
	if _, err := asn1.Unmarshal(cms, &ci); err != nil {
		return nil, err
	}
	var sd signedData
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return nil, err
	}
	attr, err := asn1.Marshal(attribute{Type: oidSignatureTimeStampToken, Values: setOf(tok)})
	if err != nil {
		return nil, err
	}
	sd.SignerInfos[0].UnsignedAttrs = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: attr}
	inner, err := asn1.Marshal(sd)
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(contentInfo{ContentType: oidSignedData, Content: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: inner}})
}

// timeStampCMS asks tsa for a token over the signature value of cms and
// adds it. A token that is not for this signature is refused whatever
// TimeStamper produced it.
func timeStampCMS(ctx context.Context, cms []byte, tsa TimeStamper) ([]byte, error) {
	var ci contentInfo
	var sd signedData
	if _, err := asn1.Unmarshal(cms, &ci); err != nil {
		return nil, err
	}
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil || len(sd.SignerInfos) != 1 {
		return nil, errors.New("CMS не читается")
	}
	sum := sha256.Sum256(sd.SignerInfos[0].Signature)
	tok, err := tsa.TimeStamp(ctx, sum[:])
	if err != nil {
		return nil, err
	}
	t, err := parseToken(tok)
	if err == nil {
		err = t.matches(sum[:])
	}
	if err != nil {
		return nil, &TSAError{Err: ErrTSABadResponse, Detail: err.Error()}
	}
	return addTimeStamp(cms, tok)
}
