// Command kartograf renders roadmaps («дорожные карты») and their analyses
// from JSON into official documents through versioned templates; the
// commands live in internal/cli (kartograf help lists them).
//
// The HTTP service is the separate program kartograf-serve: kartograf serve
// starts it, so that this binary — started once per document by scripts —
// does not initialise the service's packages (issue 16: cold start).
package main

import (
	"os"

	"github.com/kartograf-ru/kartograf/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:]))
}
