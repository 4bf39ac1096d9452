// Package checked holds the seed dataset as seed.Load returns it, read and checked, written as Go
// by seed/gen (`go generate ./seed`), so that the server starts without reading and checking the
// seed files again: the data is compiled into the binary as it will be served.
//
// Sum says which seed files it was generated from; Load serves it only when they are the files
// embedded in the binary (seed.Sum), and otherwise reads and checks them. The tests check that
// it is what seed.Load returns, and CI that `go generate ./...` changes nothing.
package checked
