// Command kartograf-serve is Kartograf's HTTP service: the API, the web
// page for methodologists, metrics and probes (pkg/service).
//
//	kartograf-serve [--addr 127.0.0.1:8080] [--tokens-file F] [--p12 F | --key K --cert C]
//
// Its flags, environment variables, help and messages are those of
// `kartograf serve` (internal/cli), which starts this program. It is a
// program of its own so that the kartograf CLI, started once per document,
// does not initialise the service's packages (issue 16: they were half of
// a cold CLI process's package initialisation). kartograf-serve -h lists
// every flag.
package main

import (
	"os"

	"github.com/kartograf-ru/kartograf/internal/cli"
	"github.com/kartograf-ru/kartograf/pkg/service"
	"github.com/kartograf-ru/kartograf/pkg/service/config"
)

func main() {
	cli.NewServer = newServer
	os.Exit(cli.ServeMain(os.Args[1:]))
}

// newServer is service.New as the CLI's serve command wants it. A failed
// New returns a nil interface, not a typed nil pointer in one.
func newServer(c config.Config) (cli.Server, error) {
	srv, err := service.New(c)
	if err != nil {
		return nil, err
	}
	return srv, nil
}
