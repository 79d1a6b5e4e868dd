package sign

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Signature is one signature found in a PDF.
type Signature struct {
	SubFilter string
	Signer    string // the certificate's subject common name (or whole subject)
	Serial    string // certificate serial number, hex
	NotBefore time.Time
	NotAfter  time.Time
	Time      string // /M as written
	WholeFile bool   // the ByteRange covers the whole file but /Contents
	Valid     bool   // digest and signature check out
	Problem   string // why not Valid, in Russian
	ByteRange [4]int
}

var (
	byteRangeRE = regexp.MustCompile(`/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]`)
	subFilterRE = regexp.MustCompile(`/SubFilter\s*/([A-Za-z0-9.]+)`)
	mRE         = regexp.MustCompile(`/M\s*\(([^)]*)\)`)
)

// Verify finds every signature of pdf and checks it: the message digest
// against the bytes its ByteRange covers, the CMS signature over the
// signed attributes with the embedded certificate, and whether it covers
// the whole file. It returns an error only when the file has no
// signature; each signature's verdict is in its Valid and Problem.
func Verify(pdf []byte) ([]Signature, error) {
	var out []Signature
	for _, loc := range byteRangeRE.FindAllSubmatchIndex(pdf, -1) {
		var s Signature
		for i := 0; i < 4; i++ {
			s.ByteRange[i], _ = strconv.Atoi(string(pdf[loc[2+2*i]:loc[3+2*i]]))
		}
		// The dictionary around the ByteRange: search back to its start.
		dictStart := bytes.LastIndex(pdf[:loc[0]], []byte("<<"))
		dictEnd := bytes.Index(pdf[loc[1]:], []byte("endobj"))
		if dictStart >= 0 && dictEnd >= 0 {
			dict := pdf[dictStart : loc[1]+dictEnd]
			if m := subFilterRE.FindSubmatch(dict); m != nil {
				s.SubFilter = string(m[1])
			}
			if m := mRE.FindSubmatch(dict); m != nil {
				s.Time = string(m[1])
			}
		}
		s.Valid, s.Problem = s.check(pdf)
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, errors.New("в PDF нет электронной подписи")
	}
	return out, nil
}

func (s *Signature) check(pdf []byte) (bool, string) {
	a, b, c, d := s.ByteRange[0], s.ByteRange[1], s.ByteRange[2], s.ByteRange[3]
	if a != 0 || b <= 0 || c <= b || d < 0 || c+d > len(pdf) || b >= len(pdf) {
		return false, "неверный ByteRange"
	}
	s.WholeFile = c+d == len(pdf)
	if pdf[b] != '<' || pdf[c-1] != '>' {
		return false, "ByteRange не исключает ровно /Contents"
	}
	raw, err := hex.DecodeString(string(pdf[b+1 : c-1]))
	if err != nil {
		return false, "значение /Contents не шестнадцатеричное"
	}
	h := sha256.New()
	h.Write(pdf[a:b])
	h.Write(pdf[c : c+d])
	digest := h.Sum(nil)
	cert, err := verifyCMS(raw, digest)
	if cert != nil {
		s.Signer = cert.Subject.CommonName
		if s.Signer == "" {
			s.Signer = cert.Subject.String()
		}
		s.Serial = fmt.Sprintf("%X", cert.SerialNumber)
		s.NotBefore, s.NotAfter = cert.NotBefore, cert.NotAfter
	}
	if err != nil {
		return false, err.Error()
	}
	if !s.WholeFile {
		return false, "подпись покрывает не весь файл: после неё файл изменён"
	}
	return true, ""
}

// verifyCMS checks a detached CMS against digest and returns the signer's
// certificate.
func verifyCMS(der, digest []byte) (*x509.Certificate, error) {
	var ci contentInfo
	rest, err := asn1.Unmarshal(der, &ci)
	if err != nil || !ci.ContentType.Equal(oidSignedData) {
		return nil, errors.New("подпись не является CMS SignedData")
	}
	_ = rest // the reserved /Contents room is zero-padded after the CMS
	var sd signedData
	if ci.Content.Class != asn1.ClassContextSpecific || ci.Content.Tag != 0 {
		return nil, errors.New("CMS: нет содержимого [0]")
	}
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return nil, fmt.Errorf("CMS не читается: %w", err)
	}
	if len(sd.SignerInfos) != 1 {
		return nil, errors.New("в CMS должна быть ровно одна подпись")
	}
	si := sd.SignerInfos[0]
	certs, err := x509.ParseCertificates(sd.Certificates.Bytes)
	if err != nil || len(certs) == 0 {
		return nil, errors.New("в CMS нет сертификата подписанта")
	}
	var cert *x509.Certificate
	for _, c := range certs {
		if c.SerialNumber.Cmp(si.SID.Serial) == 0 && bytes.Equal(c.RawIssuer, si.SID.Issuer.FullBytes) {
			cert = c
		}
	}
	if cert == nil {
		return nil, errors.New("сертификат подписанта не найден в CMS")
	}
	var attrs []attribute
	if _, err := asn1.UnmarshalWithParams(si.SignedAttrs.FullBytes, &attrs, "set,tag:0"); err != nil {
		return cert, fmt.Errorf("подписанные атрибуты не читаются: %w", err)
	}
	var md []byte
	for _, at := range attrs {
		if at.Type.Equal(oidMessageDigest) {
			if _, err := asn1.Unmarshal(at.Values.Bytes, &md); err != nil {
				return cert, errors.New("messageDigest не читается")
			}
		}
	}
	if !bytes.Equal(md, digest) {
		return cert, errors.New("хеш документа не совпадает с подписанным: документ изменён")
	}
	// The signature is over the attributes as a SET (tag 0x31, not [0]).
	set := append([]byte{0x31}, si.SignedAttrs.FullBytes[1:]...)
	h := sha256.Sum256(set)
	switch pub := cert.PublicKey.(type) {
	case *rsa.PublicKey:
		if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, h[:], si.Signature); err != nil {
			return cert, errors.New("подпись не верна")
		}
	case *ecdsa.PublicKey:
		if !ecdsa.VerifyASN1(pub, h[:], si.Signature) {
			return cert, errors.New("подпись не верна")
		}
	default:
		return cert, errUnsupportedKeyForCMS
	}
	return cert, nil
}
