//go:build !nnvetdebug

package recomputeact

// debugf traces the stage's decisions in a build with -tags nnvetdebug.
func debugf(string, ...any) {}
