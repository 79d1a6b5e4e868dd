package sign

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"strings"
	"testing"
	"time"
)

func internalSigner(t *testing.T) *KeySigner {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(9), Subject: pkix.Name{CommonName: "Тест"},
		NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &KeySigner{Key: key, Cert: cert}
}

// rebuild re-encodes a CMS after edit changed its SignedData.
func rebuild(t *testing.T, der []byte, edit func(*signedData)) []byte {
	t.Helper()
	var ci contentInfo
	if _, err := asn1.Unmarshal(der, &ci); err != nil {
		t.Fatal(err)
	}
	var sd signedData
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		t.Fatal(err)
	}
	edit(&sd)
	inner, err := asn1.Marshal(sd)
	if err != nil {
		t.Fatal(err)
	}
	out, err := asn1.Marshal(contentInfo{ContentType: oidSignedData, Content: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: inner}})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The CMS must be exactly what a conforming signer writes; every variant
// below keeps the signature over the signed attributes intact.
func TestVerifyCMSStrict(t *testing.T) {
	s := internalSigner(t)
	digest := sha256.Sum256([]byte("документ"))
	good, err := CMS(digest[:], s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := verifyCMS(append(good, 0, 0, 0), digest[:], true); err != nil {
		t.Fatalf("the good CMS: %v", err)
	}
	sha384 := pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}}
	for _, c := range []struct {
		name string
		raw  []byte
		want string
	}{
		{"non-zero byte after the DER", append(append([]byte{}, good...), 0, 1, 0), "кроме нулевого заполнения"},
		{"two SignerInfos", rebuild(t, good, func(sd *signedData) { sd.SignerInfos = append(sd.SignerInfos, sd.SignerInfos[0]) }), "ровно одна подпись"},
		{"SignedData digest algorithm mismatch", rebuild(t, good, func(sd *signedData) { sd.DigestAlgorithms[0] = sha384 }), "SHA-256"},
		{"SignerInfo digest algorithm mismatch", rebuild(t, good, func(sd *signedData) { sd.SignerInfos[0].DigestAlgorithm = sha384 }), "SHA-256"},
		{"version 3", rebuild(t, good, func(sd *signedData) { sd.Version = 3 }), "версия SignedData"},
		{"primitive [0] signed attributes", rebuild(t, good, func(sd *signedData) {
			a := &sd.SignerInfos[0].SignedAttrs
			a.FullBytes = append([]byte{}, a.FullBytes...)
			a.FullBytes[0] = 0x80
		}), "нет подписанных атрибутов"},
		{"trailing data inside SignedData", func() []byte {
			var ci contentInfo
			asn1.Unmarshal(good, &ci)
			extra, _ := asn1.Marshal(7)
			var sd asn1.RawValue
			asn1.Unmarshal(ci.Content.Bytes, &sd)
			sd.Bytes = append(append([]byte{}, sd.Bytes...), extra...)
			sd.FullBytes = nil
			inner, _ := asn1.Marshal(sd)
			out, _ := asn1.Marshal(contentInfo{ContentType: oidSignedData, Content: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: inner}})
			return out
		}(), "не по правилам DER или содержит лишние поля"},
	} {
		_, err := verifyCMS(c.raw, digest[:], true)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}

// PAdES binds the certificate through ESS signing-certificate-v2: a CMS
// without it, even correctly signed, is invalid as PAdES and accepted
// only as adbe.pkcs7.detached.
func TestVerifyCMSWithoutESS(t *testing.T) {
	s := internalSigner(t)
	digest := sha256.Sum256([]byte("документ"))
	good, err := CMS(digest[:], s)
	if err != nil {
		t.Fatal(err)
	}
	noESS := rebuild(t, good, func(sd *signedData) {
		si := &sd.SignerInfos[0]
		var attrs []attribute
		if _, err := asn1.UnmarshalWithParams(si.SignedAttrs.FullBytes, &attrs, "set,tag:0"); err != nil {
			t.Fatal(err)
		}
		var body []byte
		for _, a := range attrs {
			if a.Type.Equal(oidSigningCertificateV2) {
				continue
			}
			enc, err := asn1.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			body = append(body, enc...)
		}
		set, _ := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: body})
		h := sha256.Sum256(set)
		sig, err := s.Sign(h[:], crypto.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		si.SignedAttrs = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: body}
		si.Signature = sig
	})
	if _, err := verifyCMS(noESS, digest[:], true); err == nil || !strings.Contains(err.Error(), "нет атрибута ESS signing-certificate-v2") {
		t.Errorf("PAdES without ESS: %v", err)
	}
	if _, err := verifyCMS(noESS, digest[:], false); err != nil {
		t.Errorf("adbe.pkcs7.detached without ESS: %v", err)
	}
}
