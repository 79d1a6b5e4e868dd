// Command kartograf renders roadmaps («дорожные карты») and their analyses
// from JSON into official documents through versioned templates; the
// commands live in internal/cli (kartograf help lists them).
//
// The HTTP service is the separate program kartograf-serve, which
// `kartograf serve` starts: this binary, started once per document by
// scripts, does not link pkg/service, whose packages were half of a cold
// process's package initialisation (issue 16). deps_test.go keeps them out.
package main

import (
	"os"

	"github.com/kartograf-ru/kartograf/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:]))
}
