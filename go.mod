module kartograf

go 1.26

require (
	github.com/go-fonts/dejavu v0.3.2
	github.com/go-fonts/liberation v0.3.3
	github.com/signintech/gopdf v0.37.0
	golang.org/x/image v0.18.0
)

require (
	github.com/phpdave11/gofpdi v1.0.14-0.20211212211723-1f10f9844311 // indirect
	github.com/pkg/errors v0.8.1 // indirect
	golang.org/x/text v0.16.0 // indirect
)
