// Command kartograf renders roadmaps («дорожные карты») and their analyses
// from JSON into official documents through versioned templates; the
// commands live in internal/cli (kartograf help lists them).
package main

import (
	"os"

	"github.com/kartograf-ru/kartograf/internal/cli"
	"github.com/kartograf-ru/kartograf/pkg/service"
	"github.com/kartograf-ru/kartograf/pkg/service/config"
)

func main() {
	cli.NewServer = newServer
	os.Exit(cli.Main(os.Args[1:]))
}

// newServer is service.New as the CLI's serve command wants it.
func newServer(c config.Config) (cli.Server, error) {
	srv, err := service.New(c)
	if err != nil {
		return nil, err
	}
	return srv, nil
}
