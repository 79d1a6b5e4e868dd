// A module of its own, so that a CI tool does not make golang.org/x/mod a
// direct requirement of the library. Being a separate module, this directory
// is also left out of the library's module zip, as on any real proxy.
module github.com/kartograf-ru/kartograf/internal/modproxy

go 1.26

require golang.org/x/mod v0.28.0
