package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"slices"
	"syscall"
	"testing"
)

func TestNewScenario(t *testing.T) {
	u := newScenario(scUnsigned, "127.0.0.1:9000", "secret")
	if u.url != "http://127.0.0.1:9000/v1/render?format=pdf" || u.token != "" || u.signed {
		t.Errorf("unsigned = %+v: the token must only go with signed requests", u)
	}
	s := newScenario(scSigned, "127.0.0.1:9000", "secret")
	if s.url != "http://127.0.0.1:9000/v1/render?format=pdf&sign=true" || s.token != "secret" || !s.signed {
		t.Errorf("signed = %+v", s)
	}
}

func TestCheckPDF(t *testing.T) {
	signed := []byte("%PDF-1.7 ... /ByteRange [0 1 2 3] /SubFilter /ETSI.CAdES.detached")
	for _, tc := range []struct {
		pdf    string
		signed bool
		want   string
	}{
		{"%PDF-1.7 body", false, ""},
		{string(signed), true, ""},
		{"<html>oops</html>", false, "status 200 without %PDF- header"},
		{"%PDF-1.7 body", true, "signed PDF without /ByteRange"},
		{"%PDF-1.7 /ByteRange adbe.pkcs7.detached", true, "signed PDF without ETSI.CAdES.detached"},
	} {
		if got := checkPDF([]byte(tc.pdf), tc.signed); got != tc.want {
			t.Errorf("checkPDF(%q, %v) = %q, want %q", tc.pdf, tc.signed, got, tc.want)
		}
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout on 127.0.0.1:54321" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// TestErrorKind: transport errors are counted by kind, without the
// addresses and ports that would make every one distinct.
func TestErrorKind(t *testing.T) {
	wrap := func(err error) error {
		return &url.Error{Op: "Post", URL: "http://127.0.0.1:9000/v1/render", Err: &net.OpError{Op: "dial", Net: "tcp", Err: err}}
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{wrap(os.NewSyscallError("connect", syscall.ECONNREFUSED)), "transport: connection refused"},
		{wrap(os.NewSyscallError("read", syscall.ECONNRESET)), "transport: connection reset"},
		{wrap(os.NewSyscallError("write", syscall.EPIPE)), "transport: broken pipe"},
		{fmt.Errorf("body: %w", io.ErrUnexpectedEOF), "transport: unexpected EOF"},
		{&url.Error{Op: "Post", URL: "http://x", Err: io.EOF}, "transport: unexpected EOF"},
		{&url.Error{Op: "Post", URL: "http://x", Err: timeoutErr{}}, "transport: timeout"},
		{&url.Error{Op: "Post", URL: "http://x", Err: errors.New("something odd")}, "transport: something odd"},
	} {
		if got := errorKind(tc.err); got != tc.want {
			t.Errorf("errorKind(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestServerEnv(t *testing.T) {
	got := serverEnv([]string{"PATH=/bin", "KARTOGRAF_TOKENS=x", "HOME=/root", "KARTOGRAF_ADDR=:1", "XKARTOGRAF_KEEP=1"})
	if want := []string{"PATH=/bin", "HOME=/root", "XKARTOGRAF_KEEP=1"}; !slices.Equal(got, want) {
		t.Errorf("serverEnv = %q, want %q", got, want)
	}
}

func TestSeedDocument(t *testing.T) {
	body, err := seedDocument()
	if err != nil {
		t.Fatal(err)
	}
	if len(body) == 0 || body[0] != '{' {
		t.Errorf("seed document starts %q, want JSON", body[:min(len(body), 20)])
	}
}
