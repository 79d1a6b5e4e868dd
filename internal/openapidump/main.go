// Command openapidump writes the OpenAPI document the service serves at
// /openapi.json, without starting the service: CI lints it and generates
// clients from it (.ci/steps/30-openapi.sh).
//
//	go run ./internal/openapidump -o openapi.json
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/kartograf-ru/kartograf/pkg/service"
)

func main() {
	out := flag.String("o", "-", "файл для записи (- — стандартный вывод)")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "openapidump:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	spec, err := service.OpenAPI()
	if err != nil {
		return err
	}
	spec = append(spec, '\n')
	if out == "-" {
		_, err = os.Stdout.Write(spec)
		return err
	}
	if err := os.WriteFile(out, spec, 0o644); err != nil {
		return fmt.Errorf("запись %s: %w", out, err)
	}
	return nil
}
