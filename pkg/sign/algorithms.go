package sign

import (
	"crypto"
	"crypto/sha256"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
)

// Algorithms are what a CMS states about how it was made: the digest
// algorithm (of the signed bytes, of the signer's certificate in the ESS
// attribute and of the signed attributes) and the signature algorithm.
type Algorithms struct {
	Digest    pkix.AlgorithmIdentifier
	Signature pkix.AlgorithmIdentifier
	// Sum computes Digest over the concatenation of parts. Go's library
	// has no ГОСТ Р 34.11-2012 (Streebog): a ГОСТ signer brings its own —
	// a cryptographic provider linked in, or its signing service's
	// hashing.
	Sum func(parts ...[]byte) ([]byte, error)
	// Hash is passed to Signer.Sign; 0 when Go does not know the digest.
	Hash crypto.Hash
}

// AlgorithmSigner is a Signer that states its algorithms: a key Go's
// crypto does not know — ГОСТ Р 34.10-2012 in a token, an HSM or a
// remote service such as КриптоПро DSS, which signs a hash — signs
// through it. Sign then gets the digest of the signed attributes made
// with Sum, and returns the signature value as CMS carries it for
// that algorithm (for ГОСТ Р 34.10-2012 the 64 or 128 bytes a ГОСТ
// provider returns). A Signer that is not an AlgorithmSigner is RSA or
// ECDSA with SHA-256, as its certificate's key says.
type AlgorithmSigner interface {
	Signer
	Algorithms() Algorithms
}

// Object identifiers of ГОСТ Р 34.10-2012 and 34.11-2012 (ТК 26,
// Р 50.1.113-2016), for AlgorithmSigner implementations.
var (
	OIDGOST3411_2012_256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	OIDGOST3411_2012_512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 3}
	OIDGOST3410_2012_256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1}
	OIDGOST3410_2012_512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 2}
)

// algorithmsOf is what s states, or RSA/ECDSA with SHA-256 for its
// certificate's key.
func algorithmsOf(s Signer) (Algorithms, error) {
	if as, ok := s.(AlgorithmSigner); ok {
		a := as.Algorithms()
		if len(a.Digest.Algorithm) == 0 || len(a.Signature.Algorithm) == 0 || a.Sum == nil {
			return Algorithms{}, errors.New("подписант не указал алгоритмы хеширования и подписи или функцию хеширования")
		}
		return a, nil
	}
	if u, ok := s.(uncheckedSigner); ok {
		return algorithmsOf(u.Signer)
	}
	cert := s.Certificate()
	if cert == nil {
		return Algorithms{}, errors.New("нет сертификата подписанта")
	}
	sig, err := signatureAlgorithm(cert)
	if err != nil {
		return Algorithms{}, err
	}
	return Algorithms{Digest: pkix.AlgorithmIdentifier{Algorithm: oidSHA256}, Signature: sig, Sum: sha256Sum, Hash: crypto.SHA256}, nil
}

// sha256Sum is Algorithms.Sum for SHA-256.
func sha256Sum(parts ...[]byte) ([]byte, error) {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil), nil
}

// isGOST reports a ГОСТ digest or signature algorithm.
func isGOST(a pkix.AlgorithmIdentifier) bool {
	return len(a.Algorithm) > 3 && a.Algorithm[0] == 1 && a.Algorithm[1] == 2 && a.Algorithm[2] == 643
}

// ErrGOSTNotVerified is the verdict on a signature made with ГОСТ
// algorithms: Kartograf makes them through an AlgorithmSigner but has no
// ГОСТ implementation to check them.
var ErrGOSTNotVerified = errors.New("подпись по ГОСТ Р 34.10-2012: Kartograf не проверяет алгоритмы ГОСТ — проверьте её средством с ГОСТ (КриптоПро CSP, OpenSSL с модулем gost)")
