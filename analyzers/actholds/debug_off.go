//go:build !nnvetdebug

package actholds

// debugf traces the stage's decisions in a build with -tags nnvetdebug.
func debugf(string, ...any) {}
