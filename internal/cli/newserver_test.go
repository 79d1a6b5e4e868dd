package cli

import (
	"github.com/kartograf-ru/kartograf/pkg/service"
	"github.com/kartograf-ru/kartograf/pkg/service/config"
)

// The serve tests run the real service in this process, as
// cmd/kartograf-serve does; tests of the kartograf binary's serve, which
// starts kartograf-serve, set NewServer to nil for their duration.
func init() { NewServer = serviceServer }

func serviceServer(c config.Config) (Server, error) {
	srv, err := service.New(c)
	if err != nil {
		return nil, err
	}
	return srv, nil
}
