//go:build !unix

package main

// openFileLimit reports no limit of open files where the system has none to ask.
func openFileLimit() (uint64, error) { return 0, nil }
