package sign

import (
	"crypto/sha256"
	"encoding/asn1"
	"strings"
	"testing"
)

// The unsigned attributes lie outside the signature: only one
// signature-time-stamp token may ride there, once, with one value.
func TestUnsignedAttributesStrict(t *testing.T) {
	digest := sha256.Sum256([]byte("документ"))
	der, err := CMS(digest[:], internalSigner(t))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(oid asn1.ObjectIdentifier, values ...[]byte) []byte {
		var body []byte
		for _, v := range values {
			body = append(body, v...)
		}
		b, err := asn1.Marshal(attribute{Type: oid, Values: setOf(body)})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	null := []byte{0x05, 0x00}
	oidCounterSignature := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 6}
	for name, unsigned := range map[string][]byte{
		"another attribute":   attr(oidCounterSignature, null),
		"a token and another": append(attr(oidSignatureTimeStampToken, null), attr(oidCounterSignature, null)...),
		"two tokens":          append(attr(oidSignatureTimeStampToken, null), attr(oidSignatureTimeStampToken, null)...),
		"two values":          attr(oidSignatureTimeStampToken, null, null),
	} {
		bad := rebuild(t, der, func(sd *signedData) {
			sd.SignerInfos[0].UnsignedAttrs = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: unsigned}
		})
		if _, err := verifyCMS(bad, digest[:], true); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// One token, even a broken one, passes here: verifyTimeStamp judges it.
	one := rebuild(t, der, func(sd *signedData) {
		sd.SignerInfos[0].UnsignedAttrs = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: attr(oidSignatureTimeStampToken, null)}
	})
	cms, err := verifyCMS(one, digest[:], true)
	if err != nil || string(cms.timeStamp) != string(null) {
		t.Fatalf("one token: %v %x", err, cms.timeStamp)
	}
	if ts := verifyTimeStamp(cms.timeStamp, cms.signature, nil); ts.Valid || !strings.Contains(ts.Problem, "не является CMS") {
		t.Errorf("a NULL token: %+v", ts)
	}
}
