package cli

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// exitUntrusted is verify's outcome for signatures that are intact but
// whose certificate does not chain to a trusted root (self-signed, or an
// unknown issuer) — as pdfsig tells the two apart.
const exitUntrusted = 3

// verify checks every signature of a PDF and prints each check on its
// own line. Exit 0: all valid and trusted; 1: any not valid (or none, or
// the file changed after signing); 3: all valid, some not trusted or with
// a DSS that does not show their chain unrevoked.
func (c *cli) verify(args []string) int {
	fs, _ := c.flags("verify")
	rootsFile := fs.String("roots", "", "доверенные корневые сертификаты PEM (по умолчанию — системные)")
	return c.invoke(fs, nil, args, exactly(1, "укажите один файл PDF"), func(pos []string, _ *kartograf.Engine) int {
		var opt sign.VerifyOptions
		if *rootsFile != "" {
			var err error
			if opt.Roots, err = loadRoots(*rootsFile); err != nil {
				fmt.Fprintln(c.stderr, "verify:", russianOS(err))
				return exitUsage
			}
		}
		data, err := os.ReadFile(pos[0])
		if err != nil {
			return c.report("verify", err)
		}
		sigs, err := sign.VerifyWith(data, opt)
		if err != nil {
			return c.report(pos[0], err)
		}
		code := exitOK
		for i, s := range sigs {
			ts := s.TimeStamp
			switch {
			case !s.Valid || ts != nil && !ts.Valid:
				code = exitFail
			case (!s.Trusted || ts != nil && !ts.Trusted || s.LongTerm && !s.RevocationChecked) && code == exitOK:
				code = exitUntrusted
			}
			c.printSignature(i+1, s)
		}
		return code
	})
}

func (c *cli) printSignature(n int, s sign.Signature) {
	verdict := "подпись верна, сертификат доверенный"
	switch {
	case !s.Valid:
		verdict = "ПОДПИСЬ НЕ ВЕРНА: " + s.Problem
	case !s.Trusted:
		verdict = "подпись верна, но " + s.TrustProblem
	}
	owner := s.Signer
	if !s.Integrity && owner != "" {
		owner += " (так записано в сертификате подписи; НЕ подтверждено)"
	}
	w := c.stdout
	fmt.Fprintf(w, "Подпись %d: %s\n", n, verdict)
	fmt.Fprintf(w, "  Владелец: %s\n", owner)
	fmt.Fprintf(w, "  Сертификат: %s, действителен с %s по %s\n", s.Serial, s.NotBefore.Format("02.01.2006"), s.NotAfter.Format("02.01.2006"))
	fmt.Fprintf(w, "  Время подписи: %s (сертификат проверен на %s, %s)\n", s.Time, s.CheckedAt.UTC().Format("02.01.2006 15:04:05 UTC"), timeSource(s.TimeSource))
	if s.TimeStamp != nil {
		fmt.Fprintf(w, "  Метка времени: %s\n", timeStampLine(s.TimeStamp))
	}
	fmt.Fprintf(w, "  Тип: %s\n", s.SubFilter)
	fmt.Fprintf(w, "  Целостность: %s\n", check(s.Integrity, "документ, подпись и сертификат не изменены", s.IntegrityProblem))
	if s.Cert != nil {
		fmt.Fprintf(w, "  Доверие: %s\n", check(s.Trusted, "цепочка до доверенного корневого сертификата построена", s.TrustProblem))
		fmt.Fprintf(w, "  Срок действия сертификата на время подписи: %s\n", check(s.CertValidAtTime, "действителен", s.CertProblem))
		fmt.Fprintf(w, "  Назначение ключа: %s\n", check(s.KeyUsageOK, "электронная подпись (digitalSignature или nonRepudiation)", s.CertProblem))
	}
	if s.LongTerm {
		fmt.Fprintf(w, "  Проверка отзыва по данным в файле (DSS): %s\n", check(s.RevocationChecked,
			"сертификаты цепочки не отозваны на время подписи", s.RevocationProblem))
	}
	whole := "весь файл"
	if !s.WholeFile {
		whole = "НЕ весь файл"
	}
	fmt.Fprintf(w, "  Покрывает: %s\n", whole)
	switch {
	case s.WholeFile:
		fmt.Fprintln(w, "  Изменения после подписи: нет")
	case len(s.Updates) == 0:
		fmt.Fprintln(w, "  Изменения после подписи: после подписи в файл дописаны данные")
	default:
		var list []string
		for _, u := range s.Updates {
			list = append(list, fmt.Sprintf("%d (%s)", u.Object, u.What))
		}
		head := "обновление файла после подписи"
		if s.ContentChanged {
			head = "ПОСЛЕ ПОДПИСИ ИЗМЕНЕНО СОДЕРЖИМОЕ СТРАНИЦ"
		}
		fmt.Fprintf(w, "  Изменения после подписи: %s; объекты %s\n", head, strings.Join(list, ", "))
	}
}

func check(ok bool, yes, no string) string {
	if ok {
		return yes
	}
	return "НЕТ — " + no
}

func timeSource(src string) string {
	switch src {
	case "signing-time":
		return "время из подписанного атрибута signing-time"
	case "/M":
		return "время /M словаря подписи"
	case "verify":
		return "заданное время"
	case "timestamp":
		return "время доверенной метки времени"
	}
	return "время в подписи не найдено, взято текущее " + time.Now().UTC().Format("02.01.2006")
}

// loadRoots reads the trusted root certificates for verify --roots.
// loadCerts reads every certificate of the PEM file a flag names.
func loadCerts(flag, path string) ([]*x509.Certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	var out []*x509.Certificate
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s %s: сертификат %d не читается: %w", flag, path, len(out)+1, err)
		}
		out = append(out, cert)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s %s: в файле нет сертификатов PEM", flag, path)
	}
	return out, nil
}

func loadRoots(path string) (*x509.CertPool, error) {
	certs, err := loadCerts("--roots", path)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool, nil
}

// certHint names the override after a refused signing certificate.
func certHint(err error) error {
	var ce *sign.CertificateError
	if errors.As(err, &ce) {
		return fmt.Errorf("%w (для тестовых ключей: --allow-invalid-cert)", err)
	}
	return err
}
