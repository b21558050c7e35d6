//go:build nnvetdebug

package actholds

import (
	"fmt"
	"os"
)

// debugf traces the stage's decisions in a build with -tags nnvetdebug.
func debugf(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
