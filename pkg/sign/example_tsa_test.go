package sign_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// Sign with a time-stamp from a TSA (PAdES B-T) and read its time back.
// The TSA that does not answer within Timeout (retries included) makes
// SignPDFContext fail with a *sign.TSAError wrapping sign.ErrTSATimeout.
func ExampleHTTPTimeStamper() {
	signPDF := func(pdf []byte, signer sign.Signer) ([]byte, error) {
		tsa := &sign.HTTPTimeStamper{URL: "https://tsa.example.ru/tsp", Timeout: 10 * time.Second, Retries: 2}
		return sign.SignPDFContext(context.Background(), pdf, signer, sign.Options{Time: time.Now(), TSA: tsa})
	}
	report := func(signed []byte) {
		sigs, err := sign.Verify(signed)
		if err != nil {
			fmt.Println(err)
			return
		}
		if ts := sigs[0].TimeStamp; ts != nil && ts.Valid {
			fmt.Println("Метка времени:", ts.Time.Format("02.01.2006 15:04:05 UTC"), ts.TSA)
		}
	}
	_, _ = signPDF, report
}
