package analyzerdoc

import "testing"

func TestExtract(t *testing.T) {
	src := "// Package p does things.\n//\n// # Analyzer p\n//\n// p: check something\n//\n// Details.\npackage p\n"
	if got, want := Extract(src, "p"), "check something\n\nDetails."; got != want {
		t.Errorf("Extract(p) = %q, want %q", got, want)
	}
	// Without the section, the whole comment rather than a panic.
	if got, want := Extract(src, "q"), "Package p does things.\n\n# Analyzer p\n\np: check something\n\nDetails."; got != want {
		t.Errorf("Extract(q) = %q, want %q", got, want)
	}
}
